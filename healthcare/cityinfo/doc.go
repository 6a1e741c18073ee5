// Package cityinfo is the optional city-information targeting of the Seoul
// healthcare service (시정정보 제공, 선택): a participant opts in, which
// copies their sex, birth date and district into records of purpose
// city-info; health operators select recipients by district, age band and
// sex, and get back opaque subject IDs of those who consented, nothing else.
//
// It owns hc_cityinfo_members (opaque subject IDs only). It must never use an
// item other than sex, birth date and district, use any of them without
// the city-info consent in force, or return a value to staff.
package cityinfo
