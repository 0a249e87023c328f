// Package sources turns each kind of published file Sightline reads into a
// sightline.Batch: EES tidy CSVs, statistical neighbour sets, Ofsted ILACS
// judgements, OHID Fingertips extracts and MHCLG revenue outturn
// spreadsheets. A file is recognised by its columns, not its name, so a newer
// release of the same publication replaces the older one.
package sources

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ees"
	"github.com/sightline-uk/sightline/geography"
)

// Publication describes a known EES dataset: its stable id, the filter
// columns that identify a row, and the measures Sightline's indicators read.
// A file with the same filter columns and at least those measures is the
// same publication, whatever its file name.
type Publication struct {
	ID        string
	Title     string
	Publisher string
	Filters   []string
	Measures  []string // required measures
	Durations []string // measures published as "years:months"
	// Signature is a filter value only this publication has, for telling
	// apart publications that share their columns.
	Signature [2]string
}

// Publications are the EES datasets bundled with Sightline and read by its
// indicator catalogue.
var Publications = []Publication{
	{ID: "cin_b1", Title: "Children in need: episodes and children at 31 March (B1)", Publisher: "DfE, Children in need", Filters: []string{"category"}, Measures: []string{"At31_episodes", "Started_episodes"}},
	{ID: "cin_c1", Title: "Referrals and re-referrals (C1)", Publisher: "DfE, Children in need", Filters: []string{"category"}, Measures: []string{"referral_count", "rereferral_count", "no_further_action_count"}},
	{ID: "cin_c3", Title: "Factors identified at the end of assessment (C3)", Publisher: "DfE, Children in need", Filters: []string{"category"}, Measures: []string{"Episodes_with_assessment_factor", "Domestic_Abuse_person", "Neglect"}},
	{ID: "cin_d3", Title: "Child protection plans which are a second or subsequent plan (D3)", Publisher: "DfE, Children in need", Filters: []string{"category"}, Measures: []string{"CPP_start", "CPP_subsequent"}},
	{ID: "cin_d5", Title: "Child protection plans at 31 March by duration (D5)", Publisher: "DfE, Children in need", Filters: []string{"category"}, Measures: []string{"CPP_At31", "2_years_or_more"}},
	{ID: "cla_numbers", Title: "Children looked after: numbers and rates per 10,000", Publisher: "DfE, Children looked after in England", Filters: []string{"population_type"}, Measures: []string{"children_count", "rate_per_10000"}},
	{ID: "cla_placement_stability", Title: "Children looked after: placement stability", Publisher: "DfE, Children looked after in England", Filters: []string{"cla_group", "placement_stability"}, Measures: []string{"children_count"}},
	{ID: "cla_new_placements", Title: "Children looked after: new placements during the year", Publisher: "DfE, Children looked after in England", Filters: []string{"characteristic", "breakdown"}, Measures: []string{"children_count"}, Signature: [2]string{"characteristic", "Location of new placements during the year"}},
	{ID: "cla_school_moves", Title: "Children looked after: school moves", Publisher: "DfE, Children looked after in England", Filters: []string{"cla_group", "move_measure", "school_stability"}, Measures: []string{"number"}},
	{ID: "cla_social_worker_changes", Title: "Children looked after: changes of social worker", Publisher: "DfE, Children looked after in England", Filters: []string{"cla_group", "sw_stability"}, Measures: []string{"number"}},
	{ID: "care_leavers_activity", Title: "Care leavers: activity", Publisher: "DfE, Children looked after in England", Filters: []string{"care_leaver_age", "breakdown"}, Measures: []string{"care_leaver_count"}, Signature: [2]string{"breakdown", "Education other than higher education"}},
	{ID: "care_leavers_accommodation", Title: "Care leavers: suitability of accommodation", Publisher: "DfE, Children looked after in England", Filters: []string{"care_leaver_age", "breakdown"}, Measures: []string{"care_leaver_count"}, Signature: [2]string{"breakdown", "Accommodation considered suitable"}},
	{ID: "cla_outcomes", Title: "Children looked after: convictions, health and development", Publisher: "DfE, Outcomes for children looked after", Filters: []string{"characteristic", "breakdown"}, Measures: []string{"children_count"}, Signature: [2]string{"characteristic", "Health assessments: Children looked after all ages"}},
	{ID: "csww", Title: "Children's social work workforce", Publisher: "DfE, Children's social work workforce", Filters: nil, Measures: []string{"turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte", "absence_rate_fte"}},
	{ID: "absence_social_care", Title: "Pupil absence by social care group", Publisher: "DfE, Outcomes for children in need, including children looked after", Filters: []string{"absence_terms", "social_care_group", "phase_type_grouping"}, Measures: []string{"t_sess_possible", "t_sess_overall", "t_pupils", "t_pupils_pa_10_exact"}},
	{ID: "ks2_social_care", Title: "Key stage 2 attainment by social care group", Publisher: "DfE, Outcomes for children in need, including children looked after", Filters: []string{"social_care_group", "version"}, Measures: []string{"t_rwm_eligible_pupils", "t_rwm_met_expected_standard"}},
	{ID: "ks4_social_care", Title: "Key stage 4 attainment by social care group", Publisher: "DfE, Outcomes for children in need, including children looked after", Filters: []string{"social_care_group", "version"}, Measures: []string{"t_pupils", "avg_att8"}},
	{ID: "population", Title: "Mid-year population estimates, children aged 0 to 17", Publisher: "ONS, via DfE", Filters: []string{"age_group"}, Measures: []string{"population_estimate"}},
	{ID: "adoption_timeliness", Title: "Average time between adoption process stages (England)", Publisher: "DfE, Children looked after in England", Filters: []string{"cla_group", "stage_of_adoption_process", "age_start_poc"}, Measures: []string{"number"}, Durations: []string{"number"}},
}

