package members

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "welfare/members", Service: ServiceName,
	Purposes: []string{PurposeMember, PurposeLink},
	Rules:    []string{PurposeMember + "/" + ruleMembership, PurposeLink + "/" + ruleLink},
	Scopes:   []string{"purpose:" + PurposeMember, "purpose:" + PurposeLink, "unique:" + PurposeLink}}
