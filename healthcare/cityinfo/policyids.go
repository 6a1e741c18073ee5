package cityinfo

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "healthcare/cityinfo", Service: ServiceName,
	Purposes: []string{Purpose}, Rules: []string{Purpose + "/" + rule}, Scopes: []string{"purpose:" + Purpose}}