// Publication returns the known publication with this id, or nil.
func PublicationByID(id string) *Publication {
	for i := range Publications {
		if Publications[i].ID == id {
			return &Publications[i]
		}
	}
	return nil
}

// Read recognises a file by its content and converts it to a batch. name is
// used in error messages and as the dataset id of an unrecognised EES file.
func Read(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	var b *sightline.Batch
	var err error
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		b, err = readSpend(name, data, reg)
	default:
		header := firstLine(data)
		has := func(cols ...string) bool {
			for _, c := range cols {
				if !containsField(header, c) {
					return false
				}
			}
			return true
		}
		switch {
		case has("time_period", "time_identifier", "geographic_level"):
			b, err = readEES(name, data, reg)
		case has("LA num", "GOInd", "SN1"):
			b, err = readNeighbours2021(name, data, reg)
		case has("old_la_code", "SN_1", "SN_1P"):
			b, err = readNeighbours2025(name, data, reg)
		case has("la_code", "inspection_date", "overall_effectiveness"):
			b, err = readOfsted(name, data, reg)
		case has("Indicator ID", "Area Code", "Time period", "Value", "Denominator"):
			b, err = readFingertips(name, data, reg)
		default:
			return nil, &sightline.InputError{File: name, Line: 1, Msg: "not a file Sightline recognises: expected an Explore Education Statistics tidy CSV (time_period, time_identifier, geographic_level…), a statistical neighbour table, Ofsted ILACS outcomes, a Fingertips extract or an MHCLG revenue outturn ODS"}
		}
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	b.Dataset.SHA256 = hex.EncodeToString(sum[:])
	b.Dataset.File = filepath.Base(name)
	b.Dataset.ImportedAt = time.Now().UTC()
	return b, nil
}

func readEES(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	// The header narrows the publications the file may be; the parse then
	// tells apart those that share columns by a filter value only one has.
	cands := candidates(splitHeader(data))
	opt := ees.Options{CheckCouncil: reg.Check, Dataset: ees.DatasetID(name)}
	for _, p := range cands {
		opt.Measures = append(opt.Measures, p.Measures...)
		opt.Durations = append(opt.Durations, p.Durations...)
	}
	t, err := ees.Parse(data, name, opt)
	if err != nil {
		return nil, err
	}
	var pub *Publication
	for _, p := range cands {
		if p.Signature[0] == "" || hasFilterValue(t, p.Signature[0], p.Signature[1]) {
			pub = p
			break
		}
	}
	if pub != nil && !sameSet(opt.Durations, pub.Durations) {
		// Durations are read only where the publication has them: parse
		// again with exactly its options so "01:04" is not accepted as a
		// number in a publication that does not use that form.
		opt.Measures, opt.Durations = pub.Measures, pub.Durations
		if t, err = ees.Parse(data, name, opt); err != nil {
			return nil, err
		}
	}
	title := t.Dataset
	if pub != nil {
		if !sameSet(t.Filters, pub.Filters) {
			extra, missing := diff(t.Filters, pub.Filters)
			col := strings.Join(append(extra, missing...), ", ")
			return nil, &sightline.InputError{File: name, Line: 1, Column: col, Msg: fmt.Sprintf("unknown or missing filter column for %s (%s): the file has filters [%s], the publication has [%s]; a new filter would change what every row means, so the file is rejected",
				pub.ID, pub.Title, strings.Join(t.Filters, ", "), strings.Join(pub.Filters, ", "))}
		}
		t.Dataset, title = pub.ID, pub.Title
		for i := range t.Observations {
			t.Observations[i].Dataset = pub.ID
		}
	}
	// An EES file that is not one of the known publications is still
	// imported, under its file name, so analysts can query it.
	return &sightline.Batch{
		Dataset:      sightline.Dataset{ID: t.Dataset, Title: title, Kind: "ees", Rows: t.Rows, Filters: t.Filters, Measures: t.Measures},
		Observations: t.Observations,
		Areas:        t.Areas,
	}, nil
}

