package sources

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/snapshot"
)

// snapshotIDs is what each bundled file must be recognised as.
var snapshotIDs = map[string]string{
	"ons_mid-year_population_estimates_2012_to_2024.csv":                    "population",
	"New_Statistical_Neighbour_Groupings_April_2021.csv":                    "neighbours_2021",
	"sn_model_2025_wide.csv":                                                "neighbours_2025",
	"ofsted_ilacs_inspections_2018_to_2023-03.csv":                          "ofsted_ilacs",
	"RO3_LA_Data_2024-25_data_by_LA.ods":                                    "spend_ro3",
	"RSX_LA_Data_2024-25_data_by_LA.ods":                                    "spend_rsx",
	"absence_la.csv":                                                        "absence_social_care",
	"b1_children_in_need_2013_to_2025.csv":                                  "cin_b1",
	"c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv":        "cin_c1",
	"c3_factors_identified_at_end_of_assessment_2018_to_2025.csv":           "cin_c3",
	"d3_cpps_subsequent_plan_2013_to_2025.csv":                              "cin_d3",
	"d5_cpps_at31march_by_duration_2013_to_2025.csv":                        "cin_d5",
	"cla_number_and_rate_per_10k_children.csv":                              "cla_numbers",
	"csww_indicators_2017_to_2025.csv":                                      "csww",
	"ks2_la.csv":                                                            "ks2_social_care",
	"ks4_la.csv":                                                            "ks4_social_care",
	"la_care_leavers_accommodation_suitability.csv":                         "care_leavers_accommodation",
	"la_care_leavers_activity.csv":                                          "care_leavers_activity",
	"la_cla_during_year_new_placements.csv":                                 "cla_new_placements",
	"la_cla_placement_stability.csv":                                        "cla_placement_stability",
	"la_cla_school_moves.csv":                                               "cla_school_moves",
	"la_cla_swcount.csv":                                                    "cla_social_worker_changes",
	"la_conviction_health_outcome_cla.csv":                                  "cla_outcomes",
	"la_hospital_admissions_2324.csv":                                       "fingertips_90284",
	"national_cla_adopted_average_time_between_adoption_process_stages.csv": "adoption_timeliness",
}

// snapshotYears are the years each file's name (or PROVENANCE.md) says it
// covers, for the files that say.
var snapshotYears = map[string][2]int{
	"b1_children_in_need_2013_to_2025.csv":                           {2013, 2025},
	"c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": {2013, 2025},
	"c3_factors_identified_at_end_of_assessment_2018_to_2025.csv":    {2018, 2025},
	"d3_cpps_subsequent_plan_2013_to_2025.csv":                       {2013, 2025},
	"d5_cpps_at31march_by_duration_2013_to_2025.csv":                 {2013, 2025},
	"csww_indicators_2017_to_2025.csv":                               {2017, 2025},
	"ons_mid-year_population_estimates_2012_to_2024.csv":             {2012, 2024},
	"cla_number_and_rate_per_10k_children.csv":                       {2021, 2025},
}

func snapshotFile(t testing.TB, name string) []byte {
	t.Helper()
	f, ok := snapshot.Lookup(name)
	if !ok {
		t.Fatalf("%s is not in the snapshot", name)
	}
	data, err := f.Read()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// table is a CSV read with encoding/csv alone, for checking the readers
// against.
type table struct {
	header []string
	rows   [][]string
	lines  []int
}

func readTable(t testing.TB, data []byte) table {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	cr.FieldsPerRecord = -1
	var tb table
	for {
		rec, err := cr.Read()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatal(err)
		}
		if tb.header == nil {
			tb.header = rec
			continue
		}
		line, _ := cr.FieldPos(0)
		tb.rows = append(tb.rows, rec)
		tb.lines = append(tb.lines, line)
	}
	return tb
}

func (tb table) col(name string) int {
	for i, h := range tb.header {
		if strings.TrimSpace(h) == name {
			return i
		}
	}
	return -1
}

