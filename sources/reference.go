package sources

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
)

// readNeighbours2021 reads DfE's April 2021 statistical neighbour groupings:
// one row per council by LA number, SN1..SN10 each followed by a closeness
// band column (all named "SNP").
func readNeighbours2021(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	header, rows, lines, err := readCSV(name, data)
	if err != nil {
		return nil, err
	}
	numCol := slices.Index(header, "LA num")
	return neighbours(name, "2021", header, rows, lines, reg, numCol, func(k int) (int, int) {
		i := slices.Index(header, fmt.Sprintf("SN%d", k))
		return i, i + 1
	})
}

// readNeighbours2025 reads the 2025 statistical neighbour model (SN_1 and
// SN_1P … SN_10 and SN_10P).
func readNeighbours2025(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	header, rows, lines, err := readCSV(name, data)
	if err != nil {
		return nil, err
	}
	return neighbours(name, "2025", header, rows, lines, reg, slices.Index(header, "old_la_code"), func(k int) (int, int) {
		return slices.Index(header, fmt.Sprintf("SN_%d", k)), slices.Index(header, fmt.Sprintf("SN_%dP", k))
	})
}

func neighbours(name, model string, header []string, rows [][]string, lines []int, reg *geography.Register, numCol int, cols func(k int) (int, int)) (*sightline.Batch, error) {
	b := &sightline.Batch{Dataset: sightline.Dataset{ID: "neighbours_" + model, Title: "Statistical neighbours (" + model + " model)", Kind: "neighbours", Rows: len(rows)}}
	seen := map[string]int{}
	for n, r := range rows {
		line := lines[n]
		num := strings.TrimSpace(r[numCol])
		if num == "" {
			continue
		}
		code := codeForLANumber(reg, num)
		if code == "" {
			return nil, &sightline.InputError{File: name, Line: line, Column: header[numCol], Msg: fmt.Sprintf("unknown LA number %q", num)}
		}
		if prev, dup := seen[code]; dup {
			return nil, &sightline.InputError{File: name, Line: line, Column: header[numCol], Msg: fmt.Sprintf("LA %s appears twice (also line %d)", num, prev)}
		}
		seen[code] = line
		for k := 1; k <= 10; k++ {
			ni, pi := cols(k)
			if ni < 0 || pi < 0 || pi >= len(r) {
				return nil, &sightline.InputError{File: name, Line: 1, Column: fmt.Sprintf("SN%d", k), Msg: "neighbour column missing"}
			}
			nnum := strings.TrimSpace(r[ni])
			if nnum == "" {
				continue
			}
			ncode := codeForLANumber(reg, nnum)
			if ncode == "" {
				return nil, &sightline.InputError{File: name, Line: line, Column: header[ni], Msg: fmt.Sprintf("unknown LA number %q", nnum)}
			}
			b.Neighbours = append(b.Neighbours, sightline.Neighbour{Model: model, Council: code, Neighbour: ncode, Rank: k,
				Closeness: normaliseCloseness(r[pi])})
		}
	}
	if len(b.Neighbours) == 0 {
		return nil, &sightline.InputError{File: name, Msg: "no neighbours found"}
	}
	return b, nil
}

