package sources

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/ods"
)

// spendForm is a revenue outturn form Sightline reads, keyed by the prefix
// of its reference codes ("RO3-csclkd-tot-exp").
type spendForm struct {
	id, title string
}

var spendForms = map[string]spendForm{
	"RO3": {"spend_ro3", "Revenue outturn: social care and public health (RO3)"},
	"RSX": {"spend_rsx", "Revenue outturn: service expenditure summary (RSX)"},
}

var (
	// refCodeRe matches the reference codes in the hidden row under the
	// table ("RSX-csc-net-cur-exp"); its first group is the form.
	refCodeRe = regexp.MustCompile(`^([A-Z][A-Z0-9]*)-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$`)
	// spendSheetRe matches the data sheet's name, "RO3_LA_Data_202425".
	spendSheetRe = regexp.MustCompile(`^([A-Z][A-Z0-9]*)_LA_Data_(\d{4})(\d{2})$`)
	// finYearRe finds a financial year such as "2024-25" in a title.
	finYearRe = regexp.MustCompile(`\b(\d{4})-(\d{2})\b`)
	// councilCodeRe matches the codes of councils that could have children's
	// services: unitaries, metropolitan districts, London boroughs, counties.
	councilCodeRe = regexp.MustCompile(`^E(06|08|09|10)\d{6}$`)
	// noteRe matches a note marker such as "[note 4]".
	noteRe = regexp.MustCompile(`(?i)\[note\s*\d+\]`)
)

// nonCSAClasses are the MHCLG classes that never have children's services:
// shire districts and "other" bodies (police, fire, parks, GLA, combined and
// waste authorities). A council code in one of these is skipped; in any
// other class an unknown council code is an error.
var nonCSAClasses = map[string]bool{"SD": true, "O": true}

