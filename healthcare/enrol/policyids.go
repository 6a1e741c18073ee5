package enrol

import "jikimi/policy"

// PolicyIDs are the policy IDs this package names; start-up checks them
// against the policy in force (policy.CheckIDs).
var PolicyIDs = policy.IDs{Package: "healthcare/enrol", Service: ServiceName,
	Purposes: []string{PurposeEnrolment, PurposeHealth, PurposeDelivery, PurposeDuplicate, PurposeCityInfo},
	Rules:    []string{PurposeEnrolment + "/enrolment", PurposeDuplicate + "/duplicate-prevention", PurposeDelivery + "/delivery", PurposeCityInfo + "/city-info"},
	Scopes:   formScopes}
