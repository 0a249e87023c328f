package synthpeople_test

import (
	"bytes"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/linkage/inputs"
	"github.com/sightline-uk/sightline/linkage/synthpeople"
)

func TestDeterministic(t *testing.T) {
	opt := synthpeople.Options{Children: 500, Seed: 7, Rates: synthpeople.DefaultRates()}
	a, b := synthpeople.Generate(opt), synthpeople.Generate(opt)
	for i := range a.Sources {
		if !slices.EqualFunc(a.Sources[i].Rows, b.Sources[i].Rows, slices.Equal) {
			t.Fatalf("%s differs between runs with one seed", a.Sources[i].Source)
		}
	}
	opt.Seed = 8
	c := synthpeople.Generate(opt)
	if slices.EqualFunc(a.Sources[2].Rows, c.Sources[2].Rows, slices.Equal) {
		t.Error("seeds 7 and 8 gave the same health extract")
	}
}

func TestTruthConsistent(t *testing.T) {
	ds := synthpeople.Generate(synthpeople.Options{Children: 2000, Seed: 1, Rates: synthpeople.DefaultRates()})
	people := map[string]*synthpeople.Child{}
	for i := range ds.Children {
		c := &ds.Children[i]
		people[c.PersonID] = c
		if !synthpeople.ValidNHSNumber(c.NHSNumber) {
			t.Fatalf("%s: NHS number %s fails its check digit", c.PersonID, c.NHSNumber)
		}
		if c.UPN != "" && !synthpeople.ValidUPN(c.UPN) {
			t.Fatalf("%s: UPN %s fails its check letter", c.PersonID, c.UPN)
		}
		if c.DOB.After(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)) || c.DOB.Before(time.Date(2007, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("%s: born %v, not a child on 31 March 2025", c.PersonID, c.DOB)
		}
	}
	names := []string{synthpeople.SocialCare, synthpeople.SchoolCensus, synthpeople.Health, synthpeople.Police}
	total := 0
	for i, in := range ds.Sources {
		if in.Source != names[i] {
			t.Errorf("source %d is %q, want %q", i, in.Source, names[i])
		}
		if err := in.Check("record_id"); err != nil {
			t.Error(err)
		}
		ids, _ := in.IDs("record_id")
		for j, id := range ids {
			p, ok := ds.Truth[id]
			c := people[p]
			if !ok || c == nil {
				t.Fatalf("%v has no true person", id)
			}
			// Ids the agency holds are the child's (health and social care
			// NHS numbers may carry a slip; UPNs may be reissued).
			row := in.Rows[j]
			if in.Source == synthpeople.SchoolCensus && row[8] == "" {
				t.Fatalf("%v: a census record without a UPN", id)
			}
			if in.Source == synthpeople.Police && (row[7] != "" || row[8] != "") {
				t.Fatalf("%v: police records hold no NHS number or UPN", id)
			}
			if row[4] != "" && row[4] != c.Sex {
				t.Fatalf("%v: sex %q, child is %q", id, row[4], c.Sex)
			}
		}
		total += len(in.Rows)
	}
	if len(ds.Truth) != total {
		t.Errorf("truth has %d records, sources %d", len(ds.Truth), total)
	}
	// Sizes as designed: health holds 98% of children, police about 8%
	// of children with 2 notifications each on average.
	n := float64(len(ds.Children))
	within(t, "health records per child", float64(len(ds.Sources[2].Rows))/n, 0.98*(1+0.03), 0.02)
	within(t, "police records per child", float64(len(ds.Sources[3].Rows))/n, 0.08*2, 0.03)
}

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
	} else {
		t.Logf("%s = %.4f (set %.4f)", what, got, want)
	}
}

