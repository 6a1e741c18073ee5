// Package policy owns the privacy-policy declaration: its model, loading from
// YAML, the lint against the law (PIPA) and against itself, rendering of the
// public 처리방침, and diffs between versions.
//
// It does no I/O beyond reading declaration files and never touches personal
// data: it only describes what the rest of the system may do with it.
package policy

import "time"

// Policy is one version of one service's privacy policy (개인정보 처리방침).
// Every field that carries `Line` is filled with the line of the YAML node it
// came from, so lint can point at it.
type Policy struct {
	Service   string `yaml:"service"`   // stable service ID, e.g. "seoul-healthcare"
	Version   string `yaml:"version"`   // version ID, by convention the effective date "2006-01-02"
	Effective Date   `yaml:"effective"` // first day this version applies
	Title     string `yaml:"title"`     // Korean title of the document
	Preamble  string `yaml:"preamble"`  // opening paragraph

	Controller    Controller       `yaml:"controller"`
	Purposes      []*Purpose       `yaml:"purposes"`
	Automatic     *Automatic       `yaml:"automatic"`
	AccessLog     AccessLog        `yaml:"access_log"`
	Files         []*FileReg       `yaml:"files"`
	ThirdParties  ThirdParties     `yaml:"third_parties"`
	Consignment   Consignment      `yaml:"consignment"`
	Destruction   Destruction      `yaml:"destruction"`
	Rights        Rights           `yaml:"rights"`
	Security      []*Text          `yaml:"security"`
	Remedies      Remedies         `yaml:"remedies"`
	History       []*PastVersion   `yaml:"history"`
	Pseudonymised *Pseudonymised   `yaml:"pseudonymised"`
	Line          int              `yaml:"-"`
	File          string           `yaml:"-"` // path it was loaded from
	SHA256        string           `yaml:"-"` // hex SHA-256 of the declaration file
	Items         map[string]*Item `yaml:"-"` // item ID -> item (purposes and automatic), filled on load
}

// Controller is the personal-information controller (개인정보처리자) and its contacts.
type Controller struct {
	Name      string     `yaml:"name"`       // full name, e.g. "서울특별시 서울형 헬스케어 시스템"
	ShortName string     `yaml:"short_name"` // how the text refers to it, e.g. "서울시"
	Contacts  []*Contact `yaml:"contacts"`
	Line      int        `yaml:"-"`
}

// Contact is a person or department the public may contact.
type Contact struct {
	Role       string `yaml:"role"` // officer | officer_staff | manager | handler | sector_officer | access_desk
	RoleTitle  string `yaml:"role_title"`
	Department string `yaml:"department"`
	Name       string `yaml:"name"`
	Position   string `yaml:"position"`
	Phone      string `yaml:"phone"`
	Email      string `yaml:"email"`
	Fax        string `yaml:"fax"`
	Address    string `yaml:"address"`
	Note       string `yaml:"note"`
	Line       int    `yaml:"-"`
}

// Purpose is one declared purpose of processing with its items and retention.
type Purpose struct {
	ID          string       `yaml:"id"`
	Title       string       `yaml:"title"` // Korean
	Description string       `yaml:"description"`
	Required    bool         `yaml:"required"` // false: optional (선택), never a condition of the service
	Basis       Basis        `yaml:"basis"`
	Consent     *ConsentSpec `yaml:"consent"`
	Requires    []string     `yaml:"requires"` // purposes that must be in place before this one
	Roles       []string     `yaml:"roles"`    // staff roles that may use this purpose
	Minors      *Minors      `yaml:"minors"`   // set when under-14s may join
	Items       []*Item      `yaml:"items"`
	Retention   []*Retention `yaml:"retention"`
	Line        int          `yaml:"-"`
}

// Basis is the legal basis: consent and/or named statutes.
type Basis struct {
	Consent  bool       `yaml:"consent"`
	Statutes []*Statute `yaml:"statutes"`
	Line     int        `yaml:"-"`
}

// Statute names a law and article, e.g. 「사회보장급여법」 제25조.
type Statute struct {
	Law     string `yaml:"law"`
	Article string `yaml:"article"`
	Line    int    `yaml:"-"`
}

// ConsentSpec says how consent to a purpose is asked.
type ConsentSpec struct {
	Separate      bool   `yaml:"separate"`       // asked on its own (sensitive data, unique identifiers, marketing)
	RefusalCost   string `yaml:"refusal_cost"`   // what refusing costs, shown on the form
	DeniesService bool   `yaml:"denies_service"` // refusing denies the whole service
	Line          int    `yaml:"-"`
}