func hasFilterValue(t *ees.Table, col, val string) bool {
	want := map[string]string{col: val}
	for i := range t.Observations {
		if sightline.Filters(t.Observations[i].Filters).Matches(want) {
			return true
		}
	}
	return false
}

// candidates are the known publications whose required measures all appear
// in the header, best match (most filters present) first.
func candidates(header []string) []*Publication {
	set := map[string]bool{}
	for _, h := range header {
		set[h] = true
	}
	var out []*Publication
	score := map[*Publication]int{}
	for i := range Publications {
		p := &Publications[i]
		ok := true
		for _, m := range p.Measures {
			ok = ok && set[m]
		}
		if !ok {
			continue
		}
		for _, f := range p.Filters {
			if set[f] {
				score[p]++
			} else {
				score[p] -= 10
			}
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return score[out[i]] > score[out[j]] })
	return out
}

func sameSet(a, b []string) bool {
	x, y := diff(a, b)
	return len(x) == 0 && len(y) == 0
}

// diff returns what a has that b lacks, and what b has that a lacks.
func diff(a, b []string) (extra, missing []string) {
	for _, s := range a {
		if !slices.Contains(b, s) {
			extra = append(extra, s)
		}
	}
	for _, s := range b {
		if !slices.Contains(a, s) {
			missing = append(missing, s)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	return
}

func firstLine(data []byte) string {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return strings.TrimRight(string(data), "\r")
}

func splitHeader(data []byte) []string {
	rec, err := csv.NewReader(strings.NewReader(firstLine(data))).Read()
	if err != nil {
		return nil
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec
}

func containsField(header, col string) bool {
	rec, err := csv.NewReader(strings.NewReader(header)).Read()
	if err != nil {
		return false
	}
	for _, h := range rec {
		if strings.TrimSpace(h) == col {
			return true
		}
	}
	return false
}

// readCSV reads a whole non-EES CSV with its header, reporting errors with
// the file name and line, and strips a UTF-8 byte-order mark. Every row must
// have as many fields as the header.
func readCSV(name string, data []byte) (header []string, rows [][]string, lines []int, err error) {
	return readCSVRagged(name, data, false)
}

// readCSVRagged is readCSV that, when ragged, accepts rows short of trailing
// fields (padding them with empty strings) but still rejects long rows.
func readCSVRagged(name string, data []byte, ragged bool) (header []string, rows [][]string, lines []int, err error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		return nil, nil, nil, &sightline.InputError{File: name, Msg: "file is not valid UTF-8; save it as UTF-8"}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	if ragged {
		cr.FieldsPerRecord = -1
	}
	header, err = cr.Read()
	if err != nil {
		return nil, nil, nil, csvErr(name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	for {
		rec, err := cr.Read()
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, nil, nil, csvErr(name, err)
		}
		l, _ := cr.FieldPos(0)
		if ragged {
			if len(rec) > len(header) {
				return nil, nil, nil, &sightline.InputError{File: name, Line: l, Msg: fmt.Sprintf("row has %d fields but the header has %d", len(rec), len(header))}
			}
			for len(rec) < len(header) {
				rec = append(rec, "")
			}
		}
		rows = append(rows, rec)
		lines = append(lines, l)
	}
	return header, rows, lines, nil
}

func csvErr(name string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		// pe.Column counts bytes along the line, not fields, so it goes in
		// the message rather than naming a column.
		msg := pe.Err.Error()
		if !errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = fmt.Sprintf("character %d of the line: %s", pe.Column, msg)
		}
		return &sightline.InputError{File: name, Line: pe.Line, Msg: msg}
	}
	return &sightline.InputError{File: name, Msg: err.Error()}
}

// codeForLANumber maps DfE's three-digit LA number to the council's current
// ONS code, or the latest code that used it.
func codeForLANumber(reg *geography.Register, num string) string {
	var best *sightline.Council
	for _, c := range reg.Councils() {
		if c.OldCode != num {
			continue
		}
		if best == nil || (c.Current && !best.Current) || (c.Current == best.Current && c.FirstYear > best.FirstYear) {
			best = c
		}
	}
	if best == nil {
		return ""
	}
	return best.Code
}
