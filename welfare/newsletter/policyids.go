package newsletter

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "welfare/newsletter", Service: ServiceName, Purposes: []string{Purpose}, Scopes: []string{"purpose:" + Purpose}}