func (tb table) write() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(tb.header)
	w.WriteAll(tb.rows)
	return buf.Bytes()
}

func (tb table) clone() table {
	c := table{header: append([]string(nil), tb.header...), lines: tb.lines}
	for _, r := range tb.rows {
		c.rows = append(c.rows, append([]string(nil), r...))
	}
	return c
}

func TestSnapshotRecognised(t *testing.T) {
	reg := geography.Default()
	files := snapshot.Files()
	if len(files) != len(snapshotIDs) {
		t.Errorf("%d bundled files, %d expected", len(files), len(snapshotIDs))
	}
	seen := map[string]string{}
	for i, f := range files {
		want, ok := snapshotIDs[f.Name]
		if !ok {
			t.Errorf("bundled file %s has no expected dataset", f.Name)
			continue
		}
		data := snapshotFile(t, f.Name)
		// The name must not matter: a renamed file is recognised by its
		// columns.
		ext := f.Name[strings.LastIndex(f.Name, "."):]
		for _, name := range []string{f.Name, fmt.Sprintf("download (%d)%s", i, ext)} {
			b, err := Read(name, data, reg)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if b.Dataset.ID != want {
				t.Errorf("%s read as %q, want %q", name, b.Dataset.ID, want)
			}
			if b.Dataset.File != name || len(b.Dataset.SHA256) != 64 || b.Dataset.Title == "" || b.Dataset.Title == b.Dataset.ID {
				t.Errorf("%s: dataset %+v", name, b.Dataset)
			}
			if prev, dup := seen[b.Dataset.ID]; dup && prev != f.Name {
				t.Errorf("%s and %s are both %s", prev, f.Name, b.Dataset.ID)
			}
			seen[b.Dataset.ID] = f.Name
		}
	}
}

var standard = map[string]bool{"time_period": true, "time_identifier": true, "geographic_level": true,
	"country_code": true, "country_name": true, "region_code": true, "region_name": true,
	"old_la_code": true, "new_la_code": true, "la_name": true}

var symbolSet = map[string]bool{"c": true, "x": true, "z": true, "low": true, "k": true, "~": true, ":": true, "u": true}