// normaliseCloseness gives the bands one spelling ("Very close") whatever
// the capitalisation and stray spaces of the source.
func normaliseCloseness(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

var grades = map[string]sightline.Grade{
	"outstanding": sightline.Outstanding, "good": sightline.Good,
	"requires improvement to be good": sightline.RequiresImprovement, "requires improvement": sightline.RequiresImprovement,
	"inadequate": sightline.Inadequate,
}

// readOfsted reads Ofsted's ILACS outcomes: one row per inspection with the
// overall effectiveness and the four sub-judgements (short inspections have
// an overall judgement only).
//
// Care leavers became a separate judgement in January 2023, so earlier rows
// in Ofsted's file stop one field short; they are read with no care leavers
// grade.
func readOfsted(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	header, rows, lines, err := readCSVRagged(name, data, true)
	if err != nil {
		return nil, err
	}
	col := func(c string) (int, error) {
		if i := slices.Index(header, c); i >= 0 {
			return i, nil
		}
		return 0, &sightline.InputError{File: name, Line: 1, Column: c, Msg: "column missing"}
	}
	need := []string{"la_code", "la_name", "inspection_date", "publication_date", "inspection_type", "overall_effectiveness", "leaders", "help_and_protection", "children_in_care", "care_leavers"}
	idx := map[string]int{}
	for _, c := range need {
		i, err := col(c)
		if err != nil {
			return nil, err
		}
		idx[c] = i
	}
	b := &sightline.Batch{Dataset: sightline.Dataset{ID: "ofsted_ilacs", Title: "Ofsted ILACS inspection outcomes", Kind: "ofsted", Rows: len(rows)}}
	seen := map[string]int{}
	for n, r := range rows {
		line := lines[n]
		get := func(c string) string { return strings.TrimSpace(r[idx[c]]) }
		code := get("la_code")
		if reg.Council(code) == nil {
			return nil, &sightline.InputError{File: name, Line: line, Column: "la_code", Msg: fmt.Sprintf("unknown local authority code %q (%s)", code, get("la_name"))}
		}
		j := sightline.Judgement{Council: code, CouncilName: get("la_name"), Type: get("inspection_type")}
		for _, d := range []struct {
			col string
			t   *time.Time
		}{{"inspection_date", &j.InspectionDate}, {"publication_date", &j.PublicationDate}} {
			t, err := time.Parse("02/01/2006", get(d.col))
			if err != nil {
				return nil, &sightline.InputError{File: name, Line: line, Column: d.col, Msg: fmt.Sprintf("date %q is not dd/mm/yyyy", get(d.col))}
			}
			*d.t = t
		}
		for _, g := range []struct {
			col string
			g   *sightline.Grade
		}{{"overall_effectiveness", &j.Overall}, {"leaders", &j.Leaders}, {"help_and_protection", &j.HelpAndProtection}, {"children_in_care", &j.ChildrenInCare}, {"care_leavers", &j.CareLeavers}} {
			s := get(g.col)
			if s == "" && g.col != "overall_effectiveness" {
				continue
			}
			v, ok := grades[strings.ToLower(s)]
			if !ok {
				return nil, &sightline.InputError{File: name, Line: line, Column: g.col, Msg: fmt.Sprintf("%q is not an Ofsted grade (Outstanding, Good, Requires improvement to be good, Inadequate)", s)}
			}
			*g.g = v
		}
		key := code + j.InspectionDate.Format("2006-01-02")
		if prev, dup := seen[key]; dup {
			return nil, &sightline.InputError{File: name, Line: line, Msg: fmt.Sprintf("duplicate inspection of %s on %s (also line %d)", code, j.InspectionDate.Format("2 January 2006"), prev)}
		}
		seen[key] = line
		b.Judgements = append(b.Judgements, j)
	}
	return b, nil
}

// readFingertips reads an OHID Fingertips extract (hospital admissions).
// Rows for areas other than England and upper-tier councils, and rows broken
// down by deprivation category, are left out: they are not council figures.
func readFingertips(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	header, rows, lines, err := readCSV(name, data)
	if err != nil {
		return nil, err
	}
	need := []string{"Indicator ID", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Category Type", "Time period", "Value", "Count", "Denominator"}
	idx := map[string]int{}
	for _, c := range need {
		i := slices.Index(header, c)
		if i < 0 {
			return nil, &sightline.InputError{File: name, Line: 1, Column: c, Msg: "column missing"}
		}
		idx[c] = i
	}
	id := "fingertips"
	b := &sightline.Batch{Dataset: sightline.Dataset{Kind: "fingertips", Rows: len(rows),
		Filters: []string{"indicator", "sex", "age"}, Measures: []string{"value", "count", "denominator"}}}
	areas := map[string]*sightline.Area{}
	seen := map[string]int{}
	seenVals := map[string]string{}
	for n, r := range rows {
		line := lines[n]
		get := func(c string) string { return strings.TrimSpace(r[idx[c]]) }
		if get("Category Type") != "" {
			continue
		}
		var level sightline.Level
		code := get("Area Code")
		switch {
		case code == sightline.EnglandCode:
			level = sightline.National
		case strings.HasPrefix(get("Area Type"), "Counties & UAs"):
			level = sightline.LocalAuthority
			if reg.Council(code) == nil {
				return nil, &sightline.InputError{File: name, Line: line, Column: "Area Code", Msg: fmt.Sprintf("unknown local authority code %q (%s)", code, get("Area Name"))}
			}
		default:
			continue
		}
		if id == "fingertips" {
			id = "fingertips_" + get("Indicator ID")
			b.Dataset.ID = id
			b.Dataset.Title = "Fingertips indicator " + get("Indicator ID")
		}
		tp := get("Time period") // "2023/24"
		y1, err1 := strconv.Atoi(tp[:min(4, len(tp))])
		if err1 != nil || len(tp) != 7 || tp[4] != '/' {
			return nil, &sightline.InputError{File: name, Line: line, Column: "Time period", Msg: fmt.Sprintf("time period %q is not a financial year such as 2023/24", tp)}
		}
		period := fmt.Sprintf("%d%s", y1, tp[5:])
		filters := sightline.MakeFilters([]string{"indicator", "sex", "age"}, []string{get("Indicator ID"), get("Sex"), get("Age")})
		// Fingertips repeats England's row as the parent of each area type;
		// identical repeats are dropped, conflicting ones are an error.
		key := period + code + filters
		vals := get("Value") + "|" + get("Count") + "|" + get("Denominator")
		if prev, dup := seen[key]; dup {
			if seenVals[key] == vals {
				continue
			}
			return nil, &sightline.InputError{File: name, Line: line, Msg: fmt.Sprintf("duplicate row with different values (also line %d)", prev)}
		}
		seen[key] = line
		seenVals[key] = vals
		for _, m := range []string{"Value", "Count", "Denominator"} {
			v, ok := sightline.ParseValue(get(m))
			if !ok {
				return nil, &sightline.InputError{File: name, Line: line, Column: m, Msg: fmt.Sprintf("%q is not a number", get(m))}
			}
			b.Observations = append(b.Observations, sightline.Observation{Period: period, TimeID: "Financial year", Year: y1 + 1, Level: level, Area: code,
				Filters: filters, Measure: strings.ToLower(m), Value: v})
		}
		if a := areas[code]; a == nil {
			areas[code] = &sightline.Area{Code: code, Name: get("Area Name"), Level: level, FirstYear: y1 + 1, LastYear: y1 + 1}
		} else {
			a.FirstYear, a.LastYear = min(a.FirstYear, y1+1), max(a.LastYear, y1+1)
		}
	}
	if id == "fingertips" {
		return nil, &sightline.InputError{File: name, Msg: "no England or council rows"}
	}
	for i := range b.Observations {
		b.Observations[i].Dataset = id
	}
	for _, a := range areas {
		b.Areas = append(b.Areas, *a)
	}
	return b, nil
}
