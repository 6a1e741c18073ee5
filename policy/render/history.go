package render

import (
	"fmt"
	"net/url"

	"jikimi/policy"
)

// HistoryURL is where a service's history page is published.
func HistoryURL(service string) string {
	return "/privacy/" + url.PathEscape(service) + "/history"
}

// VersionURL is where one declared version's full text is published.
func VersionURL(service, version string) string {
	return "/privacy/" + url.PathEscape(service) + "?" + url.Values{"version": {version}}.Encode()
}

func newHistoryPage(service, title string, versions []policy.VersionInfo) historyPage {
	page := historyPage{Title: title}
	for _, v := range versions {
		row := versionRow{Version: v.Version, Period: effectivePeriod(v.From, v.To), Current: v.To.IsZero(), Note: flat(v.Note)}
		if v.Declared {
			row.Href = VersionURL(service, v.Version)
		}
		page.Versions = append(page.Versions, row)
	}
	return page
}

// effectivePeriod writes an effective period as the seeds do: "2023.12.11 ~ 2024.3.3",
// and "2024.3.4 ~ 현재" for the version still in force.
func effectivePeriod(from, to policy.Date) string {
	end := "현재"
	if !to.IsZero() {
		end = dotted(to)
	}
	return dotted(from) + " ~ " + end
}

func dotted(d policy.Date) string {
	return fmt.Sprintf("%d.%d.%d", d.Year(), int(d.Month()), d.Day())
}