// TestSnapshotEES checks every bundled EES file against the same file read
// with encoding/csv: the same councils and years, a filter set that is the
// publication's, and every cell's value or symbol.
func TestSnapshotEES(t *testing.T) {
	reg := geography.Default()
	symbolsSeen := map[string]int{}
	for _, f := range snapshot.Files() {
		id := snapshotIDs[f.Name]
		pub := PublicationByID(id)
		if pub == nil {
			continue
		}
		t.Run(id, func(t *testing.T) {
			data := snapshotFile(t, f.Name)
			b, err := Read(f.Name, data, reg)
			if err != nil {
				t.Fatal(err)
			}
			tb := readTable(t, data)
			level, code, period := tb.col("geographic_level"), tb.col("new_la_code"), tb.col("time_period")

			if !sameSet(b.Dataset.Filters, pub.Filters) {
				t.Errorf("filters %v, publication has %v", b.Dataset.Filters, pub.Filters)
			}
			isFilter := map[string]bool{}
			for _, c := range pub.Filters {
				isFilter[c] = true
			}
			var measures []string
			for _, h := range tb.header {
				if !standard[h] && !isFilter[h] {
					measures = append(measures, h)
				}
			}
			if fmt.Sprint(measures) != fmt.Sprint(b.Dataset.Measures) {
				t.Errorf("measures %v, want every other column %v", b.Dataset.Measures, measures)
			}

			councils, periods := map[string]bool{}, map[string]bool{}
			type key struct{ period, area, filters, measure string }
			want := map[key]string{}
			rows := 0
			for _, r := range tb.rows {
				var area string
				switch r[level] {
				case "National":
					area = r[tb.col("country_code")]
				case "Regional":
					area = r[tb.col("region_code")]
				case "Local authority":
					area = r[code]
					councils[area] = true
				default:
					continue
				}
				rows++
				periods[r[period]] = true
				var fv []string
				for _, c := range b.Dataset.Filters {
					fv = append(fv, strings.TrimSpace(r[tb.col(c)]))
				}
				filters := sightline.MakeFilters(b.Dataset.Filters, fv)
				for _, m := range measures {
					want[key{r[period], area, filters, m}] = strings.TrimSpace(r[tb.col(m)])
				}
			}
			if b.Dataset.Rows != len(tb.rows) {
				t.Errorf("dataset has %d rows, the file %d", b.Dataset.Rows, len(tb.rows))
			}

			gotCouncils, gotPeriods := map[string]bool{}, map[string]bool{}
			for _, a := range b.Areas {
				if a.Level == sightline.LocalAuthority {
					gotCouncils[a.Code] = true
				}
			}
			for _, o := range b.Observations {
				gotPeriods[o.Period] = true
				if o.Dataset != id {
					t.Fatalf("observation of dataset %q", o.Dataset)
				}
			}
			if !sameSet(keys(councils), keys(gotCouncils)) {
				extra, missing := diff(keys(gotCouncils), keys(councils))
				t.Errorf("councils: %d read, %d in the file; extra %v, missing %v", len(gotCouncils), len(councils), extra, missing)
			}
			if !sameSet(keys(periods), keys(gotPeriods)) {
				t.Errorf("periods %v, the file has %v", keys(gotPeriods), keys(periods))
			}
			if y, ok := snapshotYears[f.Name]; ok {
				var years []int
				for p := range periods {
					n, _ := strconv.Atoi(p)
					years = append(years, n)
				}
				sort.Ints(years)
				if len(years) != y[1]-y[0]+1 || years[0] != y[0] || years[len(years)-1] != y[1] {
					t.Errorf("years %v, the file name says %d to %d", years, y[0], y[1])
				}
			}
			t.Logf("%s: %d councils, %d periods, %d observations", f.Name, len(councils), len(periods), len(b.Observations))

			if len(b.Observations) != len(want) {
				t.Errorf("%d observations, the file has %d cells", len(b.Observations), len(want))
			}
			for _, o := range b.Observations {
				cell, ok := want[key{o.Period, o.Area, o.Filters, o.Measure}]
				if !ok {
					t.Fatalf("observation %+v is not in the file", o)
				}
				switch {
				case cell == "":
					if o.Value != sightline.Missing {
						t.Errorf("empty cell read as %+v", o)
					}
				case symbolSet[cell]:
					symbolsSeen[cell]++
					if o.Value.IsNumber() || o.Value.Symbol != cell {
						t.Errorf("symbol %q read as %+v", cell, o)
					}
				case strings.Contains(cell, ":"): // adoption timeliness, years:months
					y, m, _ := strings.Cut(cell, ":")
					yi, _ := strconv.Atoi(y)
					mi, _ := strconv.Atoi(m)
					if !o.Value.IsNumber() || o.Value.Num != float64(12*yi+mi) {
						t.Errorf("duration %q read as %+v", cell, o)
					}
				default:
					n, err := strconv.ParseFloat(cell, 64)
					if err != nil {
						t.Errorf("cell %q of %+v is not a number", cell, o)
					} else if !o.Value.IsNumber() || o.Value.Num != n {
						t.Errorf("cell %q read as %+v", cell, o)
					}
				}
			}
		})
	}
	if symbolsSeen["c"] == 0 || symbolsSeen["x"] == 0 || symbolsSeen["z"] == 0 {
		t.Errorf("symbols seen in the snapshot: %v; expected c, x and z", symbolsSeen)
	}
	t.Logf("symbols in the snapshot: %v", symbolsSeen)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func readSnapshot(t *testing.T, name string) *sightline.Batch {
	t.Helper()
	b, err := Read(name, snapshotFile(t, name), geography.Default())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSnapshotSpotValues(t *testing.T) {
	b := readSnapshot(t, "cla_number_and_rate_per_10k_children.csv")
	find := func(measure string) sightline.Observation {
		t.Helper()
		var found []sightline.Observation
		for _, o := range b.Observations {
			if o.Period == "2025" && o.Area == sightline.EnglandCode && o.Level == sightline.National && o.Measure == measure &&
				sightline.Filters(o.Filters).Matches(map[string]string{"population_type": "Children looked after on 31 March each year"}) {
				found = append(found, o)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%d observations of England's %s in 2025", len(found), measure)
		}
		return found[0]
	}
	if o := find("rate_per_10000"); o.Value != sightline.Number(67) || o.Year != 2025 || o.TimeID != "Reporting year" {
		t.Errorf("England's rate of children looked after in 2025 is %+v, want 67", o)
	}
	if o := find("children_count"); o.Value != sightline.Number(81770) {
		t.Errorf("England's children looked after in 2025: %+v, want 81770", o)
	}
}

// TestSnapshotSuppressedCell finds a "c" in the real data with encoding/csv
// and checks the reader kept it as the symbol.
func TestSnapshotSuppressedCell(t *testing.T) {
	for _, name := range []string{"la_care_leavers_activity.csv", "la_conviction_health_outcome_cla.csv", "cla_number_and_rate_per_10k_children.csv"} {
		data := snapshotFile(t, name)
		tb := readTable(t, data)
		b := readSnapshot(t, name)
		found := false
		for n, r := range tb.rows {
			if r[tb.col("geographic_level")] != "Local authority" {
				continue
			}
			for i, h := range tb.header {
				if r[i] != "c" || standard[h] {
					continue
				}
				found = true
				var fv []string
				for _, f := range b.Dataset.Filters {
					fv = append(fv, r[tb.col(f)])
				}
				filters := sightline.MakeFilters(b.Dataset.Filters, fv)
				hits := 0
				for _, o := range b.Observations {
					if o.Period == r[tb.col("time_period")] && o.Area == r[tb.col("new_la_code")] && o.Filters == filters && o.Measure == h {
						hits++
						if o.Value != sightline.Sym("c") || o.Value.IsNumber() {
							t.Errorf("%s line %d %s: %+v, want the symbol c", name, tb.lines[n], h, o.Value)
						}
					}
				}
				if hits != 1 {
					t.Errorf("%s line %d %s: %d observations", name, tb.lines[n], h, hits)
				}
				t.Logf("%s line %d: %s of %s (%s) is c", name, tb.lines[n], h, r[tb.col("la_name")], filters)
				break
			}
			if found {
				break
			}
		}
		if !found {
			t.Errorf("%s has no suppressed council cell", name)
		}
	}
}

func TestSnapshotOfsted(t *testing.T) {
	reg := geography.Default()
	name := "ofsted_ilacs_inspections_2018_to_2023-03.csv"
	tb := readTable(t, snapshotFile(t, name))
	b := readSnapshot(t, name)
	if len(tb.rows) != 183 || len(b.Judgements) != 183 || b.Dataset.Rows != 183 {
		t.Fatalf("%d rows in the file, %d judgements read; want 183", len(tb.rows), len(b.Judgements))
	}
	short := 0
	for i, r := range tb.rows {
		j := b.Judgements[i]
		if j.Council != r[tb.col("la_code")] || j.CouncilName != r[tb.col("la_name")] || reg.Council(j.Council) == nil {
			t.Errorf("line %d: %+v", tb.lines[i], j)
		}
		date, err := time.Parse("02/01/2006", r[tb.col("inspection_date")])
		if err != nil || !j.InspectionDate.Equal(date) {
			t.Errorf("line %d: inspection date %v, file %q", tb.lines[i], j.InspectionDate, r[tb.col("inspection_date")])
		}
		if string(j.Overall) != r[tb.col("overall_effectiveness")] {
			t.Errorf("line %d: overall %q, file %q", tb.lines[i], j.Overall, r[tb.col("overall_effectiveness")])
		}
		switch len(r) {
		case len(tb.header) - 1:
			short++
			if j.CareLeavers != "" {
				t.Errorf("line %d: short row read with care leavers %q", tb.lines[i], j.CareLeavers)
			}
			if j.InspectionDate.Year() >= 2023 {
				t.Errorf("line %d: short row inspected %v, after care leavers became a judgement", tb.lines[i], j.InspectionDate)
			}
		case len(tb.header):
			if string(j.CareLeavers) != r[tb.col("care_leavers")] {
				t.Errorf("line %d: care leavers %q, file %q", tb.lines[i], j.CareLeavers, r[tb.col("care_leavers")])
			}
		default:
			t.Errorf("line %d has %d fields", tb.lines[i], len(r))
		}
	}
	if short == 0 || short == len(tb.rows) {
		t.Errorf("%d short rows of %d", short, len(tb.rows))
	}
	t.Logf("%d rows without a care leavers grade", short)
}

func TestSnapshotNeighbours(t *testing.T) {
	reg := geography.Default()
	for _, c := range []struct{ file, model, num string }{
		{"New_Statistical_Neighbour_Groupings_April_2021.csv", "2021", "LA num"},
		{"sn_model_2025_wide.csv", "2025", "old_la_code"},
	} {
		t.Run(c.model, func(t *testing.T) {
			tb := readTable(t, snapshotFile(t, c.file))
			b := readSnapshot(t, c.file)
			byCouncil := map[string][]sightline.Neighbour{}
			for _, n := range b.Neighbours {
				if n.Model != c.model {
					t.Fatalf("neighbour %+v", n)
				}
				byCouncil[n.Council] = append(byCouncil[n.Council], n)
			}
			rows := 0
			for i, r := range tb.rows {
				num := strings.TrimSpace(r[tb.col(c.num)])
				if num == "" {
					continue
				}
				rows++
				// The council read for this row uses the row's LA number,
				// and is the current council of that number if there is one.
				var council string
				for code := range byCouncil {
					if k := reg.Council(code); k != nil && k.OldCode == num {
						if council != "" {
							t.Errorf("LA %s read as both %s and %s", num, council, code)
						}
						council = code
					}
				}
				if council == "" {
					t.Errorf("line %d: LA %s has no neighbours", tb.lines[i], num)
					continue
				}
				for _, k := range reg.Councils() {
					if k.OldCode == num && k.Current && !reg.Council(council).Current {
						t.Errorf("LA %s read as former council %s, not current %s", num, council, k.Code)
					}
				}
				ns := byCouncil[council]
				if len(ns) != 10 {
					t.Errorf("line %d: %s has %d neighbours", tb.lines[i], council, len(ns))
					continue
				}
				for k, n := range ns {
					col := fmt.Sprintf("SN%d", k+1)
					if c.model == "2025" {
						col = fmt.Sprintf("SN_%d", k+1)
					}
					ni := tb.col(col)
					nb := reg.Council(n.Neighbour)
					if n.Rank != k+1 || nb == nil || nb.OldCode != strings.TrimSpace(r[ni]) || n.Neighbour == council {
						t.Errorf("line %d: neighbour %d is %+v, file has %s", tb.lines[i], k+1, n, r[ni])
					}
					if want := strings.TrimSpace(r[ni+1]); !strings.EqualFold(want, n.Closeness) || n.Closeness[:1] != strings.ToUpper(want[:1]) {
						t.Errorf("line %d: closeness %q, file %q", tb.lines[i], n.Closeness, r[ni+1])
					}
				}
			}
			if len(byCouncil) != rows {
				t.Errorf("%d councils with neighbours, %d rows in the file", len(byCouncil), rows)
			}
			t.Logf("%d councils", rows)
		})
	}
}

// mustInputError checks err is an InputError naming the file, the line and
// the column, with a message containing each of msg.
func mustInputError(t *testing.T, err error, file string, line int, col string, msg ...string) {
	t.Helper()
	var ie *sightline.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T), want an InputError", err, err)
	}
	if ie.File != file || ie.Line != line || ie.Column != col {
		t.Errorf("error at %q line %d column %q, want %q line %d column %q: %v", ie.File, ie.Line, ie.Column, file, line, col, err)
	}
	for _, m := range msg {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("error %q does not mention %q", err, m)
		}
	}
}

