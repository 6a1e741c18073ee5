package main

import (
	"time"

	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/consult"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/enrol"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/pointsvc"
	"jikimi/healthcare/survey"
	"jikimi/policy"
	"jikimi/welfare/alerts"
	"jikimi/welfare/cases"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
)

// policyIDs are the policy IDs every service package names in its code
// (each package's PolicyIDs): serve refuses to start when the policy in
// force does not declare one of them. A package that declares PolicyIDs is
// listed here (TestEveryPolicyIDsIsChecked).
var policyIDs = []policy.IDs{
	cityinfo.PolicyIDs, consult.PolicyIDs, devices.PolicyIDs, enrol.PolicyIDs, ingest.PolicyIDs, pointsvc.PolicyIDs, survey.PolicyIDs,
	alerts.PolicyIDs, cases.PolicyIDs, members.PolicyIDs, newsletter.PolicyIDs, noticeContactIDs[0], noticeContactIDs[1],
}

// checkPolicyIDs is the start-up check of policyIDs against reg at now.
func checkPolicyIDs(reg *policy.Registry, now time.Time) error {
	return policy.CheckIDs(reg, now, policyIDs...)
}