// Minors declares the handling of children under 14 (Act 22-2).
type Minors struct {
	Allowed               bool     `yaml:"allowed"`                // under-14s may join
	RepresentativeConsent bool     `yaml:"representative_consent"` // the legal representative consents
	RepresentativeItems   []string `yaml:"representative_items"`   // item IDs taken of the representative
	Verification          []string `yaml:"verification"`           // accepted verification methods
	Line                  int      `yaml:"-"`
}

// Item classes.
const (
	ClassGeneral   = "general"   // 일반 개인정보
	ClassSensitive = "sensitive" // 민감정보 (Act 23)
	ClassUniqueID  = "unique_id" // 고유식별정보 (Act 24)
	ClassAuto      = "auto"      // automatically generated or collected
)

// Item is one personal-data item.
type Item struct {
	ID         string `yaml:"id"`
	Name       string `yaml:"name"` // Korean name as published
	Class      string `yaml:"class"`
	Required   bool   `yaml:"required"`
	Identifier string `yaml:"identifier"` // rrn | passport | driver_licence | alien_registration | ci | "" (kind of identifier, if any)
	Purpose    string `yaml:"-"`          // owning purpose ID, filled on load
	Line       int    `yaml:"-"`
}

// Retention is one retention rule. Exactly one shape:
//   - period (from collection):              {period: 2y}
//   - period after an event:                 {period: 90d, after: result_notified}
//   - until an event:                        {until: withdrawal}
//   - a period, or until an event if sooner: {period: 2y, until: withdrawal}
//   - immediately after use:                 {immediate: true}
//   - immediately unless kept with consent:  {immediate: true, keep_with_consent: [1m, 3m]}
type Retention struct {
	ID              string     `yaml:"id"`
	Label           string     `yaml:"label"`  // Korean, e.g. "상세정보"
	Items           []string   `yaml:"items"`  // item IDs this rule covers; empty: every item of the purpose
	Period          Period     `yaml:"period"` // duration
	After           string     `yaml:"after"`  // event the period runs from; empty: collection
	Until           string     `yaml:"until"`  // event that ends retention (with a period: whichever comes first)
	Immediate       bool       `yaml:"immediate"`
	KeepWithConsent []Period   `yaml:"keep_with_consent"`
	Separate        *Separate  `yaml:"separate"` // kept apart (분리보관) under another law
	Basis           []*Statute `yaml:"basis"`    // statutes the period rests on, if any
	Method          string     `yaml:"method"`   // crypto_shred | delete | separate ; empty: crypto_shred
	Text            string     `yaml:"text"`     // the period as the seed words it, rendered when set
	Line            int        `yaml:"-"`
}

// Separate declares separate storage (분리보관, Act 21(3)).
type Separate struct {
	Purpose string `yaml:"purpose"` // the only purpose the kept data may serve
	Line    int    `yaml:"-"`
}

// Retention events the engine knows. A rule naming any other event does not load.
var Events = map[string]string{
	"collection":        "수집",
	"withdrawal":        "회원 탈퇴",
	"unsubscribe":       "수신 거부",
	"watch_linked":      "워치 연동",
	"result_notified":   "결과 통지",
	"completed":         "처리 완료",
	"draft_changed":     "수정",
	"details_destroyed": "상세정보 파기",
	"use":               "이용",
}

// Automatic describes automatically collected items and cookies.
type Automatic struct {
	Intro     string     `yaml:"intro"`
	Purpose   string     `yaml:"purpose"`
	Basis     Basis      `yaml:"basis"`
	Items     []*Item    `yaml:"items"` // retained as long as access logs unless Retention is set
	Retention *Retention `yaml:"retention"`
	Cookies   *Cookies   `yaml:"cookies"`
	Line      int        `yaml:"-"`
}

// Cookies is the cookie notice (Decree 31: how to refuse).
type Cookies struct {
	Intro       string `yaml:"intro"`
	Purpose     string `yaml:"purpose"`
	HowToRefuse string `yaml:"how_to_refuse"`
	RefusalCost string `yaml:"refusal_cost"`
	Line        int    `yaml:"-"`
}

// AccessLog declares how long access logs (접속기록) are kept.
type AccessLog struct {
	Retention Period `yaml:"retention"`
	Line      int    `yaml:"-"`
}

// FileReg is a personal-information-file registration (Act 32).
type FileReg struct {
	Name      string   `yaml:"name"`
	Basis     string   `yaml:"basis"`
	Purpose   string   `yaml:"purpose"`
	Items     []string `yaml:"items"` // names as registered (free text)
	Retention string   `yaml:"retention"`
	Line      int      `yaml:"-"`
}

// ThirdParties lists provisions to third parties (Act 17).
type ThirdParties struct {
	Intro      string       `yaml:"intro"`
	Provisions []*Provision `yaml:"provisions"`
	Line       int          `yaml:"-"`
}