func TestRejectAddedFilter(t *testing.T) {
	reg := geography.Default()
	tb := readTable(t, snapshotFile(t, "la_care_leavers_activity.csv")).clone()
	at := tb.col("breakdown") + 1
	tb.header = append(tb.header[:at], append([]string{"sex"}, tb.header[at:]...)...)
	for i, r := range tb.rows {
		tb.rows[i] = append(r[:at], append([]string{"Total"}, r[at:]...)...)
	}
	_, err := Read("care_leavers_copy.csv", tb.write(), reg)
	mustInputError(t, err, "care_leavers_copy.csv", 1, "sex", "care_leavers_activity", "sex")

	// A dropped filter is as bad as an added one.
	tb = readTable(t, snapshotFile(t, "la_cla_placement_stability.csv")).clone()
	drop := tb.col("cla_group")
	tb.header = append(tb.header[:drop], tb.header[drop+1:]...)
	seen := map[string]bool{}
	var rows [][]string
	for _, r := range tb.rows {
		r = append(r[:drop], r[drop+1:]...)
		k := strings.Join(r[:drop+1], ",")
		if !seen[k] { // keep the rows unique without the column
			seen[k] = true
			rows = append(rows, r)
		}
	}
	tb.rows = rows
	_, err = Read("stability.csv", tb.write(), reg)
	mustInputError(t, err, "stability.csv", 1, "cla_group", "cla_placement_stability")
}

