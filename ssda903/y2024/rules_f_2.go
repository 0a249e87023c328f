package y2024

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Social worker episode rules (SW…). The social worker reporting period
// runs from a year before the collection year to its end.

// swStartF is the start of the social worker reporting period.
func swStartF(r *ssda903.Return) time.Time { return r.CollectionStart().AddDate(-1, 0, 0) }

// openAtEndF reports whether episode i is open at 31 March and not a
// short break, so the child is looked after then.
func openAtEndF(e *ssda903.Table, i int) bool {
	return e.Blank(i, "DEC") && !isRespite(e.Str(i, "LS"))
}

// SW01STG1: a child looked after on 31 March needs social worker episodes
// giving a social worker ID and a start date.
var _ = declare("SW01STG1", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.SWEpisodes) || !supplied(r, ssda903.Episodes) {
		return nil
	}
	e, sw := r.T(ssda903.Episodes), r.T(ssda903.SWEpisodes)
	// Read the social worker table in order once: scattered reads of its
	// cells per child are slow on a national file.
	const hasID, hasStart = 1, 2
	given := make([]uint8, sw.Len())
	for j := range given {
		if !sw.Blank(j, "SW_ID") {
			given[j] |= hasID
		}
		if !sw.Blank(j, "SW_DECOM") {
			given[j] |= hasStart
		}
	}
	swRows := sw.ByChild()
	return rowsWhere(e, func(i int) bool {
		if !openAtEndF(e, i) {
			return false
		}
		var all uint8
		for _, j := range swRows[e.Str(i, "CHILD")] {
			all |= given[j]
		}
		return all != hasID|hasStart
	})
})

// SW02STG1: a social worker ID must begin SW or XX.
var _ = declare("SW02STG1", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	return rowsWhere(sw, func(i int) bool {
		id := sw.Str(i, "SW_ID")
		return !strings.HasPrefix(id, "SW") && !strings.HasPrefix(id, "XX")
	})
})

// SW03STG1: every social worker episode needs an ID, a start date and a
// reason for change.
var _ = declare("SW03STG1", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	return rowsWhere(sw, func(i int) bool {
		return sw.Blank(i, "SW_ID") || sw.Blank(i, "SW_DECOM") || sw.Blank(i, "SW_REASON")
	})
})

// SW04STG1: the social worker episode's start must be a valid date (unknown
// parts may be ZZ).
var _ = declare("SW04STG1", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom := sw.DateColumn("SW_DECOM") // parsed already: a quick yes
	return rowsWhere(sw, func(i int) bool {
		_, _, ok := partialDateF(sw.Str(i, "SW_DECOM"))
		return !decom[i].OK && !ok
	})
})

// SW05STG1: the social worker episode's end, where given, must be a valid
// date (unknown parts may be ZZ).
var _ = declare("SW05STG1", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	dec := sw.DateColumn("SW_DEC") // parsed already: a quick yes
	return rowsWhere(sw, func(i int) bool {
		if dec[i].OK || sw.Blank(i, "SW_DEC") {
			return false
		}
		_, _, ok := partialDateF(sw.Str(i, "SW_DEC"))
		return !ok
	})
})

// SW06STG2: a social worker episode cannot start after the collection year.
var _ = declare("SW06STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom := sw.DateColumn("SW_DECOM")
	return rowsWhere(sw, func(i int) bool {
		return decom[i].OK && decom[i].After(r.CollectionEnd())
	})
})

// SW07STG2: a social worker episode's end must fall within the social worker
// reporting period.
var _ = declare("SW07STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	dec, from := sw.DateColumn("SW_DEC"), swStartF(r)
	return rowsWhere(sw, func(i int) bool {
		d := dec[i]
		return d.OK && (d.Before(from) || d.After(r.CollectionEnd()))
	})
})

// SW09STG2: a social worker episode must not end the day it starts.
var _ = declare("SW09STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	return rowsWhere(sw, func(i int) bool {
		start, end := sw.Str(i, "SW_DECOM"), sw.Str(i, "SW_DEC")
		return start != "" && end != "" && sameDate(start, end)
	})
})

// SW108STG2: every social worker episode but a child's latest must have
// ended.
var _ = declare("SW108STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom, dec := sw.DateColumn("SW_DECOM"), sw.DateColumn("SW_DEC")
	var hits []rules.Hit
	for _, rows := range childRuns(sw, "SW_DECOM", "SW_DEC") {
		for _, i := range rows[:len(rows)-1] {
			if decom[i].OK && !dec[i].OK {
				hits = append(hits, hit(sw, i))
			}
		}
	}
	return hits
})

// SW10STG2: a social worker episode must not start before the previous one
// ended (7 days' tolerance), unless the reason is FCONTA.
var _ = declare("SW10STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom, dec := sw.DateColumn("SW_DECOM"), sw.DateColumn("SW_DEC")
	var hits []rules.Hit
	for _, rows := range childRuns(sw, "SW_DECOM", "SW_DEC") {
		for k := 1; k < len(rows); k++ {
			cur, prev := rows[k], rows[k-1]
			start, prevEnd := decom[cur], dec[prev]
			if start.OK && prevEnd.OK && start.Before(prevEnd.AddDate(0, 0, -7)) && sw.Str(cur, "SW_REASON") != "FCONTA" {
				hits = append(hits, hit(sw, cur))
			}
		}
	}
	return hits
})

