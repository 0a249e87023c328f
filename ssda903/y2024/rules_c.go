package y2024

import (
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Rules of range c comparing the child's details with last year's, and the
// UASC rules.

// 202: the child's sex must be the same as recorded last year.
var _ = declare("202", func(r *ssda903.Return) []rules.Hit {
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		return h.Str(i, "SEX") == l.Str(j, "SEX")
	})
})

// 203: the date of birth must be the same as recorded last year (two
// unreadable dates count as the same; 102 reports them).
var _ = declare("203", func(r *ssda903.Return) []rules.Hit {
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		a, b := h.Date(i, "DOB"), l.Date(j, "DOB")
		return a.OK == b.OK && (!a.OK || a.Equal(b.Time))
	})
})

// 204: the ethnic origin must be the same as recorded last year, whatever
// its case.
var _ = declare("204", func(r *ssda903.Return) []rules.Hit {
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		return ssda903.Upper(h.Str(i, "ETHNIC")) == ssda903.Upper(l.Str(j, "ETHNIC"))
	})
})

// 207: a child recorded last year as a mother, and still looked after
// (having episodes), must still be recorded as a mother.
var _ = declare("207", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) {
		return nil
	}
	eps := r.T(ssda903.Episodes).ByChild()
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		was := l.Str(j, "MOTHER")
		return was != "1" || h.Str(i, "MOTHER") == was || len(eps[h.Str(i, "CHILD")]) == 0
	})
})

// unknownUPNC are the codes for an unknown UPN; UN1 is the only one that
// may later become UN2–UN5.
var unknownUPNC = codeSet("UN1", "UN2", "UN3", "UN4", "UN5")

// 208: the UPN must be the same as last year's, except that an unknown or
// missing UPN may become known, and UN1 or a missing UPN may become UN2–UN5
// (case ignored).
var _ = declare("208", func(r *ssda903.Return) []rules.Hit {
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		now, was := ssda903.Upper(h.Str(i, "UPN")), ssda903.Upper(l.Str(j, "UPN"))
		switch {
		case now == was:
			return true
		case (was == "UN1" || was == "") && unknownUPNC[now] && now != "UN1":
			return true
		case (was == "" || unknownUPNC[was]) && now != "" && !unknownUPNC[now]:
			return true
		}
		return false
	})
})

// 209: a child of school age (4 by 31 August of the year before the
// collection year began) must not have UPN UN1.
var _ = declare("209", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	ref := time.Date(r.CollectionStart().Year()-1, time.August, 31, 0, 0, 0, 0, time.UTC)
	return rowsWhere(h, func(i int) bool {
		dob := h.Date(i, "DOB")
		return h.Str(i, "UPN") == "UN1" && dob.OK && !addYears(dob.Time, 4).After(ref)
	})
})

// 210: a child with an episode starting on or after 24 March of the
// collection year's end must not have UPN UN4; both the episode and the
// Header row are faulted.
var _ = declare("210", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	ref := time.Date(r.CollectionEnd().Year(), time.March, 24, 0, 0, 0, 0, time.UTC)
	var hits []rules.Hit
	hdr := h.ByChild()
	child, start := e.Column("CHILD"), e.DateColumn("DECOM")
	for i := 0; i < e.Len(); i++ {
		if !start[i].OK || start[i].Before(ref) {
			continue
		}
		for _, j := range hdr[child[i]] {
			if h.Str(j, "UPN") == "UN4" {
				hits = append(hits, hit(e, i), hit(h, j))
			}
		}
	}
	return hits
})

// 301: the date of birth must not be after the collection year ends.
var _ = declare("301", func(r *ssda903.Return) []rules.Hit {
	h, end := r.T(ssda903.Header), r.CollectionEnd()
	return rowsWhere(h, func(i int) bool {
		d := h.Date(i, "DOB")
		return d.OK && d.After(end)
	})
})

// 302: the child's first episode must not start before their birth.
var _ = declare("302", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	var hits []rules.Hit
	starts := e.DateColumn("DECOM")
	for c, rows := range e.ByChild() {
		first := earliestRow(rows, starts, nil)
		if first < 0 {
			continue
		}
		for _, j := range hdr[c] {
			if dob := births[j]; dob.OK && dob.After(starts[first].Time) {
				hits = append(hits, hit(e, first), hit(h, j))
			}
		}
	}
	return hits
})