// TestRejectBadCouncils edits one council row of a real file.
func TestRejectBadCouncils(t *testing.T) {
	reg := geography.Default()
	orig := readTable(t, snapshotFile(t, "cla_number_and_rate_per_10k_children.csv"))
	row := -1
	for i, r := range orig.rows {
		if r[orig.col("new_la_code")] == "E06000001" {
			row = i
			break
		}
	}
	if row < 0 || orig.rows[row][orig.col("old_la_code")] != "805" {
		t.Fatal("no Hartlepool (805) row")
	}
	line := orig.lines[row]

	// old_la_code of Middlesbrough with new_la_code of Hartlepool
	tb := orig.clone()
	tb.rows[row][tb.col("old_la_code")] = "806"
	_, err := Read("cla.csv", tb.write(), reg)
	mustInputError(t, err, "cla.csv", line, "new_la_code", "806", "E06000001", "does not match")

	tb = orig.clone()
	tb.rows[row][tb.col("new_la_code")] = "E06009999"
	_, err = Read("cla.csv", tb.write(), reg)
	mustInputError(t, err, "cla.csv", line, "new_la_code", "E06009999", "unknown local authority")

	// A joint service of known councils is fine; with the numbers the
	// wrong way round it is not.
	tb = orig.clone()
	tb.rows[row][tb.col("new_la_code")] = "E09000021 / E09000027"
	tb.rows[row][tb.col("old_la_code")] = "314 / 318"
	if _, err := Read("cla.csv", tb.write(), reg); err != nil {
		t.Errorf("joint service: %v", err)
	}
	tb.rows[row][tb.col("old_la_code")] = "318 / 314"
	_, err = Read("cla.csv", tb.write(), reg)
	mustInputError(t, err, "cla.csv", line, "new_la_code", "318", "does not match")
}

