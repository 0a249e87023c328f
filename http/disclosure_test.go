package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sightline-uk/sightline"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
	"github.com/sightline-uk/sightline/synth"
	"github.com/sightline-uk/sightline/synth/cinsynth"
)

// cityReturn is City of London's synthetic SSDA903 return (a handful of
// children) with children looked after at 31 March added to the UASC
// table until all but two are unaccompanied asylum seekers, as the City's
// really nearly all are: five or more UASC is not small, but the two
// others are, and subtraction would give them away.
func cityReturn(t *testing.T) (*ssda903.Return, []measure.Result) {
	t.Helper()
	cs, err := synth.Generate903(synth.Options{CodeFilter: []string{"201"}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ret := cs[0].Return
	find := func(rs []measure.Result, id string) float64 {
		for _, r := range rs {
			if r.ID == id {
				return r.Numerator
			}
		}
		return -1
	}
	results := measure.Compute(ret, measure.Options{Population: 1000})
	hdr, old := ret.T(ssda903.Header), ret.T(ssda903.UASC)
	rows := append([][]string(nil), old.Rows...)
	for i := 0; i < hdr.Len() && find(results, "uasc_31_march") < find(results, "cla_31_march")-2; i++ {
		row := make([]string, len(old.Columns))
		for j, c := range old.Columns {
			if c != "DUC" {
				row[j] = hdr.Str(i, c)
			}
		}
		rows = append(rows, row)
		ret.Tables[ssda903.UASC] = &ssda903.Table{Name: old.Name, File: old.File, Columns: old.Columns, Rows: rows, Lines: make([]int, len(rows))}
		results = measure.Compute(ret, measure.Options{Population: 1000})
	}
	if cla, uasc := find(results, "cla_31_march"), find(results, "uasc_31_march"); uasc < disclosure.LookedAfterThreshold || cla-uasc != 2 {
		t.Fatalf("City of London: %v looked after, %v UASC; want 2 who are not", cla, uasc)
	}
	return ret, results
}

// shownFigure is one own figure as an output shows it.
type shownFigure struct {
	value string
	def   *figures.Definition
	rules disclosure.Rules
	truth [2]float64 // numerator and denominator kept, never published
}

// TestOwnFiguresDiscloseNothing keeps City of London's return and census,
// both full of small counts, and reads every public output that shows
// figures computed from them: the council page, the API, and the CSV and
// Excel downloads. In each, no small count is shown, no ratio resting on
// one, and a linear-programming audit of what is shown, with the additive
// structure a reader knows (children looked after at 31 March include the
// unaccompanied asylum seekers), finds no hidden count that could be
// worked out. The four outputs agree.
func TestOwnFiguresDiscloseNothing(t *testing.T) {
	ctx := context.Background()
	ret, results := cityReturn(t)
	if err := fixture.store.KeepReturn903(ctx, "201", ret.Year, ret, make([]byte, 32), results...); err != nil {
		t.Fatal(err)
	}
	cs, err := cinsynth.Generate(cinsynth.Options{CodeFilter: []string{"201"}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cinResults := cinmeasure.Compute(cs[0].Return, cinmeasure.Options{Population: 1000})
	if err := fixture.store.KeepCIN(ctx, "201", cs[0].Return.Year, cs[0].Return, make([]byte, 32), cinResults...); err != nil {
		t.Fatal(err)
	}
	if err := fixture.srv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	truth := map[string]shownFigure{}
	for _, r := range results {
		truth[r.ID] = shownFigure{def: r.Def(), rules: disclosure.LookedAfter, truth: [2]float64{r.Numerator, r.Denominator}}
	}
	for _, r := range cinResults {
		truth[r.ID] = shownFigure{def: r.Def(), rules: disclosure.ChildrenInNeed, truth: [2]float64{r.Numerator, r.Denominator}}
	}
	const code = "E09000001"

	outputs := map[string]map[string]string{}

	// The API.
	var api struct {
		Own []struct {
			ID  string              `json:"id"`
			Own sightline.ValueJSON `json:"own"`
		} `json:"own"`
	}
	if err := json.Unmarshal(getOK(t, "/api/v1/councils/"+code), &api); err != nil {
		t.Fatal(err)
	}
	outputs["API"] = map[string]string{}
	for _, f := range api.Own {
		v := "?"
		if f.Own.Symbol != nil {
			v = *f.Own.Symbol
		} else if f.Own.Value != nil {
			v = sightline.Number(*f.Own.Value).String()
		}
		outputs["API"][f.ID] = v
	}

	// The CSV and Excel downloads.
	records, err := csv.NewReader(bytes.NewReader(getOK(t, "/councils/"+code+"/data?table=own&format=csv"))).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("own CSV: %d rows, %v", len(records), err)
	}
	outputs["CSV"] = byColumn(t, records)
	x, err := excelize.OpenReader(bytes.NewReader(getOK(t, "/councils/"+code+"/data?table=own&format=xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	xrows, err := x.GetRows("Data", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	outputs["Excel"] = byColumn(t, xrows)

	// The council page: its own-return table, by title.
	page := string(getOK(t, "/councils/"+code))
	start := strings.Index(page, `id="own-return"`)
	if start < 0 {
		t.Fatal("City of London's page shows no own figures")
	}
	section := page[start:]
	section = section[:strings.Index(section, "</table>")]
	byTitle := map[string]string{}
	for id, f := range truth {
		if f.def != nil {
			byTitle[html.EscapeString(f.def.Title)] = id
		}
	}
	outputs["page"] = map[string]string{}
	for _, m := range pageRow.FindAllStringSubmatch(section, -1) {
		if id, ok := byTitle[m[1]]; ok {
			outputs["page"][id] = strings.TrimSuffix(strings.ReplaceAll(m[2], ",", ""), "%")
		}
	}

	for name, out := range outputs {
		if len(out) < 20 {
			t.Errorf("%s shows %d own figures", name, len(out))
		}
		audit(t, name, out, truth)
		if out["uasc_31_march"] != "c" {
			t.Errorf("%s shows %s unaccompanied asylum-seeking children of %s looked after: the two others follow", name, out["uasc_31_march"], out["cla_31_march"])
		}
		for id, v := range out {
			if w := outputs["API"][id]; !sameShown(v, w) {
				t.Errorf("%s shows %s as %q, the API as %q", name, id, v, w)
			}
		}
	}
}

var pageRow = regexp.MustCompile(`<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]*)(?:<br>.*?)?</td><td class="govuk-table__cell">\d+</td><td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>`)

// byColumn reads figure_id → own_value from a download's rows.
func byColumn(t *testing.T, rows [][]string) map[string]string {
	t.Helper()
	id, own := -1, -1
	for i, c := range rows[0] {
		switch c {
		case "figure_id":
			id = i
		case "own_value":
			own = i
		}
	}
	if id < 0 || own < 0 {
		t.Fatalf("no figure_id or own_value column in %v", rows[0])
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if own < len(r) {
			out[r[id]] = r[own]
		}
	}
	return out
}

// sameShown compares two renderings of a figure: symbols exactly, numbers
// to the page's whole numbers.
func sameShown(a, b string) bool {
	va, oka := sightline.ParseValue(a)
	vb, okb := sightline.ParseValue(b)
	if !oka || !okb || va.IsNumber() != vb.IsNumber() {
		return false
	}
	if !va.IsNumber() {
		return va.Symbol == vb.Symbol
	}
	d := va.Num - vb.Num
	return d < 1 && d > -1
}

// audit checks one output: no small count or ratio on one is shown, and
// the counts shown leave every hidden one, and every rest a subgroup
// leaves, at least two whole values.
func audit(t *testing.T, name string, out map[string]string, truth map[string]shownFigure) {
	t.Helper()
	hidden := func(id string) bool { v, ok := out[id]; return ok && v == "c" }
	for rules, tab := range map[disclosure.Rules]*disclosure.Table{disclosure.LookedAfter: {}, disclosure.ChildrenInNeed: {}} {
		cell := map[string]int{}
		for id, v := range out {
			f := truth[id]
			if f.def == nil || f.rules != rules {
				continue
			}
			num, den := f.truth[0], f.truth[1]
			shown := v != "c" && v != "x" && v != "z"
			switch f.def.Kind {
			case figures.Count:
				if shown && rules.Small(num) {
					t.Errorf("%s shows a small count: %s = %s", name, id, v)
				}
				cell[id] = tab.Count(id, num)
				if !shown {
					tab.Suppress(cell[id])
				}
			case figures.Ratio, figures.Mean:
				small := rules.Small(den) && (num > 0 || rules.HideZeroOfSmall)
				if f.def.Kind == figures.Ratio {
					small = small || rules.Small(num)
				}
				if shown && small {
					t.Errorf("%s shows %s = %s, resting on %v of %v", name, id, v, num, den)
				}
				if shown && (hidden(f.def.NumeratorID) || num > 0 && hidden(f.def.DenominatorID)) {
					t.Errorf("%s shows %s = %s, which gives away a hidden count", name, id, v)
				}
			}
		}
		for id, c := range cell {
			if w, ok := cell[truth[id].def.Within]; ok {
				tab.Total(w, c, tab.Unshown(id+" rest", truth[truth[id].def.Within].truth[0]-truth[id].truth[0]))
			}
		}
		exposed, err := tab.Exposed(rules)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range exposed {
			t.Errorf("%s: %s can be worked out from the figures shown", name, tab.Label(i))
		}
	}
}