// 351: the child must not have been over 25 when the collection year
// began.
var _ = declare("351", func(r *ssda903.Return) []rules.Hit {
	h, start := r.T(ssda903.Header), r.CollectionStart()
	return rowsWhere(h, func(i int) bool {
		dob := h.Date(i, "DOB")
		return dob.OK && start.After(addYears(dob.Time, 25))
	})
})

// 3001: a care leaver whose 17th birthday falls in the collection year
// cannot be accommodated with former foster carers (Z1, Z2).
var _ = declare("3001", func(r *ssda903.Return) []rules.Hit {
	h, oc3 := r.T(ssda903.Header), r.T(ssda903.OC3)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	start, end := r.CollectionStart(), r.CollectionEnd()
	return rowsWhere(oc3, func(i int) bool {
		if a := ssda903.Upper(oc3.Str(i, "ACCOM")); a != "Z1" && a != "Z2" {
			return false
		}
		for _, j := range hdr[oc3.Str(i, "CHILD")] {
			if dob := births[j]; dob.OK && between(addYears(dob.Time, 17), start, end) {
				return true
			}
		}
		return false
	})
})

// uascYearC is one year's view of which children were UASC. XML returns
// carry a UASC flag in the Header; CSV returns do not, so there a child
// listed in the UASC table counts as UASC, as DfE's tool does on loading.
// Lookups go through the tables' memoised child indexes, so no per-call
// map of every child is built.
type uascYearC struct {
	hdr, uasc *ssda903.Table // nil when not given
	flagged   bool           // the Header has a UASC column
}

// uascYearOfC builds the view from a year's Header and UASC tables (nil
// when not given); ok is false when neither says who was UASC.
func uascYearOfC(hdr, uasc *ssda903.Table) (uascYearC, bool) {
	y := uascYearC{hdr: hdr, uasc: uasc, flagged: hdr != nil && hdr.Has("UASC")}
	return y, y.flagged || uasc != nil
}

// table is the year's list of children: the Header, or the UASC table
// when no Header was given.
func (y uascYearC) table() *ssda903.Table {
	if y.hdr != nil {
		return y.hdr
	}
	return y.uasc
}

// status is "1" for a UASC child, "0" for one listed but not UASC, the
// Header's flag as given otherwise, and "" for a child not listed.
func (y uascYearC) status(c string) string {
	if y.flagged {
		v := ""
		for k, i := range y.hdr.ByChild()[c] {
			if f := y.hdr.Str(i, "UASC"); k == 0 || f == "1" {
				v = f
			}
		}
		return v
	}
	switch {
	case len(y.uasc.ByChild()[c]) > 0:
		return "1"
	case y.hdr != nil && len(y.hdr.ByChild()[c]) > 0:
		return "0"
	}
	return ""
}

// headerHitsC faults the child's Header rows, when a Header was given.
func (y uascYearC) headerHitsC(c string) []rules.Hit {
	if y.hdr == nil {
		return nil
	}
	return hitRows(y.hdr, y.hdr.ByChild()[c])
}

// uascYearsC gives both years' views for the 205 rules, which need the
// UASC table of both years.
func uascYearsC(r *ssda903.Return) (cur, last uascYearC, ok bool) {
	if r.Tables[ssda903.UASC] == nil || r.Last[ssda903.UASC] == nil {
		return cur, last, false
	}
	cur, _ = uascYearOfC(r.Tables[ssda903.Header], r.Tables[ssda903.UASC])
	last, _ = uascYearOfC(r.Last[ssda903.Header], r.Last[ssda903.UASC])
	return cur, last, true
}

// 205A: a child UASC last year but not this year must have ceased to be
// UASC during last year, and have no date ceased this year.
var _ = declare("205A", func(r *ssda903.Return) []rules.Hit {
	cur, last, ok := uascYearsC(r)
	if !ok {
		return nil
	}
	u, ul := r.T(ssda903.UASC), r.Prev(ssda903.UASC)
	prev := ul.ByChild()
	from, to := r.CollectionStart().AddDate(-1, 0, 0), r.CollectionEnd().AddDate(-1, 0, 0)
	var hits []rules.Hit
	for i := 0; i < u.Len(); i++ {
		c := u.Str(i, "CHILD")
		if cur.status(c) == "1" || len(prev[c]) == 0 || last.status(c) != "1" {
			continue
		}
		bad := false
		for _, j := range prev[c] {
			d := ul.Date(j, "DUC")
			bad = bad || !u.Blank(i, "DUC") || !d.OK || !between(d.Time, from, to)
		}
		if bad {
			hits = append(hits, hit(u, i))
			hits = append(hits, cur.headerHitsC(c)...)
		}
	}
	return hits
})