func TestRejectBadReferenceFiles(t *testing.T) {
	reg := geography.Default()

	ofsted := readTable(t, snapshotFile(t, "ofsted_ilacs_inspections_2018_to_2023-03.csv"))
	tb := ofsted.clone()
	tb.rows[4][tb.col("la_code")] = "E06009999"
	_, err := Read("ofsted.csv", tb.write(), reg)
	mustInputError(t, err, "ofsted.csv", ofsted.lines[4], "la_code", "E06009999")

	tb = ofsted.clone()
	tb.rows[5][tb.col("leaders")] = "Excellent"
	_, err = Read("ofsted.csv", tb.write(), reg)
	mustInputError(t, err, "ofsted.csv", ofsted.lines[5], "leaders", "Excellent")

	tb = ofsted.clone()
	tb.rows[6][tb.col("publication_date")] = "2019-04-01"
	_, err = Read("ofsted.csv", tb.write(), reg)
	mustInputError(t, err, "ofsted.csv", ofsted.lines[6], "publication_date", "dd/mm/yyyy")

	tb = ofsted.clone()
	tb.rows = append(tb.rows, tb.rows[2])
	_, err = Read("ofsted.csv", tb.write(), reg)
	mustInputError(t, err, "ofsted.csv", len(tb.rows)+1, "", fmt.Sprintf("also line %d", ofsted.lines[2]))

	// A stray quotation mark is located by line, not by a byte count
	// dressed up as a field number.
	data := snapshotFile(t, "ofsted_ilacs_inspections_2018_to_2023-03.csv")
	bad := bytes.Replace(data, []byte("Barking and Dagenham"), []byte(`Barking "and" Dagenham`), 1)
	_, err = Read("ofsted.csv", bad, reg)
	mustInputError(t, err, "ofsted.csv", 2, "", "quote")

	sn := readTable(t, snapshotFile(t, "sn_model_2025_wide.csv"))
	tb = sn.clone()
	tb.rows[3][tb.col("SN_4")] = "999"
	_, err = Read("sn.csv", tb.write(), reg)
	mustInputError(t, err, "sn.csv", sn.lines[3], "SN_4", `"999"`)

	tb = sn.clone()
	tb.rows[7][tb.col("old_la_code")] = tb.rows[6][tb.col("old_la_code")]
	_, err = Read("sn.csv", tb.write(), reg)
	mustInputError(t, err, "sn.csv", sn.lines[7], "old_la_code", fmt.Sprintf("also line %d", sn.lines[6]))

	_, err = Read("notes.csv", []byte("name,value\na,1\n"), reg)
	mustInputError(t, err, "notes.csv", 1, "", "not a file Sightline recognises")
}

