package measure

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
)

const fakeDir = "../testdata/fake_2017"

func readFake(t *testing.T, names ...string) *ssda903.Return {
	t.Helper()
	var files []ssda903.File
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(fakeDir, n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ssda903.File{Name: n, Data: data})
	}
	r, err := ssda903.ReadFiles(2018, "", files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var fakeCSVs = []string{"header.csv", "episodes.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv", "placed_for_adoption.csv", "previous_permanence.csv", "missing.csv", "reviews.csv"}

func records(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(fakeDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[strings.TrimPrefix(h, "\ufeff")] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func date(s string) (time.Time, bool) {
	d, err := time.Parse("02/01/2006", s)
	return d, err == nil
}

// TestFakeReturn recounts the 2017/18 fake return's simple figures straight
// from the CSV files, independently of the package's episode model.
func TestFakeReturn(t *testing.T) {
	rs := byID(Compute(readFake(t, fakeCSVs...), Options{}))
	start := time.Date(2017, 4, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2018, 3, 31, 0, 0, 0, 0, time.UTC)
	inYear := func(d time.Time) bool { return !d.Before(start) && !d.After(end) }

	at31, starts, ceased, adopted := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range records(t, "episodes.csv") {
		if e["LS"] == "V1" || e["LS"] == "V3" || e["LS"] == "V4" {
			continue
		}
		decom, _ := date(e["DECOM"])
		dec, ended := date(e["DEC"])
		if !decom.After(end) && (!ended || dec.After(end)) {
			at31[e["CHILD"]] = true
		}
		if e["RNE"] == "S" && inYear(decom) {
			starts[e["CHILD"]] = true
		}
		if ended && inYear(dec) && e["REC"] != "X1" {
			ceased[e["CHILD"]] = true
			if e["REC"] == "E11" || e["REC"] == "E12" {
				adopted[e["CHILD"]] = true
			}
		}
	}
	uasc := map[string]bool{}
	for _, u := range records(t, "uasc.csv") {
		if duc, ok := date(u["DUC"]); at31[u["CHILD"]] && (!ok || duc.After(end)) {
			uasc[u["CHILD"]] = true
		}
	}
	var leavers, eet, suitable int
	for _, o := range records(t, "oc3.csv") {
		dob, _ := date(o["DOB"])
		age := 2018 - dob.Year()
		if dob.Month() > 3 {
			age-- // the birthday in 2018 falls after 31 March
		}
		if age < 19 || age > 21 || o["IN_TOUCH"] == "DIED" {
			continue
		}
		leavers++
		if a := o["ACTIV"]; a != "" && (a[0] == 'F' || a[0] == 'P') {
			eet++
		}
		if strings.HasSuffix(o["ACCOM"], "1") {
			suitable++
		}
	}
	t.Logf("fake 2017/18: at 31 March %d, started %d, ceased %d, adopted %d, UASC %d, care leavers 19-21 %d (EET %d, suitable %d)",
		len(at31), len(starts), len(ceased), len(adopted), len(uasc), leavers, eet, suitable)
	// The fake OC3 table holds only young people born in 2001 (aged 16 or
	// 17 on 31 March 2018), so there are no 19- to 21-year-olds: "z".
	if leavers != 0 || rs["care_leavers_eet_pct"].Display().Symbol != "z" {
		t.Errorf("%d care leavers aged 19 to 21 in the fake return, shown as %v", leavers, rs["care_leavers_eet_pct"].Display())
	}
	if len(at31) < 100 {
		t.Fatalf("only %d looked after at 31 March: the recount is broken", len(at31))
	}
	for id, n := range map[string]int{"cla_31_march": len(at31), "cla_starts": len(starts), "cla_ceased": len(ceased),
		"adopted": len(adopted), "uasc_31_march": len(uasc)} {
		if got := rs[id].Numerator; got != float64(n) {
			t.Errorf("%s = %v, recounted %d", id, got, n)
		}
	}
	if r := rs["care_leavers_eet_pct"]; r.Numerator != float64(eet) || r.Denominator != float64(leavers) {
		t.Errorf("care leavers EET %v/%v, recounted %d/%d", r.Numerator, r.Denominator, eet, leavers)
	}
	if r := rs["care_leavers_suitable_pct"]; r.Numerator != float64(suitable) || r.Denominator != float64(leavers) {
		t.Errorf("care leavers suitable %v/%v, recounted %d/%d", r.Numerator, r.Denominator, suitable, leavers)
	}
	if r := rs["placements_3plus_pct"]; r.Denominator != float64(len(at31)) || r.Numerator <= 0 || r.Numerator >= r.Denominator {
		t.Errorf("3+ placements %v/%v, denominator should be the %d at 31 March", r.Numerator, r.Denominator, len(at31))
	}
	for _, r := range Compute(readFake(t, fakeCSVs...), Options{}) {
		t.Logf("%-28s %8v / %-8v value %-10s shown %s  %s", r.ID, r.Numerator, r.Denominator, r.Value.Format(2), r.Display().Format(r.Def().Decimals), r.Note)
	}
}
