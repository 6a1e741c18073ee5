package sim

// Params are the simulation's behaviour: plausible probabilities chosen to
// exercise every rule, not measurements of the real services. Per-day
// probabilities apply to each person on each simulated day.
type Params struct {
	JoinHealth, JoinWelfare  float64 // share of people who ever join each service
	CityInfo                 float64 // share of participants who consent to 시정정보 (optional)
	LinkWatch                float64 // per day, until the delivered watch is linked
	Sync                     float64 // per day: the app syncs the days since the last sync
	WithdrawHealth           float64 // per day
	Convert                  float64 // per day: earned points converted into 서울페이 (a provision to the card company)
	MembershipLink           float64 // share of members who link 행복e음 (optional)
	Under14                  float64 // share of members under 14, joined with a legal representative's consent (with Config.Phones)
	Alerts, AlertsProfile    float64 // share subscribing to 복지알림이; of those, giving the profile
	Newsletter               float64 // share subscribing to the newsletter
	Unsubscribe, Resubscribe float64 // per day, alerts and newsletter alike
	Search                   float64 // per day: a 복지서비스 찾기 search
	KeepMonth, KeepQuarter   float64 // share of searches kept 1 or 3 months with consent
	MyWelfare                float64 // per day: a 나의 복지서비스 look-up
	Draft                    float64 // per day: start an online application
	EditDraft, Submit        float64 // per day while a draft is open
	Abandon                  float64 // per day while a draft is open
	Notify                   float64 // per day while an application awaits its result
	Help, CompleteHelp       float64 // per day: request help; a request completed
	Fraud                    float64 // per day: report fraud
	WithdrawWelfare          float64 // per day
	ApprovalDelay            int     // the officer approves a plan 0..ApprovalDelay days after it is built
	Rights                   float64 // per day: a rights request (with Config.Rights)
	RightsDelay              int     // the officer sends a result 0..RightsDelay days after receipt (5 more days after an extension)
}

// DefaultParams are the probabilities the simulator runs with unless told.
func DefaultParams() Params {
	return Params{
		JoinHealth: 0.7, JoinWelfare: 0.8, CityInfo: 0.5,
		LinkWatch: 0.15, Sync: 1.0 / 60, WithdrawHealth: 1.0 / 1500, Convert: 1.0 / 90,
		MembershipLink: 0.4, Under14: 0.05, Alerts: 0.4, AlertsProfile: 0.5, Newsletter: 0.3,
		Unsubscribe: 1.0 / 700, Resubscribe: 1.0 / 1500,
		Search: 1.0 / 120, KeepMonth: 0.25, KeepQuarter: 0.15, MyWelfare: 1.0 / 180,
		Draft: 1.0 / 365, EditDraft: 0.3, Submit: 0.1, Abandon: 0.05, Notify: 1.0 / 20,
		Help: 1.0 / 730, CompleteHelp: 1.0 / 14, Fraud: 1.0 / 3000,
		WithdrawWelfare: 1.0 / 2000,
		ApprovalDelay:   2,
		Rights:          1.0 / 500, RightsDelay: 7,
	}
}