// TestUnknownEESFile is an EES file of no known publication: it is imported
// under its file name, with its own columns.
func TestUnknownEESFile(t *testing.T) {
	data := []byte("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,widget_type,widgets\n" +
		"2025,Reporting year,National,E92000001,England,,,,,,Blue,10\n" +
		"2025,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,Blue,c\n")
	b, err := Read("some/dir/widgets_2025.csv", data, geography.Default())
	if err != nil {
		t.Fatal(err)
	}
	if b.Dataset.ID != "widgets_2025" || b.Dataset.File != "widgets_2025.csv" || fmt.Sprint(b.Dataset.Filters) != "[widget_type]" ||
		fmt.Sprint(b.Dataset.Measures) != "[widgets]" || len(b.Observations) != 2 || b.Observations[1].Value != sightline.Sym("c") {
		t.Errorf("batch %+v", b)
	}
	for _, o := range b.Observations {
		if o.Dataset != "widgets_2025" {
			t.Errorf("observation %+v", o)
		}
	}
	if b.Observations[0].Value != sightline.Number(10) {
		t.Errorf("England %+v", b.Observations[0])
	}
}

func TestDurationsOnlyWhereThePublicationHasThem(t *testing.T) {
	f, _ := snapshot.Lookup("la_cla_swcount.csv")
	data, err := f.Read()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(data), "\n", 3)
	// Replace the first data row's last cell (a percentage) with "01:04".
	row := lines[1][:strings.LastIndex(lines[1], ",")+1] + "01:04"
	bad := []byte(lines[0] + "\n" + row + "\n" + lines[2])
	_, err = Read("swcount.csv", bad, geography.Default())
	var ie *sightline.InputError
	if !errors.As(err, &ie) || ie.Line != 2 {
		t.Fatalf("a years:months cell in a publication without durations must be rejected at line 2, got %v", err)
	}
}
