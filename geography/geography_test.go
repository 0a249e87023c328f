package geography

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/snapshot"
)

func TestCanonical(t *testing.T) {
	r := Default()
	for from, to := range map[string]string{
		"E10000023": "E06000065", // North Yorkshire became unitary
		"E08000016": "E08000038", // Barnsley's boundary change
		"E08000019": "E08000039", // Sheffield
		"E10000002": "E06000060", // Buckinghamshire
		"E10000027": "E06000066", // Somerset
		"E06000065": "E06000065", // already current
		"E10000021": "E10000021", // Northamptonshire split: its series ends, nothing continues it
		"E10000006": "E10000006", // Cumbria split
		"E06000028": "E06000028", // Bournemouth merged
		"E06000001": "E06000001",
		"E99999999": "E99999999", // unknown codes are left alone
	} {
		if got := r.Canonical(from); got != to {
			t.Errorf("Canonical(%s) = %s, want %s", from, got, to)
		}
	}
	if got := fmt.Sprint(r.Aliases("E08000038")); got != "[E08000016 E08000038]" {
		t.Errorf("Aliases(Barnsley) = %s", got)
	}
	if got := fmt.Sprint(r.Aliases("E06000061")); got != "[E06000061]" {
		t.Errorf("Aliases(North Northamptonshire) = %s", got)
	}
}

func TestReorganisations(t *testing.T) {
	r := Default()
	north := r.Council("E10000021")
	if north == nil || north.Name != "Northamptonshire" || north.Current || north.LastYear != 2021 ||
		fmt.Sprint(north.Successors) != "[E06000061 E06000062]" || len(north.Predecessors) != 0 {
		t.Errorf("Northamptonshire %+v", north)
	}
	for _, code := range []string{"E06000061", "E06000062"} {
		c := r.Council(code)
		if c == nil || !c.Current || c.FirstYear != 2022 || fmt.Sprint(c.Predecessors) != "[E10000021]" || c.LastYear != 0 {
			t.Errorf("%s %+v", code, c)
		}
	}
	barnsley, newBarnsley := r.Council("E08000016"), r.Council("E08000038")
	if barnsley.Current || barnsley.LastYear != 2024 || fmt.Sprint(barnsley.Successors) != "[E08000038]" {
		t.Errorf("old Barnsley %+v", barnsley)
	}
	if !newBarnsley.Current || newBarnsley.FirstYear != 2025 || newBarnsley.OldCode != "370" || barnsley.OldCode != "370" {
		t.Errorf("new Barnsley %+v", newBarnsley)
	}
	bcp := r.Council("E06000058")
	if fmt.Sprint(bcp.Predecessors) != "[E06000028 E06000029]" || bcp.FirstYear != 2020 {
		t.Errorf("BCP %+v", bcp)
	}
	// Every council named in a change exists, and the from side is no
	// longer current unless it is also a successor.
	current := 0
	for _, c := range r.Councils() {
		if c.Current {
			current++
		}
	}
	formers := map[string]bool{}
	for _, ch := range Changes {
		for _, f := range ch.From {
			formers[f] = true
		}
	}
	if want := len(r.Councils()) - len(formers); current != want {
		t.Errorf("%d current councils, want %d", current, want)
	}
	// England has 153 councils with children's services today.
	if current != 153 {
		t.Errorf("%d current councils, want 153", current)
	}
	// Councils() is ordered by name.
	cs := r.Councils()
	for i := 1; i < len(cs); i++ {
		if cs[i-1].Name > cs[i].Name {
			t.Fatalf("%s before %s", cs[i-1].Name, cs[i].Name)
		}
	}
}

