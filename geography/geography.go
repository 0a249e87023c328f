// Package geography knows England's councils with children's services
// responsibilities, past and present, and the reorganisations between them,
// so that series neither break silently when a code changes nor double-count
// when councils merge or split.
package geography

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"github.com/sightline-uk/sightline"
)

// councils.csv lists every council code that appears in DfE's children's
// social care publications 2013–2025, with its DfE LA number and region.
//
//go:embed councils.csv
var councilsCSV string

// Kind says what a reorganisation did to a series.
type Kind string

// Kinds of reorganisation.
const (
	// CodeChange: the same council under a new ONS code (a change of status
	// or a minor boundary change). Its series continue under the new code.
	CodeChange Kind = "code change"
	// Merger: councils combined into a new one. The predecessors' series end;
	// the successor's starts. Nothing is added up across the break.
	Merger Kind = "merger"
	// Split: one council divided into several; as for a merger, series break.
	Split Kind = "split"
	// BoundaryChange: a council continued with a materially different area.
	// Its series break because before and after are not comparable.
	BoundaryChange Kind = "boundary change"
)

// Change is one reorganisation. Year is the first reporting year (ending 31
// March) in which the successors report.
type Change struct {
	Year int      `json:"year"`
	Date string   `json:"date"`
	Kind Kind     `json:"kind"`
	From []string `json:"from"`
	To   []string `json:"to"`
	Note string   `json:"note"`
}

// Changes are the reorganisations affecting children's services councils
// since 2013, from the ONS code history and DfE's statistical releases.
var Changes = []Change{
	{Year: 2020, Date: "2019-04-01", Kind: Merger, From: []string{"E06000028", "E06000029"}, To: []string{"E06000058"},
		Note: "Bournemouth and Poole (with Christchurch, formerly in Dorset) became Bournemouth, Christchurch and Poole."},
	{Year: 2020, Date: "2019-04-01", Kind: BoundaryChange, From: []string{"E10000009"}, To: []string{"E06000059"},
		Note: "Dorset County Council became Dorset Council, a unitary authority, without Christchurch."},
	{Year: 2021, Date: "2020-04-01", Kind: CodeChange, From: []string{"E10000002"}, To: []string{"E06000060"},
		Note: "Buckinghamshire County Council became the unitary Buckinghamshire Council over the same area."},
	{Year: 2022, Date: "2021-04-01", Kind: Split, From: []string{"E10000021"}, To: []string{"E06000061", "E06000062"},
		Note: "Northamptonshire was divided into North Northamptonshire and West Northamptonshire; children's services are delivered for both by Northamptonshire Children's Trust."},
	{Year: 2024, Date: "2023-04-01", Kind: Split, From: []string{"E10000006"}, To: []string{"E06000063", "E06000064"},
		Note: "Cumbria was divided into Cumberland and Westmorland and Furness."},
	{Year: 2024, Date: "2023-04-01", Kind: CodeChange, From: []string{"E10000023"}, To: []string{"E06000065"},
		Note: "North Yorkshire County Council became the unitary North Yorkshire Council over the same area."},
	{Year: 2024, Date: "2023-04-01", Kind: CodeChange, From: []string{"E10000027"}, To: []string{"E06000066"},
		Note: "Somerset County Council became the unitary Somerset Council over the same area."},
	{Year: 2025, Date: "2024-04-01", Kind: CodeChange, From: []string{"E08000016"}, To: []string{"E08000038"},
		Note: "Barnsley took a new code after a minor boundary change with Sheffield."},
	{Year: 2025, Date: "2024-04-01", Kind: CodeChange, From: []string{"E08000019"}, To: []string{"E08000039"},
		Note: "Sheffield took a new code after a minor boundary change with Barnsley."},
}

// Regions are England's nine regions plus the Inner and Outer London
// sub-regions that DfE also reports.
var Regions = []sightline.Area{
	{Code: "E12000001", Name: "North East", Level: sightline.Regional},
	{Code: "E12000002", Name: "North West", Level: sightline.Regional},
	{Code: "E12000003", Name: "Yorkshire and The Humber", Level: sightline.Regional},
	{Code: "E12000004", Name: "East Midlands", Level: sightline.Regional},
	{Code: "E12000005", Name: "West Midlands", Level: sightline.Regional},
	{Code: "E12000006", Name: "East of England", Level: sightline.Regional},
	{Code: "E12000007", Name: "London", Level: sightline.Regional},
	{Code: "E12000008", Name: "South East", Level: sightline.Regional},
	{Code: "E12000009", Name: "South West", Level: sightline.Regional},
	{Code: "E13000001", Name: "Inner London", Level: sightline.Regional},
	{Code: "E13000002", Name: "Outer London", Level: sightline.Regional},
}

