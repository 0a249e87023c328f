package forecast

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/returns"
)

// YearTables is one year's return as the model needs it: its episodes and
// header (for dates of birth) tables. A header may be missing when another
// year's header has the same children.
type YearTables struct {
	// Name labels the year in messages ("2020").
	Name string
	// End is the 31 March the return's year ends. Zero means it is
	// inferred: the first 31 March on or after the latest start of an
	// episode in the table.
	End      time.Time
	Episodes *returns.Table
	Header   *returns.Table
}

// Open marks a spell still open at the end of the data.
const Open = math.MaxInt32

// Spell is an unbroken stretch in one placement: from Start (a day
// number) up to but not including End, the day the next placement began
// or the child left care.
type Spell struct {
	Start, End int
	Place      string
	Cat        int
	// NewPeriod is true when the spell begins a period of care (no spell
	// ends on the day it starts).
	NewPeriod bool
}

// Child is one child's care history, merged across years.
type Child struct {
	ID     string
	DOB    int // day number
	Spells []Spell
}

// Note records how an irregular record was handled, so that the output
// can report it: nothing is changed silently.
type Note struct {
	Kind  string `json:"kind"`
	File  string `json:"file"`
	Line  int    `json:"line"`
	Field string `json:"field"`
	Child string `json:"child"`
	Msg   string `json:"message"`
}

// Kinds of note.
const (
	NoteGap          = "gap in a period of care"
	NoteOverlap      = "overlapping episodes"
	NoteOpenBefore   = "open episode before the child's last"
	NoteNotReturned  = "not in the next year's return"
	NoteUnknownPlace = "unknown placement code"
	NoteNoDOB        = "no date of birth"
	NoteDOBChanged   = "date of birth differs between years"
	NoteDuplicate    = "two episodes start the same day"
	NoteSameDay      = "episode starts and ends the same day"
	NotePastLeaving  = "in care past the leaving age"
)

// NoteHandling says, for each kind of note, what the model did.
var NoteHandling = map[string]string{
	NoteGap:          "the child is treated as leaving care when the episode ended and starting a new period when the next began",
	NoteOverlap:      "the earlier episode is ended when the later one starts",
	NoteOpenBefore:   "the open episode is ended when the child's next episode starts",
	NoteNotReturned:  "the child is treated as leaving care on the day after that return's year ended",
	NoteUnknownPlace: "the placement is counted in the catch-all category",
	NoteNoDOB:        "the child is left out of the model",
	NoteDOBChanged:   "the latest year's date of birth is used",
	NoteDuplicate:    "the later row is used",
	NoteSameDay:      "the episode is skipped (the next episode follows on)",
	NotePastLeaving:  "care after the leaving age is left out of rates and of the starting count",
}