func TestErrorRates(t *testing.T) {
	rates := synthpeople.Rates{Nickname: 0.2, SwapDayMonth: 0.1, Missing: 0.05, Duplicate: 0.05}
	ds := synthpeople.Generate(synthpeople.Options{Children: 6000, Seed: 3, Rates: rates})
	people := map[string]synthpeople.Child{}
	for _, c := range ds.Children {
		people[c.PersonID] = c
	}
	type tally struct{ n, hit int }
	var missing, swapped, nick tally
	policeMissing := tally{}
	health := ds.Sources[2]
	ids, _ := health.IDs("record_id")
	for j, row := range health.Rows {
		c := people[ds.Truth[ids[j]]]
		missing.n++
		if row[1] == "" {
			missing.hit++
		}
		if d, m := c.DOB.Day(), int(c.DOB.Month()); d <= 12 && d != m && row[3] != "" {
			swapped.n++
			if row[3] == time.Date(c.DOB.Year(), time.Month(d), m, 0, 0, 0, 0, time.UTC).Format("2006-01-02") {
				swapped.hit++
			}
		} else if row[3] != "" && row[3] != c.DOB.Format("2006-01-02") {
			t.Fatalf("%v: dob %s changed without a typo rate (true %v)", ids[j], row[3], c.DOB)
		}
		if row[1] != "" && hasNickname(c.FirstName) {
			nick.n++
			if row[1] != c.FirstName {
				nick.hit++
			}
		} else if row[1] != "" && row[1] != c.FirstName {
			t.Fatalf("%v: first name %q for %q without typos", ids[j], row[1], c.FirstName)
		}
	}
	for _, row := range ds.Sources[3].Rows {
		policeMissing.n++
		if row[2] == "" {
			policeMissing.hit++
		}
	}
	r := func(x tally) float64 { return float64(x.hit) / float64(x.n) }
	within(t, "health first names missing", r(missing), 0.05, 0.012)
	within(t, "health dates of birth swapped, where swappable", r(swapped), 0.1, 0.025)
	within(t, "health nicknames, where the name has one", r(nick), 0.2, 0.04)
	within(t, "police surnames missing (three times the rate)", r(policeMissing), 0.15, 0.03)

	// Duplicates: health gives a second record to a share of children
	// equal to the rate.
	per := map[string]int{}
	for _, id := range ids {
		per[ds.Truth[id]]++
	}
	dups := 0
	for _, k := range per {
		if k > 1 {
			dups++
		}
	}
	within(t, "health children with two records", float64(dups)/float64(len(per)), 0.05, 0.012)
}

func TestTypos(t *testing.T) {
	ds := synthpeople.Generate(synthpeople.Options{Children: 6000, Seed: 4, Rates: synthpeople.Rates{Typo: 0.1}})
	health := ds.Sources[2]
	ids, _ := health.IDs("record_id")
	people := map[string]synthpeople.Child{}
	for _, c := range ds.Children {
		people[c.PersonID] = c
	}
	changed, badNHS := 0, 0
	for j, row := range health.Rows {
		c := people[ds.Truth[ids[j]]]
		if row[2] != c.Surname {
			changed++
			if lev(strings.ToLower(row[2]), strings.ToLower(c.Surname)) > 2 {
				t.Fatalf("typo %q of %q is more than a slip", row[2], c.Surname)
			}
		}
		if row[7] != c.NHSNumber {
			badNHS++
		}
	}
	within(t, "health surnames mistyped", float64(changed)/float64(len(health.Rows)), 0.1, 0.015)
	within(t, "health NHS numbers mistyped (a third of the rate)", float64(badNHS)/float64(len(health.Rows)), 0.1/3, 0.01)
}

func hasNickname(name string) bool {
	return synthpeople.Nicknames(name) != nil
}

func lev(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur := make([]int, len(y)+1)
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(y)]
}

func TestDedupe(t *testing.T) {
	var buf bytes.Buffer
	opt := synthpeople.DedupeOptions{Records: 20000, Seed: 5, Rates: synthpeople.DefaultRates()}
	if err := synthpeople.WriteDedupe(&buf, opt); err != nil {
		t.Fatal(err)
	}
	again := bytes.Buffer{}
	synthpeople.WriteDedupe(&again, opt)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("not deterministic")
	}
	in, err := inputs.ReadCSV(&buf, "dedupe.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Rows) != 20000 || !slices.Equal(in.Columns, synthpeople.DedupeColumns) {
		t.Fatalf("%d rows, columns %q", len(in.Rows), in.Columns)
	}
	if err := in.Check("unique_id"); err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, r := range in.Rows {
		per[r[7]]++
	}
	multi := 0
	for _, k := range per {
		if k > 1 {
			multi++
		}
	}
	within(t, "people with more than one record", float64(multi)/float64(len(per)), 0.3, 0.02)
}

func BenchmarkWriteDedupe1M(b *testing.B) {
	for b.Loop() {
		if err := synthpeople.WriteDedupe(io.Discard, synthpeople.DedupeOptions{Records: 1_000_000, Seed: 1, Rates: synthpeople.DefaultRates()}); err != nil {
			b.Fatal(err)
		}
	}
}