// readSpend reads an MHCLG revenue outturn spreadsheet (RO3 or RSX), data by
// local authority: one observation per children's services council (and
// England) and data column, measured by the column's reference code, in £
// thousand as published. Districts and other bodies are left out.
func readSpend(name string, data []byte, reg *geography.Register) (*sightline.Batch, error) {
	wb, err := ods.Parse(data, name)
	if err != nil {
		return nil, err
	}
	fail := func(sheet string, row int, col, format string, args ...any) error {
		return &sightline.InputError{File: name, Line: row, Column: col, Msg: fmt.Sprintf("sheet %q: ", sheet) + fmt.Sprintf(format, args...)}
	}

	// The data sheet is the one with the "E-code, ONS Code…" header row.
	var sh *ods.Sheet
	hdr := -1
	for _, s := range wb.Sheets {
		for i := range s.Rows {
			if cellText(s, i, 0) == "E-code" && cellText(s, i, 1) == "ONS Code" {
				sh, hdr = s, i
				break
			}
		}
		if sh != nil {
			break
		}
	}
	if sh == nil {
		return nil, &sightline.InputError{File: name, Msg: "not a revenue outturn data-by-LA workbook: no sheet has a header row starting E-code, ONS Code"}
	}
	header := make([]string, len(sh.Rows[hdr]))
	col := map[string]int{}
	for j := range header {
		header[j] = strings.Join(strings.Fields(sh.Rows[hdr][j].Text), " ")
		if _, dup := col[header[j]]; !dup {
			col[header[j]] = j
		}
	}
	for _, c := range []string{"Local authority", "Class"} {
		if _, ok := col[c]; !ok {
			return nil, fail(sh.Name, hdr+1, c, "column missing from the header row")
		}
	}
	onsCol, nameCol, classCol := 1, col["Local authority"], col["Class"]
	idCols := max(onsCol, nameCol, classCol)
	if j, ok := col["Certification"]; ok {
		idCols = max(idCols, j)
	}

	// The hidden row of reference codes names the measures and the form.
	codesRow := -1
	for i := hdr + 1; i < len(sh.Rows) && codesRow < 0; i++ {
		n := 0
		for _, c := range sh.Rows[i] {
			if t := strings.TrimSpace(c.Text); t != "" || c.IsFloat {
				if c.IsFloat || !refCodeRe.MatchString(t) {
					n = -1
					break
				}
				n++
			}
		}
		if n > 0 {
			codesRow = i
		}
	}
	if codesRow < 0 {
		return nil, fail(sh.Name, 0, "", "no row of reference codes (such as RO3-csclkd-tot-exp) under the table: the measures cannot be named")
	}
	type dataCol struct {
		j            int
		code, header string
	}
	var cols []dataCol
	form := ""
	seenCode := map[string]string{}
	for j, c := range sh.Rows[codesRow] {
		code := strings.TrimSpace(c.Text)
		if code == "" {
			continue
		}
		letter := ods.ColumnName(j)
		if j <= idCols {
			return nil, fail(sh.Name, codesRow+1, letter, "reference code %q sits over an identifying column", code)
		}
		f := refCodeRe.FindStringSubmatch(code)[1]
		if form == "" {
			form = f
		} else if f != form {
			return nil, fail(sh.Name, codesRow+1, letter, "reference code %q is not from form %s like the others", code, form)
		}
		if prev, dup := seenCode[code]; dup {
			return nil, fail(sh.Name, codesRow+1, letter, "reference code %q appears twice (also column %s)", code, prev)
		}
		seenCode[code] = letter
		h := ""
		if j < len(header) {
			h = header[j]
		}
		if h == "" {
			h = letter
		}
		cols = append(cols, dataCol{j, code, h})
	}
	sf, ok := spendForms[form]
	if !ok {
		return nil, fail(sh.Name, codesRow+1, "", "revenue outturn form %s is not one Sightline reads (RO3, RSX)", form)
	}

	// The financial year comes from the sheet name, or failing that the title.
	var y1, y2 int
	if m := spendSheetRe.FindStringSubmatch(sh.Name); m != nil {
		if m[1] != form {
			return nil, fail(sh.Name, codesRow+1, "", "the sheet is named for form %s but its reference codes are %s", m[1], form)
		}
		y1, _ = strconv.Atoi(m[2])
		y2, _ = strconv.Atoi(m[3])
	} else {
		for i := 0; i < hdr && y1 == 0; i++ {
			for _, c := range sh.Rows[i] {
				if m := finYearRe.FindStringSubmatch(c.Text); m != nil {
					y1, _ = strconv.Atoi(m[1])
					y2, _ = strconv.Atoi(m[2])
					break
				}
			}
		}
	}
	if y1 == 0 || y2 != (y1+1)%100 {
		return nil, fail(sh.Name, 0, "", "cannot tell the financial year: expected a sheet name such as %s_LA_Data_202425 or a title naming 2024-25", form)
	}
	period := fmt.Sprintf("%d%02d", y1, y2)
	year := y1 + 1

	b := &sightline.Batch{Dataset: sightline.Dataset{
		ID:    sf.id,
		Title: fmt.Sprintf("%s, %d-%02d", sf.title, y1, y2),
		Kind:  "spend",
	}}
	for _, c := range cols {
		b.Dataset.Measures = append(b.Dataset.Measures, c.code)
	}
	seen := map[string]int{}
	for i := hdr + 1; i < codesRow; i++ {
		if cellText(sh, i, 0) == "E-code" {
			break // the second table: totals by class, not authorities
		}
		code := cellText(sh, i, onsCol)
		if code == "" {
			continue
		}
		b.Dataset.Rows++
		row := i + 1
		aname := strings.Join(strings.Fields(cellText(sh, i, nameCol)), " ")
		class := cellText(sh, i, classCol)
		var area sightline.Area
		switch {
		case code == sightline.EnglandCode:
			area = sightline.Area{Code: code, Name: sightline.EnglandName, Level: sightline.National}
		case reg.Council(code) != nil:
			area = sightline.Area{Code: code, Name: aname, Level: sightline.LocalAuthority}
		case councilCodeRe.MatchString(code) && !nonCSAClasses[class]:
			return nil, fail(sh.Name, row, header[onsCol], "%s (%s, class %s) is not a council with children's services that Sightline knows", code, aname, class)
		default:
			continue // a district, police, fire, parks or other body
		}
		if prev, dup := seen[code]; dup {
			return nil, fail(sh.Name, row, header[onsCol], "%s (%s) appears twice (also row %d)", code, aname, prev)
		}
		seen[code] = row
		area.FirstYear, area.LastYear = year, year
		b.Areas = append(b.Areas, area)
		for _, c := range cols {
			v, ok := spendValue(sh.Cell(i, c.j))
			if !ok {
				return nil, fail(sh.Name, row, c.header, "%s (%s), column %s (%s): %q is neither a number nor a symbol ([x], [z], [Y], [c], [n])",
					code, aname, ods.ColumnName(c.j), c.code, sh.Cell(i, c.j).Text)
			}
			b.Observations = append(b.Observations, sightline.Observation{Dataset: sf.id, Period: period, TimeID: "Financial year", Year: year,
				Level: area.Level, Area: code, Measure: c.code, Value: v})
		}
	}
	if len(b.Areas) == 0 || (len(b.Areas) == 1 && b.Areas[0].Level == sightline.National) {
		return nil, fail(sh.Name, 0, "", "no rows for councils with children's services")
	}
	return b, nil
}

// spendValue reads a data cell: the stored number, or MHCLG's symbol mapped
// to Sightline's. A cell holding only a note marker has no figure ("x"); the
// note explains why (Gateshead's looked-after breakdown in 2024-25).
func spendValue(c ods.Cell) (sightline.Value, bool) {
	if c.IsFloat {
		return sightline.Number(c.Float), true
	}
	s := strings.TrimSpace(c.Text)
	t := strings.TrimSpace(noteRe.ReplaceAllString(s, ""))
	if t == "" {
		// Empty, or a note in place of the figure: nothing was published.
		return sightline.Missing, true
	}
	switch strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")) {
	case "x", "n": // not received in time; [n] no appropriate estimate
		return sightline.Sym("x"), true
	case "z", "y": // not collected; [Y] not relevant
		return sightline.Sym("z"), true
	case "c":
		return sightline.Sym("c"), true
	}
	if v, ok := sightline.ParseValue(t); ok && v.IsNumber() {
		return v, true
	}
	return sightline.Value{}, false
}

func cellText(s *ods.Sheet, row, col int) string {
	return strings.TrimSpace(s.Cell(row, col).Text)
}
