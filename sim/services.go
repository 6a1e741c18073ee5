package sim

import (
	"jikimi/healthcare/devices"
	"jikimi/healthcare/enrol"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/pointsvc"
	"jikimi/healthcare/provision"
	"jikimi/welfare/alerts"
	"jikimi/welfare/cases"
	"jikimi/welfare/members"
	"jikimi/welfare/newsletter"
)

// Services are the services' own code paths the simulator drives people
// through. Each one left nil leaves its records to the simulator's direct
// driver, which stores them and fires their events through the gate itself
// and marks their rules "direct" in the report.
type Services struct {
	Enrol      *enrol.Service    // healthcare enrolment and withdrawal
	Devices    *devices.Registry // watch linking
	Ingest     *ingest.Ingester  // the watch's sync (needs Devices: a watch linked through the registry)
	Members    *members.Service  // Bokjiro sign-up and the 행복e음 link
	Alerts     *alerts.Service   // 복지알림이 subscriptions
	Newsletter *newsletter.Service
	Cases      *cases.Cases        // applications, help requests, fraud reports, searches, 나의 복지서비스
	Points     *pointsvc.Service   // conversion of earned points into 서울페이 by the card company
	Provisions *provision.Consents // the participant's consent to the card company's provision
}

// source is the address the simulated people act from.
const source = "127.0.0.1"

// simPassword is every synthetic person's password: strong enough for the
// services' checks, and obviously synthetic.
const simPassword = "가상-Sim-Passw0rd!"