// 205B: a child UASC both years must have had their 18th birthday as last
// year's date UASC ceased, and this year's date must fall in this year or
// repeat last year's.
var _ = declare("205B", func(r *ssda903.Return) []rules.Hit {
	cur, last, ok := uascYearsC(r)
	if !ok {
		return nil
	}
	u, ul := r.T(ssda903.UASC), r.Prev(ssda903.UASC)
	prev := ul.ByChild()
	start, end := r.CollectionStart(), r.CollectionEnd()
	var hits []rules.Hit
	for i := 0; i < u.Len(); i++ {
		c := u.Str(i, "CHILD")
		if cur.status(c) != "1" || last.status(c) != "1" {
			continue
		}
		duc := u.Date(i, "DUC")
		bad := false
		for _, j := range prev[c] {
			was := ul.Date(j, "DUC")
			dob := ul.Date(j, "DOB")
			if !dob.OK {
				dob = u.Date(i, "DOB")
			}
			inYear := duc.OK && between(duc.Time, start, end)
			repeated := duc.OK && was.OK && duc.Equal(was.Time)
			at18 := was.OK && dob.OK && was.Equal(addYears(dob.Time, 18))
			bad = bad || (!inYear && !repeated) || !at18
		}
		if bad {
			hits = append(hits, hit(u, i))
			hits = append(hits, cur.headerHitsC(c)...)
		}
	}
	return hits
})

// 205C: a child UASC in neither year must have no date UASC ceased in
// either year.
var _ = declare("205C", func(r *ssda903.Return) []rules.Hit {
	cur, last, ok := uascYearsC(r)
	if !ok {
		return nil
	}
	u, ul := r.T(ssda903.UASC), r.Prev(ssda903.UASC)
	prev := ul.ByChild()
	never := func(s string) bool { return s == "" || s == "0" }
	var hits []rules.Hit
	for i := 0; i < u.Len(); i++ {
		c := u.Str(i, "CHILD")
		was := ""
		if len(prev[c]) > 0 {
			was = last.status(c)
		}
		if !never(cur.status(c)) || !never(was) {
			continue
		}
		dated := u.Date(i, "DUC").OK
		for _, j := range prev[c] {
			dated = dated || ul.Date(j, "DUC").OK
		}
		if dated {
			hits = append(hits, hit(u, i))
			hits = append(hits, cur.headerHitsC(c)...)
		}
	}
	return hits
})

// 205D: a child UASC this year must have been UASC last year if last
// year's return lists them.
var _ = declare("205D", func(r *ssda903.Return) []rules.Hit {
	cur, ok := uascYearOfC(r.Tables[ssda903.Header], r.Tables[ssda903.UASC])
	if !ok {
		return nil
	}
	last, ok := uascYearOfC(r.Last[ssda903.Header], r.Last[ssda903.UASC])
	if !ok {
		return nil
	}
	listed := last.table().ByChild()
	t := cur.table()
	return rowsWhere(t, func(i int) bool {
		c := t.Str(i, "CHILD")
		return len(listed[c]) > 0 && cur.status(c) == "1" && last.status(c) != "1"
	})
})

// 303: a child with a date UASC ceased must be flagged UASC (1). Only XML
// returns carry the flag; in CSV returns a child listed in UASC is UASC.
var _ = declare("303", func(r *ssda903.Return) []rules.Hit {
	h, u := r.Tables[ssda903.Header], r.Tables[ssda903.UASC]
	if h == nil || u == nil || !h.Has("UASC") {
		return nil
	}
	hdr := h.ByChild()
	var hits []rules.Hit
	for j := 0; j < u.Len(); j++ {
		if u.Blank(j, "DUC") {
			continue
		}
		for _, i := range hdr[u.Str(j, "CHILD")] {
			if h.Str(i, "UASC") != "1" {
				hits = append(hits, hit(h, i), hit(u, j))
			}
		}
	}
	return hits
})

// 304: the date UASC ceased must be on or before the child's 18th birthday.
var _ = declare("304", func(r *ssda903.Return) []rules.Hit {
	u := r.T(ssda903.UASC)
	return rowsWhere(u, func(i int) bool {
		duc, dob := u.Date(i, "DUC"), u.Date(i, "DOB")
		return duc.OK && dob.OK && duc.After(addYears(dob.Time, 18))
	})
})
