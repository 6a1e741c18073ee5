package alerts

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "welfare/alerts", Service: ServiceName,
	Purposes: []string{PurposeFamily, PurposeProfile, purposeContacts},
	Scopes:   append([]string{"purpose:" + PurposeFamily}, profileScopes...)}