// YearSpan is one year's return as read: what it covers.
type YearSpan struct {
	Name     string    `json:"name"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Inferred bool      `json:"inferred"`
	File     string    `json:"file"`
}

// History is every child's care history from a run of yearly returns.
type History struct {
	Space    StateSpace
	Children []Child
	Years    []YearSpan
	// Start and End are the first day of the earliest year and the last of
	// the latest: histories before Start hold only the children still in
	// care then, so rates are estimated from Start on.
	Start, End time.Time
	Notes      []Note
}

type rawEpisode struct {
	start, dec int // dec < 0 when blank
	place, rne string
	year       int // index into years
	file       string
	line       int
}

// BuildHistory merges yearly returns into care histories. An episode in
// more than one year's return is taken from the latest. Rows the model
// cannot read (a blank child, a bad date) are errors naming file, line and
// field; irregular histories are handled as NoteHandling says and noted.
func BuildHistory(years []YearTables, space StateSpace) (*History, error) {
	if len(years) == 0 {
		return nil, fmt.Errorf("no returns given")
	}
	if space.codes == nil {
		space.init()
	}
	h := &History{Space: space}
	spans, err := yearSpans(years)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(years))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return spans[order[a]].End.Before(spans[order[b]].End) })
	for k := 1; k < len(order); k++ {
		if spans[order[k]].End.Equal(spans[order[k-1]].End) {
			return nil, &sightline.InputError{File: spans[order[k]].File, Msg: fmt.Sprintf("this episodes table and %s both cover the year to %s; give each year once", spans[order[k-1]].File, spans[order[k]].End.Format("2 January 2006"))}
		}
	}
	for _, i := range order {
		h.Years = append(h.Years, spans[i])
	}
	h.Start, h.End = h.Years[0].Start, h.Years[len(h.Years)-1].End

	// Dates of birth: the latest year's header wins.
	dobs := map[string]int{}
	dobFrom := map[string]string{}
	for _, i := range order {
		t := years[i].Header
		if t == nil {
			continue
		}
		ids, dob := t.Column("CHILD"), t.Column("DOB")
		for r := range ids {
			if ids[r] == "" || dob[r] == "" {
				continue
			}
			d := returns.ParseDate(dob[r])
			if !d.OK {
				return nil, &sightline.InputError{File: t.File, Line: line(t, r), Column: "DOB", Msg: fmt.Sprintf("%q is not a date (dd/mm/yyyy)", dob[r])}
			}
			day := dayOf(d.Time)
			if prev, ok := dobs[ids[r]]; ok && prev != day {
				h.note(Note{Kind: NoteDOBChanged, File: t.File, Line: line(t, r), Field: "DOB", Child: ids[r],
					Msg: fmt.Sprintf("%s here, %s in %s", timeOf(day).Format("02/01/2006"), timeOf(prev).Format("02/01/2006"), dobFrom[ids[r]])})
			}
			dobs[ids[r]] = day
			dobFrom[ids[r]] = t.File
		}
	}

	// Episodes, merged by child and start date, later years winning.
	type key struct {
		child string
		start int
	}
	merged := map[key]rawEpisode{}
	for yi, i := range order {
		t := years[i].Episodes
		seen := map[key]int{}
		ids, rne, place := t.Column("CHILD"), t.Column("RNE"), t.Column("PLACE")
		decom, dec := t.Column("DECOM"), t.Column("DEC")
		for r := range ids {
			if ids[r] == "" {
				return nil, &sightline.InputError{File: t.File, Line: line(t, r), Column: "CHILD", Msg: "the child's identifier is blank"}
			}
			s := returns.ParseDate(decom[r])
			if !s.OK {
				return nil, &sightline.InputError{File: t.File, Line: line(t, r), Column: "DECOM", Msg: fmt.Sprintf("%q is not a date (dd/mm/yyyy)", decom[r])}
			}
			e := rawEpisode{start: dayOf(s.Time), dec: -1, place: strings.ToUpper(place[r]), rne: rne[r], year: yi, file: t.File, line: line(t, r)}
			if dec[r] != "" {
				d := returns.ParseDate(dec[r])
				if !d.OK {
					return nil, &sightline.InputError{File: t.File, Line: line(t, r), Column: "DEC", Msg: fmt.Sprintf("%q is not a date (dd/mm/yyyy)", dec[r])}
				}
				e.dec = dayOf(d.Time)
				if e.dec < e.start {
					return nil, &sightline.InputError{File: t.File, Line: line(t, r), Column: "DEC", Msg: fmt.Sprintf("the episode ends (%s) before it starts (%s)", dec[r], decom[r])}
				}
			}
			k := key{ids[r], e.start}
			if prev, dup := seen[k]; dup {
				h.note(Note{Kind: NoteDuplicate, File: t.File, Line: line(t, r), Field: "DECOM", Child: ids[r], Msg: fmt.Sprintf("line %d starts on the same day", line(t, prev))})
			}
			seen[k] = r
			merged[k] = e
		}
	}
	byChild := map[string][]rawEpisode{}
	for k, e := range merged {
		byChild[k.child] = append(byChild[k.child], e)
	}
	ids := make([]string, 0, len(byChild))
	for id := range byChild {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	unknown := map[string]bool{}
	for _, id := range ids {
		eps := byChild[id]
		sort.Slice(eps, func(a, b int) bool { return eps[a].start < eps[b].start })
		dob, ok := dobs[id]
		if !ok {
			h.note(Note{Kind: NoteNoDOB, File: eps[0].file, Line: eps[0].line, Field: "DOB", Child: id, Msg: "no header row gives this child's date of birth"})
			continue
		}
		c := Child{ID: id, DOB: dob}
		prevEnd := -1 // end of the previous kept spell
		for j, e := range eps {
			end := e.dec
			last := j == len(eps)-1
			if end < 0 {
				switch {
				case !last:
					end = eps[j+1].start
					h.note(Note{Kind: NoteOpenBefore, File: e.file, Line: e.line, Field: "DEC", Child: id, Msg: fmt.Sprintf("no end date, but the next episode starts %s", timeOf(end).Format("02/01/2006"))})
				case e.year < len(h.Years)-1:
					end = max(dayOf(h.Years[e.year].End)+1, e.start)
					h.note(Note{Kind: NoteNotReturned, File: e.file, Line: e.line, Field: "DEC", Child: id, Msg: fmt.Sprintf("open at the end of the %s return but not in the %s return", h.Years[e.year].Name, h.Years[e.year+1].Name)})
				default:
					end = Open
				}
			} else if !last && eps[j+1].start < end {
				h.note(Note{Kind: NoteOverlap, File: e.file, Line: e.line, Field: "DEC", Child: id, Msg: fmt.Sprintf("ends %s, after the next episode starts (%s)", timeOf(end).Format("02/01/2006"), timeOf(eps[j+1].start).Format("02/01/2006"))})
				end = eps[j+1].start
			}
			if end == e.start {
				if !last {
					h.note(Note{Kind: NoteSameDay, File: e.file, Line: e.line, Field: "DEC", Child: id})
				} else {
					h.note(Note{Kind: NoteSameDay, File: e.file, Line: e.line, Field: "DEC", Child: id, Msg: "the child's last episode: the child is counted as leaving that day"})
				}
				continue
			}
			cat, known := space.CategoryOf(e.place)
			if !known && !unknown[e.place] {
				unknown[e.place] = true
				h.note(Note{Kind: NoteUnknownPlace, File: e.file, Line: e.line, Field: "PLACE", Child: id, Msg: fmt.Sprintf("%q is not a placement code any category lists; counted in %s", e.place, space.Categories[space.Other].Name)})
			} else if !known {
				h.note(Note{Kind: NoteUnknownPlace, File: e.file, Line: e.line, Field: "PLACE", Child: id, Msg: fmt.Sprintf("%q", e.place)})
			}
			newPeriod := prevEnd != e.start
			if prevEnd >= 0 && e.start > prevEnd && e.rne != "" && e.rne != "S" {
				h.note(Note{Kind: NoteGap, File: e.file, Line: e.line, Field: "DECOM", Child: id,
					Msg: fmt.Sprintf("starts %s, %d days after the previous episode ended, but RNE is %s, not S (a new period)", timeOf(e.start).Format("02/01/2006"), e.start-prevEnd, e.rne)})
			}
			c.Spells = append(c.Spells, Spell{Start: e.start, End: end, Place: e.place, Cat: cat, NewPeriod: newPeriod})
			prevEnd = end
		}
		if len(c.Spells) > 0 {
			h.Children = append(h.Children, c)
		}
	}
	return h, nil
}

func (h *History) note(n Note) { h.Notes = append(h.Notes, n) }

func line(t *returns.Table, r int) int {
	if r < len(t.Lines) {
		return t.Lines[r]
	}
	return r + 2
}

// yearSpans finds what each year's return covers.
func yearSpans(years []YearTables) ([]YearSpan, error) {
	out := make([]YearSpan, len(years))
	for i, y := range years {
		if y.Episodes == nil {
			return nil, fmt.Errorf("the %s return has no episodes table", y.Name)
		}
		for _, col := range []string{"CHILD", "DECOM", "DEC", "PLACE"} {
			if !y.Episodes.Has(col) {
				return nil, &sightline.InputError{File: y.Episodes.File, Line: 1, Column: col, Msg: "the episodes table has no " + col + " column"}
			}
		}
		if y.Header != nil {
			for _, col := range []string{"CHILD", "DOB"} {
				if !y.Header.Has(col) {
					return nil, &sightline.InputError{File: y.Header.File, Line: 1, Column: col, Msg: "the header table has no " + col + " column"}
				}
			}
		}
		end, inferred := y.End, false
		if end.IsZero() {
			latest := time.Time{}
			for _, d := range y.Episodes.DateColumn("DECOM") {
				if d.OK && d.After(latest) {
					latest = d.Time
				}
			}
			if latest.IsZero() {
				return nil, &sightline.InputError{File: y.Episodes.File, Column: "DECOM", Msg: "no episode has a start date, so the return's year cannot be told; give it"}
			}
			end = time.Date(latest.Year(), time.March, 31, 0, 0, 0, 0, time.UTC)
			if end.Before(latest) {
				end = end.AddDate(1, 0, 0)
			}
			inferred = true
		}
		name := y.Name
		if name == "" {
			name = fmt.Sprintf("%d/%02d", end.Year()-1, end.Year()%100)
		}
		out[i] = YearSpan{Name: name, Start: end.AddDate(-1, 0, 1), End: end, Inferred: inferred, File: y.Episodes.File}
	}
	return out, nil
}

// NoteCounts counts notes by kind, in a stable order, for reports.
func (h *History) NoteCounts() []KindCount {
	m := map[string]int{}
	for _, n := range h.Notes {
		m[n.Kind]++
	}
	var out []KindCount
	for k, n := range m {
		out = append(out, KindCount{Kind: k, Count: n, Handling: NoteHandling[k]})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Kind < out[b].Kind })
	return out
}

// KindCount is how many records one kind of irregularity touched, and how
// they were handled.
type KindCount struct {
	Kind     string `json:"kind"`
	Count    int    `json:"count"`
	Handling string `json:"handling"`
}

// StockAt counts the children in care at the end of a day, by state, from
// the history (the count DfE publishes for 31 March is this at 31 March).
func (h *History) StockAt(day time.Time) []int {
	d := dayOf(day)
	out := make([]int, h.Space.NumStates())
	for _, c := range h.Children {
		for _, s := range c.Spells {
			if s.Start <= d && d < s.End {
				if a := ageOn(c.DOB, d); a < h.Space.LeaveAge && a >= 0 {
					out[h.Space.State(h.Space.bandOfAge(a), s.Cat)]++
				}
				break
			}
		}
	}
	return out
}
