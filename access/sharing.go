package access

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// SharedField is one fact children's social care shares with a partner
// agency about a child both know: the minimum its work needs, as an
// information-sharing agreement would list it, never the record itself.
type SharedField struct {
	ID    string
	Label string
	// Why the agency needs it, shown to the partner beside the answer.
	Why   string
	Value string
	// derive works the value out of the child's kept cells.
	derive func(cells []Cell) string
}

// Cell is one kept cell of a child's return, as the sharing rules read it.
type Cell struct {
	Kind  string // "903" or "cin"
	Year  int
	Table string
	Row   int
	Field string
	Value string
}

var (
	lookedAfter = SharedField{ID: "looked_after", Label: "Looked after by the council",
		Why: "so that the child's social worker is told of any contact", derive: deriveLookedAfter}
	legalStatus = SharedField{ID: "legal_status", Label: "Legal status",
		Why: "who holds parental responsibility, and who must be told", derive: latestEpisode("LS", legalStatuses)}
	placement = SharedField{ID: "placement", Label: "Type of placement",
		Why: "where the child lives and who cares for them day to day", derive: latestEpisode("PLACE", placementTypes)}
	missing = SharedField{ID: "missing", Label: "Missing or away from placement in the latest year",
		Why: "to plan a return-home interview and spot a pattern", derive: deriveMissing}
	protection = SharedField{ID: "child_protection", Label: "On a child protection plan",
		Why: "so that concerns reach the lead professional at once", derive: deriveProtection}
)

// Sharing is the information-sharing agreement: for each partner agency
// (by its source name in the person index), the fields it is told. A
// partner sees these and nothing else of a child's records.
var Sharing = map[string][]SharedField{
	"police":        {lookedAfter, legalStatus, placement, missing, protection},
	"health":        {lookedAfter, placement, protection},
	"school_census": {lookedAfter, protection},
}

// Shared works out the fields agency is told from a child's kept cells.
func Shared(agency string, cells []Cell) []SharedField {
	var out []SharedField
	for _, f := range Sharing[agency] {
		f.Value = f.derive(cells)
		out = append(out, f)
	}
	return out
}

// episodes are the child's SSDA903 episodes of the latest kept year, in
// order of their start.
func episodes(cells []Cell) []map[string]string {
	var out []map[string]string
	for _, r := range latestRows(cells, "903", "Episodes") {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return ukDate(out[i]["DECOM"]).Before(ukDate(out[j]["DECOM"])) })
	return out
}

// latestRows gathers the rows of one table of the latest kept year of a
// kind of return, each as field → value.
func latestRows(cells []Cell, kind, table string) map[int]map[string]string {
	latest := 0
	for _, c := range cells {
		if c.Kind == kind {
			latest = max(latest, c.Year)
		}
	}
	rows := map[int]map[string]string{}
	for _, c := range cells {
		if c.Kind == kind && c.Year == latest && c.Table == table {
			if rows[c.Row] == nil {
				rows[c.Row] = map[string]string{}
			}
			rows[c.Row][c.Field] = c.Value
		}
	}
	return rows
}

func ukDate(s string) time.Time {
	t, _ := time.Parse("02/01/2006", strings.TrimSpace(s))
	return t
}

func deriveLookedAfter(cells []Cell) string {
	eps := episodes(cells)
	if len(eps) == 0 {
		return "Not in the latest return"
	}
	last := eps[len(eps)-1]
	if strings.TrimSpace(last["DEC"]) == "" {
		return "Yes, at the end of the latest return"
	}
	return "No: care ended on " + last["DEC"]
}

func latestEpisode(field string, names map[string]string) func([]Cell) string {
	return func(cells []Cell) string {
		eps := episodes(cells)
		if len(eps) == 0 {
			return "Not known"
		}
		code := strings.TrimSpace(eps[len(eps)-1][field])
		if n, ok := names[code]; ok {
			return fmt.Sprintf("%s (%s)", n, code)
		}
		if code == "" {
			return "Not known"
		}
		return code
	}
}

func deriveMissing(cells []Cell) string {
	n := map[string]int{}
	for _, r := range latestRows(cells, "903", "Missing") {
		n[strings.ToUpper(strings.TrimSpace(r["MISSING"]))]++
	}
	if n["M"]+n["A"] == 0 {
		return "None recorded"
	}
	return fmt.Sprintf("missing %s, away without authorisation %s", times(n["M"]), times(n["A"]))
}

func deriveProtection(cells []Cell) string {
	kept := false
	for _, c := range cells {
		kept = kept || c.Kind == "cin"
	}
	if !kept {
		return "Not known: no CIN census kept"
	}
	for _, p := range latestRows(cells, "cin", "ChildProtectionPlans") {
		if p["CPPstartDate"] != "" && strings.TrimSpace(p["CPPendDate"]) == "" {
			return "Yes, since " + p["CPPstartDate"]
		}
	}
	return "No"
}

// legalStatuses are the SSDA903 legal status codes (DfE, SSDA903 guide).
var legalStatuses = map[string]string{
	"C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order granted", "E1": "Placement order granted",
	"J1": "Remanded to local authority accommodation", "J2": "Placed in local authority accommodation under PACE",
	"J3": "Sentenced to a youth rehabilitation order with residence requirement", "L1": "Under police protection",
	"L2": "Emergency protection order", "L3": "Child assessment order", "V2": "Single period of accommodation under section 20",
	"V3": "Accommodated under an agreed series of short-term breaks", "V4": "Accommodated under an agreed series of short-term breaks (single placements)",
}

// placementTypes are the SSDA903 placement codes (DfE, SSDA903 guide).
var placementTypes = map[string]string{
	"A3": "Placed for adoption with consent, with current foster carer", "A4": "Placed for adoption with consent, not with current foster carer",
	"A5": "Placed for adoption with placement order, with current foster carer", "A6": "Placed for adoption with placement order, not with current foster carer",
	"H5": "Semi-independent living", "K1": "Secure children's home", "K2": "Children's home", "P1": "Placed with own parents",
	"P2": "Independent living", "P3": "Residential employment", "R1": "Residential care home", "R2": "NHS or health trust establishment",
	"R3": "Family centre or mother and baby unit", "R5": "Young offender institution or prison", "S1": "All residential schools",
	"T0": "Temporary placement", "U1": "Foster placement with relative or friend, long term", "U2": "Foster placement with relative or friend, fostering for adoption",
	"U3": "Foster placement with relative or friend, not long term", "U4": "Foster placement with other foster carer, long term",
	"U5": "Foster placement with other foster carer, fostering for adoption", "U6": "Foster placement with other foster carer, not long term",
	"Z1": "Other placement",
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}