// RegionName returns a region's name, or "" for a code that is not one.
func RegionName(code string) string {
	for _, r := range Regions {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

// RegionCodes lists the regions' codes in Regions order.
func RegionCodes() []string {
	out := make([]string, len(Regions))
	for i, r := range Regions {
		out[i] = r.Code
	}
	return out
}

// Register is the set of known councils and how codes relate.
type Register struct {
	councils  map[string]*sightline.Council
	byOld     map[string][]string // DfE LA number → codes that have used it
	canonical map[string]string   // code → the code its series continues under
	order     []string
}

// Default returns the register built from the bundled council list and Changes.
func Default() *Register {
	r, err := New(councilsCSV, Changes)
	if err != nil {
		panic(err) // the bundled list is tested; failure here is a build defect
	}
	return r
}

// New builds a register from a council list (code, old_la_code, name,
// region_code, region_name) and reorganisations.
func New(councilCSV string, changes []Change) (*Register, error) {
	rows, err := csv.NewReader(strings.NewReader(councilCSV)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 || len(rows[0]) < 5 {
		return nil, fmt.Errorf("council list needs a header of code, old_la_code, name, region_code, region_name and at least one council")
	}
	r := &Register{councils: map[string]*sightline.Council{}, byOld: map[string][]string{}, canonical: map[string]string{}}
	for _, row := range rows[1:] {
		c := &sightline.Council{Code: row[0], OldCode: row[1], Name: row[2], RegionCode: row[3], RegionName: row[4], Current: true}
		r.councils[c.Code] = c
		r.byOld[c.OldCode] = append(r.byOld[c.OldCode], c.Code)
		r.order = append(r.order, c.Code)
	}
	for _, ch := range changes {
		for _, f := range ch.From {
			fc := r.councils[f]
			if fc == nil {
				return nil, fmt.Errorf("reorganisation %s: unknown council %s", ch.Date, f)
			}
			fc.Current = false
			fc.LastYear = ch.Year - 1
			fc.Successors = append(fc.Successors, ch.To...)
		}
		for _, t := range ch.To {
			tc := r.councils[t]
			if tc == nil {
				return nil, fmt.Errorf("reorganisation %s: unknown council %s", ch.Date, t)
			}
			tc.FirstYear = ch.Year
			tc.Predecessors = append(tc.Predecessors, ch.From...)
		}
		if ch.Kind == CodeChange {
			r.canonical[ch.From[0]] = ch.To[0]
		}
	}
	// Follow chains of code changes to the newest code.
	for from := range r.canonical {
		to := r.canonical[from]
		for next, ok := r.canonical[to]; ok; next, ok = r.canonical[to] {
			to = next
		}
		r.canonical[from] = to
	}
	sort.Slice(r.order, func(i, j int) bool { return r.councils[r.order[i]].Name < r.councils[r.order[j]].Name })
	return r, nil
}

// Council returns the council with this code, or nil.
func (r *Register) Council(code string) *sightline.Council { return r.councils[code] }

// Councils returns all councils, current and former, by name.
func (r *Register) Councils() []*sightline.Council {
	out := make([]*sightline.Council, 0, len(r.order))
	for _, c := range r.order {
		out = append(out, r.councils[c])
	}
	return out
}

// Canonical returns the code under which code's series continues: itself,
// unless a code change replaced it (E10000023 → E06000065).
func (r *Register) Canonical(code string) string {
	if c, ok := r.canonical[code]; ok {
		return c
	}
	return code
}

// Aliases returns the codes whose series continue as code, code included.
func (r *Register) Aliases(code string) []string {
	out := []string{code}
	for from, to := range r.canonical {
		if to == code {
			out = append(out, from)
		}
	}
	sort.Strings(out)
	return out
}

// JointParts splits a jointly reported area ("E09000021 / E09000027", a
// shared children's service) into its councils; a single code returns itself.
func JointParts(code string) []string {
	parts := strings.Split(code, "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Check reports whether a publication's council codes are known and agree
// with each other. Jointly reported services must name known councils.
func (r *Register) Check(code, oldCode, name string) error {
	codes := JointParts(code)
	olds := JointParts(oldCode)
	if oldCode != "" && len(olds) != len(codes) {
		return fmt.Errorf("new_la_code %q and old_la_code %q name different numbers of councils", code, oldCode)
	}
	for i, c := range codes {
		k := r.councils[c]
		if k == nil {
			return fmt.Errorf("unknown local authority code %q (%s): not a council with children's services in England since 2013", c, name)
		}
		if oldCode != "" && k.OldCode != olds[i] {
			return fmt.Errorf("old_la_code %s does not match new_la_code %s, which is LA %s (%s)", olds[i], c, k.OldCode, k.Name)
		}
	}
	return nil
}
