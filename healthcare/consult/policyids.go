package consult

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "healthcare/consult", Service: Service,
	Purposes: []string{Purpose}, Rules: []string{Purpose + "/" + Rule}, Roles: []string{RoleCounsellor}}