func TestCheck(t *testing.T) {
	r := Default()
	for _, c := range []struct {
		code, old, err string
	}{
		{"E09000021 / E09000027", "314 / 318", ""},
		{"E09000021/E09000027", "314/318", ""},
		{"E09000021 / E09000027", "", ""},
		{"E06000061 / E06000062", "940 / 941", ""},
		{"E06000001", "805", ""},
		{"E06000001", "", ""},
		{"E08000016", "370", ""}, // a former code is still known
		{"E09000021 / E09000027", "318 / 314", "does not match"},
		{"E09000021 / E09000027", "314", "different numbers"},
		{"E09000021 / E09000027", "314 / 318 / 319", "different numbers"},
		{"E09000021", "314 / 318", "different numbers"},
		{"E06000001", "806", "does not match"},
		{"E06009999", "", "unknown local authority code \"E06009999\""},
		{"E09000021 / E06009999", "314 / 999", "unknown local authority code \"E06009999\""},
		{"E07000223", "", "unknown"}, // a district
		{"", "", "unknown"},
	} {
		err := r.Check(c.code, c.old, "Somewhere")
		switch {
		case c.err == "" && err != nil:
			t.Errorf("Check(%q, %q): %v", c.code, c.old, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("Check(%q, %q) = %v, want an error about %q", c.code, c.old, err, c.err)
		}
	}
	if got := fmt.Sprint(JointParts(" E09000021 /E09000027 ")); got != "[E09000021 E09000027]" {
		t.Errorf("JointParts = %s", got)
	}
}

var (
	councilCodeRe = regexp.MustCompile(`^E(06|08|09|10)\d{6}$`)
	oldCodeRe     = regexp.MustCompile(`^\d{3}$`)
)

// TestCouncilList reads councils.csv independently of New.
func TestCouncilList(t *testing.T) {
	rows, err := csv.NewReader(strings.NewReader(councilsCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rows[0]) != "[code old_la_code name region_code region_name]" {
		t.Fatalf("header %v", rows[0])
	}
	regions := map[string]string{}
	for _, a := range Regions {
		regions[a.Code] = a.Name
	}
	r := Default()
	seen := map[string]bool{}
	for i, row := range rows[1:] {
		code, old, name, rc, rn := row[0], row[1], row[2], row[3], row[4]
		if !councilCodeRe.MatchString(code) || !oldCodeRe.MatchString(old) || name == "" || strings.TrimSpace(name) != name {
			t.Errorf("line %d: %v", i+2, row)
		}
		if regions[rc] != rn {
			t.Errorf("line %d: region %s %s", i+2, rc, rn)
		}
		if seen[code] {
			t.Errorf("line %d: %s listed twice", i+2, code)
		}
		seen[code] = true
		if c := r.Council(code); c == nil || c.OldCode != old || c.Name != name || c.RegionCode != rc {
			t.Errorf("register has %+v for line %d", c, i+2)
		}
	}
	if len(r.Councils()) != len(rows)-1 {
		t.Errorf("%d councils in the register, %d in the list", len(r.Councils()), len(rows)-1)
	}
	// Two councils share an LA number only when one's series continues as
	// the other's.
	byOld := map[string][]string{}
	for _, row := range rows[1:] {
		byOld[row[1]] = append(byOld[row[1]], row[0])
	}
	for old, codes := range byOld {
		if len(codes) > 1 {
			for _, c := range codes {
				if r.Canonical(c) != r.Canonical(codes[0]) {
					t.Errorf("LA %s is used by %v, which are not one series", old, codes)
				}
			}
		}
	}
}

// TestSnapshotCouncilCodes checks every council code and LA number in the
// bundled EES files is well formed and known to the register under that
// LA number.
func TestSnapshotCouncilCodes(t *testing.T) {
	r := Default()
	for _, f := range snapshot.Files() {
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		data, err := f.Read()
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		lvl, okL := col["geographic_level"]
		nc, okN := col["new_la_code"]
		oc, okO := col["old_la_code"]
		if !okL || !okN || !okO {
			continue // not an EES file with councils
		}
		n := 0
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			line, _ := cr.FieldPos(0)
			if rec[lvl] != "Local authority" {
				continue
			}
			n++
			codes, olds := JointParts(rec[nc]), JointParts(rec[oc])
			if len(codes) != len(olds) {
				t.Errorf("%s line %d: %q and %q", f.Name, line, rec[nc], rec[oc])
				continue
			}
			for i, c := range codes {
				if !councilCodeRe.MatchString(c) || !oldCodeRe.MatchString(olds[i]) {
					t.Errorf("%s line %d: malformed code %q or LA number %q", f.Name, line, c, olds[i])
				}
				if k := r.Council(c); k == nil || k.OldCode != olds[i] {
					t.Errorf("%s line %d: %s (%s) is not in the register as LA %s", f.Name, line, c, rec[col["la_name"]], olds[i])
				}
			}
			if err := r.Check(rec[nc], rec[oc], rec[col["la_name"]]); err != nil {
				t.Errorf("%s line %d: %v", f.Name, line, err)
			}
		}
		if n == 0 && f.Name != "national_cla_adopted_average_time_between_adoption_process_stages.csv" {
			t.Errorf("%s has no council rows", f.Name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	list := "code,old_la_code,name,region_code,region_name\nE06000001,805,A,E12000001,North East\nE06000002,806,B,E12000001,North East\nE06000003,807,C,E12000001,North East\n"
	if _, err := New(list, []Change{{Year: 2020, Kind: Merger, From: []string{"E06000001"}, To: []string{"E06000009"}}}); err == nil {
		t.Error("a change to an unknown council was accepted")
	}
	if _, err := New(list, []Change{{Year: 2020, Kind: Merger, From: []string{"E06000009"}, To: []string{"E06000001"}}}); err == nil {
		t.Error("a change from an unknown council was accepted")
	}
	// Chains of code changes end at the newest code.
	r, err := New(list, []Change{
		{Year: 2020, Kind: CodeChange, From: []string{"E06000001"}, To: []string{"E06000002"}},
		{Year: 2022, Kind: CodeChange, From: []string{"E06000002"}, To: []string{"E06000003"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Canonical("E06000001") != "E06000003" || r.Canonical("E06000002") != "E06000003" {
		t.Errorf("chain: %s, %s", r.Canonical("E06000001"), r.Canonical("E06000002"))
	}
	if got := fmt.Sprint(r.Aliases("E06000003")); got != "[E06000001 E06000002 E06000003]" {
		t.Errorf("Aliases = %s", got)
	}
	if c := r.Council("E06000002"); c.FirstYear != 2020 || c.LastYear != 2021 || c.Current {
		t.Errorf("middle of the chain %+v", c)
	}
	for _, bad := range []string{"", "code,old_la_code,name\nE06000001,805\n", "code,old_la_code,name\nE06000001,805,A\n", "a,b\n1,2,3\n"} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("New(%q) panicked: %v", bad, p)
				}
			}()
			if _, err := New(bad, nil); err == nil {
				t.Errorf("New(%q) accepted a list without councils", bad)
			}
		}()
	}
}