// Provision is one provision to one recipient.
type Provision struct {
	ID              string            `yaml:"id"`
	Recipient       string            `yaml:"recipient"`
	Purpose         string            `yaml:"purpose"`        // the recipient's purpose (Korean)
	SourcePurpose   string            `yaml:"source_purpose"` // our purpose ID the data comes from
	Items           []string          `yaml:"items"`          // item IDs
	ItemLabels      map[string]string `yaml:"item_labels"`    // item ID -> name as the provision words it
	Retention       string            `yaml:"retention"`      // retention at the recipient, as worded
	RetentionPeriod Period            `yaml:"retention_period"`
	ConsentRequired bool              `yaml:"consent_required"`
	Statutes        []*Statute        `yaml:"statutes"` // basis when no consent is asked
	RefusalCost     string            `yaml:"refusal_cost"`
	Line            int               `yaml:"-"`
}

// Consignment lists outsourcing (위탁, Act 26), or says there is none.
type Consignment struct {
	None     bool       `yaml:"none"`
	Trustees []*Trustee `yaml:"trustees"`
	Notes    []string   `yaml:"notes"`
	Line     int        `yaml:"-"`
}

// Trustee is one trustee (수탁자).
type Trustee struct {
	Name string `yaml:"name"`
	Task string `yaml:"task"`
	From Date   `yaml:"from"`
	To   Date   `yaml:"to"`
	Line int    `yaml:"-"`
}

// Destruction states the destruction procedure and method.
type Destruction struct {
	Principle       string `yaml:"principle"`
	Separate        string `yaml:"separate"`
	Procedure       string `yaml:"procedure"`
	Method          string `yaml:"method"`
	OfficerApproves bool   `yaml:"officer_approves"`
	Line            int    `yaml:"-"`
}

// Rights states the rights procedures (Act 35-38).
type Rights struct {
	Intro        string         `yaml:"intro"`
	Procedures   []*Text        `yaml:"procedures"`
	Restrictions []*Restriction `yaml:"restrictions"`
	Forms        []*Form        `yaml:"forms"`
	AccessDesk   []*Text        `yaml:"access_desk"` // 열람청구 text (paragraphs)
	Line         int            `yaml:"-"`
}

// Restriction is a ground on which a right may be limited.
type Restriction struct {
	Right   string   `yaml:"right"` // access | correction | deletion | suspension
	Law     string   `yaml:"law"`
	Grounds []string `yaml:"grounds"`
	Line    int      `yaml:"-"`
}

// Form is an official form.
type Form struct {
	Name string `yaml:"name"`
	Ref  string `yaml:"ref"`
	Line int    `yaml:"-"`
}

// Text is a titled paragraph.
type Text struct {
	Title string `yaml:"title"`
	Body  string `yaml:"body"`
	Line  int    `yaml:"-"`
}

// Remedies lists outside bodies for remedies (권익침해 구제방법).
type Remedies struct {
	Intro  string    `yaml:"intro"`
	Bodies []*Remedy `yaml:"bodies"`
	Appeal string    `yaml:"appeal"`
	Line   int       `yaml:"-"`
}

// Remedy is one outside body.
type Remedy struct {
	Name  string `yaml:"name"`
	Phone string `yaml:"phone"`
	URL   string `yaml:"url"`
	Line  int    `yaml:"-"`
}

// PastVersion is an earlier version listed in the history whose text is not declared here.
type PastVersion struct {
	Version string `yaml:"version"`
	From    Date   `yaml:"from"`
	To      Date   `yaml:"to"`
	Note    string `yaml:"note"`
	Line    int    `yaml:"-"`
}

// Pseudonymised declares pseudonymised-data processing (Act 28-2).
type Pseudonymised struct {
	Purpose       string          `yaml:"purpose"`        // what it is for, as published (Korean)
	SourcePurpose string          `yaml:"source_purpose"` // our purpose ID whose data is pseudonymised
	Items         []string        `yaml:"items"`          // item references
	Roles         *PseudonymRoles `yaml:"roles"`          // who pseudonymises and who re-identifies (operational)
	Text          string          `yaml:"text"`
	Line          int             `yaml:"-"`
}

// PseudonymRoles are the staff roles of pseudonymised processing. The
// gate decides by them: only a pseudonymising role extracts pseudonymised
// data, only a re-identifying role turns a pseudonym back into its
// subject, and no role is both (the key is kept with separate access
// rights, Decree 29-5).
type PseudonymRoles struct {
	Pseudonymise []string `yaml:"pseudonymise"`
	Reidentify   []string `yaml:"reidentify"`
	Line         int      `yaml:"-"`
}

// Date is a calendar date written "2006-01-02".
type Date struct{ time.Time }

// Period is a duration in days, months or years, written "90d", "1m", "2y".
type Period struct {
	N    int
	Unit byte // 'd', 'm', 'y'; 0 when unset
}