// SW11STG2: a social worker episode that ended before 31 March must be
// followed by one starting the day it ended.
var _ = declare("SW11STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom, dec := sw.DateColumn("SW_DECOM"), sw.DateColumn("SW_DEC")
	var hits []rules.Hit
	for _, rows := range childRuns(sw, "SW_DECOM", "SW_DEC") {
		for k := 1; k < len(rows); k++ {
			end := dec[rows[k-1]]
			if !end.OK || !end.Before(r.CollectionEnd()) {
				continue
			}
			if next := decom[rows[k]]; !next.OK || !next.Equal(end.Time) {
				hits = append(hits, hit(sw, rows[k]))
			}
		}
	}
	return hits
})

// SW12STG2: a child looked after on 31 March needs social worker episodes
// from the start of the year, or from when the child's care began if later.
var _ = declare("SW12STG2", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.SWEpisodes) || !supplied(r, ssda903.Episodes) {
		return nil
	}
	e, sw := r.T(ssda903.Episodes), r.T(ssda903.SWEpisodes)
	eps, swRows := e.ByChild(), sw.ByChild()
	decom, swDecom := e.DateColumn("DECOM"), sw.DateColumn("SW_DECOM")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !openAtEndF(e, i) {
			continue
		}
		c := e.Str(i, "CHILD")
		need := r.CollectionStart()
		if k := earliestRow(eps[c], decom, nil); k >= 0 && decom[k].After(need) {
			need = decom[k].Time
		}
		// The child's earliest social worker episode must have begun by then.
		if earliest := firstByDate(swRows[c], swDecom); earliest >= 0 {
			if d := swDecom[earliest]; d.OK && !d.After(need) {
				continue
			}
			hits = append(hits, hit(sw, earliest))
		}
		hits = append(hits, hit(e, i))
	}
	return hits
})

// swReasonsF are the reasons a social worker changed.
var swReasonsF = codeSet("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS")

// SW13STG1: the reason for social worker change must be a valid code; only
// a child's first episode of the year (the one open on 1 April, else the
// first to start after it) may leave it blank.
var _ = declare("SW13STG1", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	start := r.CollectionStart()
	decom, dec := sw.DateColumn("SW_DECOM"), sw.DateColumn("SW_DEC")
	mayBlank := make([]bool, sw.Len())
	for _, rows := range childRuns(sw, "SW_DECOM", "SW_DEC") {
		before, after := -1, -1
		for _, i := range rows {
			d := decom[i]
			switch {
			case !d.OK:
			case d.Before(start):
				before = i
			case after < 0:
				after = i
			}
		}
		if before >= 0 {
			if end := dec[before]; !end.OK || !end.Before(start) {
				mayBlank[before] = true
				continue
			}
		}
		if after >= 0 {
			mayBlank[after] = true
		}
	}
	return rowsWhere(sw, func(i int) bool {
		reason := sw.Str(i, "SW_REASON")
		return reason == "" && !mayBlank[i] || reason != "" && !swReasonsF[reason]
	})
})

// SW14STG2: only a child's latest social worker episode may be left open.
var _ = declare("SW14STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	open := make([]bool, sw.Len()) // read in table order: it is faster
	for i := range open {
		open[i] = sw.Blank(i, "SW_DEC")
	}
	var hits []rules.Hit
	for _, rows := range childRuns(sw, "SW_DECOM", "SW_DEC") {
		for _, i := range rows[:len(rows)-1] {
			if open[i] {
				hits = append(hits, hit(sw, i))
			}
		}
	}
	return hits
})

// SW15STG2: a social worker episode within the reporting period needs a
// reason for change.
var _ = declare("SW15STG2", func(r *ssda903.Return) []rules.Hit {
	sw := r.T(ssda903.SWEpisodes)
	decom, from := sw.DateColumn("SW_DECOM"), swStartF(r)
	return rowsWhere(sw, func(i int) bool {
		d := decom[i]
		return sw.Blank(i, "SW_REASON") && !(d.OK && d.Before(from))
	})
})

// carriedOverF faults a child's first social worker episode this year when
// last year's latest episode was still open and same(last, this) fails.
// Unlike the episodes' carriedOverE, undated rows still count (the first
// row stands in when none is dated), and "open" means a blank end date.
func carriedOverF(same func(last, cur string) bool, col string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		if !r.HasPrev(ssda903.SWEpisodes) {
			return nil
		}
		sw, last := r.T(ssda903.SWEpisodes), r.Prev(ssda903.SWEpisodes)
		lastDecom, decom := last.DateColumn("SW_DECOM"), sw.DateColumn("SW_DECOM")
		lastRows := last.ByChild()
		var hits []rules.Hit
		for c, rows := range sw.ByChild() {
			// Last year's latest start (the first row if none is dated).
			latest := latestRow(lastRows[c], lastDecom, nil)
			if latest < 0 && len(lastRows[c]) > 0 {
				latest = lastRows[c][0]
			}
			if latest < 0 || !last.Blank(latest, "SW_DEC") {
				continue
			}
			first := firstByDate(rows, decom)
			if !same(last.Str(latest, col), sw.Str(first, col)) {
				hits = append(hits, hit(sw, first))
			}
		}
		return hits
	}
}

// sameTextF compares codes and IDs exactly (blank matches blank).
func sameTextF(a, b string) bool { return a == b }

// SW16aSTG2, SW16bSTG2, SW16cSTG2: when a child's social worker episode was
// open at the end of last year, this year's first episode must carry on
// with the same social worker, start date and reason.
var (
	_ = declare("SW16aSTG2", carriedOverF(sameTextF, "SW_ID"))
	_ = declare("SW16bSTG2", carriedOverF(sameDate, "SW_DECOM"))
	_ = declare("SW16cSTG2", carriedOverF(sameTextF, "SW_REASON"))
)
