package y2024

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// 398: postcodes (from which distance is derived) are not recorded for a
// child on short breaks (V3/V4).
var _ = declare("398", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, home, place := e.Column("LS"), e.Column("HOME_POST"), e.Column("PL_POST")
	return rowsWhere(e, func(i int) bool {
		return isRespite(ls[i]) && (home[i] != "" || place[i] != "")
	})
})

// 399: for a child whose every episode is a short break (V3/V4), MOTHER,
// REVIEW and REVIEW_CODE are not recorded. A completed MOTHER faults the
// child's episodes, header and reviews; a completed review faults the
// episodes, header and that review.
var _ = declare("399", func(r *ssda903.Return) []rules.Hit {
	e, h, rv := r.T(ssda903.Episodes), r.T(ssda903.Header), r.T(ssda903.Reviews)
	hb, rb, eb := h.ByChild(), rv.ByChild(), e.ByChild()
	ls, ch := e.Column("LS"), e.Column("CHILD")
	// Few children have short breaks: find them first rather than walk
	// every child.
	respite := map[string]bool{}
	for i := 0; i < e.Len(); i++ {
		if isRespite(ls[i]) {
			respite[ch[i]] = true
		}
	}
	var hits []rules.Hit
	for child := range respite {
		eps := eb[child]
		allRespite := true
		for _, i := range eps {
			if !isRespite(ls[i]) {
				allRespite = false
				break
			}
		}
		if !allRespite {
			continue
		}
		var mothers, reviews []int
		for _, i := range hb[child] {
			if h.Str(i, "MOTHER") != "" {
				mothers = append(mothers, i)
			}
		}
		for _, i := range rb[child] {
			if rv.Str(i, "REVIEW") != "" || rv.Str(i, "REVIEW_CODE") != "" {
				reviews = append(reviews, i)
			}
		}
		if len(mothers) == 0 && len(reviews) == 0 {
			continue
		}
		for _, i := range eps {
			hits = append(hits, hit(e, i))
		}
		// A completed review implicates every header row of the child; a
		// completed MOTHER implicates every review row.
		if len(reviews) > 0 {
			mothers = hb[child]
		}
		if len(mothers) > 0 {
			reviews = rb[child]
		}
		for _, i := range mothers {
			hits = append(hits, hit(h, i))
		}
		for _, i := range reviews {
			hits = append(hits, hit(rv, i))
		}
	}
	return hits
})

// 407: a child who left care under a special guardianship order (E45–E48)
// must have been under 18 on the date ceased.
var _ = declare("407", func(r *ssda903.Return) []rules.Hit {
	e, h := r.T(ssda903.Episodes), r.T(ssda903.Header)
	hb, dob := h.ByChild(), h.DateColumn("DOB")
	rec, child, dec := e.Column("REC"), e.Column("CHILD"), e.DateColumn("DEC")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !dec[i].OK || !ssda903.In(rec[i], "E45", "E46", "E47", "E48") {
			continue
		}
		for _, j := range hb[child[i]] {
			if dob[j].OK && ssda903.Age(dob[j].Time, dec[i].Time) >= 18 {
				hits = append(hits, hit(e, i), hit(h, j))
			}
		}
	}
	return hits
})

// 408: a child placed for adoption with a placement order (A5, A6) must be
// under a placement order (legal status E1).
var _ = declare("408", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, ls := e.Column("PLACE"), e.Column("LS")
	return rowsWhere(e, func(i int) bool { return ssda903.In(pl[i], "A5", "A6") && ls[i] != "E1" })
})

// 426: a child on short breaks cannot have both V3 and V4 episodes in the
// year; all their V3 and V4 episodes are faulted.
var _ = declare("426", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, child := e.Column("LS"), e.Column("CHILD")
	v3, v4 := map[string]bool{}, map[string]bool{}
	for i := 0; i < e.Len(); i++ {
		switch ls[i] {
		case "V3":
			v3[child[i]] = true
		case "V4":
			v4[child[i]] = true
		}
	}
	return rowsWhere(e, func(i int) bool {
		if !isRespite(ls[i]) {
			return false
		}
		c := child[i]
		return v3[c] && v4[c]
	})
})

// eachPairD calls f for every episode with the child's previous episode (in
// the order of childRuns: by start, then end), collecting the rows for
// which f reports a fault.
func eachPairD(e *ssda903.Table, f func(prev, cur int) bool) []rules.Hit {
	var hits []rules.Hit
	for _, run := range childRuns(e, "DECOM", "DEC") {
		for k := 1; k < len(run); k++ {
			if f(run[k-1], run[k]) {
				hits = append(hits, hit(e, run[k]))
			}
		}
	}
	return hits
}

// 431: an episode starting a new period of care (RNE S) cannot start on or
// before the day the child's previous episode ended.
var _ = declare("431", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rne, decom, dec := e.Column("RNE"), e.DateColumn("DECOM"), e.DateColumn("DEC")
	return eachPairD(e, func(prev, cur int) bool {
		start, end := decom[cur], dec[prev]
		return rne[cur] == "S" && start.OK && end.OK && !start.After(end.Time)
	})
})

// ceasedCareD are the reasons an episode ceased that end the period of care.
var ceasedCareD = codeSet("E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11",
	"E12", "E13", "E14", "E15", "E16", "E17", "E41", "E45", "E46", "E47", "E48")

// 432: after an episode that ended the period of care, the child's next
// episode must start a new period of care (RNE S).
var _ = declare("432", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, rne := e.Column("REC"), e.Column("RNE")
	return eachPairD(e, func(prev, cur int) bool {
		c := rec[prev]
		return c != "X1" && c != "" && rne[cur] != "S" && ceasedCareD[c]
	})
})

// 433: a continuation episode (RNE P, L, T, U, B) must start on the day the
// child's previous episode ended; a missing date on either side is a fault.
var _ = declare("433", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rne, decom, dec := e.Column("RNE"), e.DateColumn("DECOM"), e.DateColumn("DEC")
	return eachPairD(e, func(prev, cur int) bool {
		if !ssda903.In(strings.ToUpper(rne[cur]), "P", "L", "T", "U", "B") {
			return false
		}
		start, end := decom[cur], dec[prev]
		return !start.OK || !end.OK || !start.Equal(end.Time)
	})
})

// placementD compares the placement details of two episodes: type,
// postcode, Ofsted URN and provider (blank matches blank).
type placementD struct{ ls, place, urn, provider, post []string }

func placementColsD(e *ssda903.Table) placementD {
	return placementD{e.Column("LS"), e.Column("PLACE"), e.Column("URN"), e.Column("PLACE_PROVIDER"), e.Column("PL_POST")}
}

func (p placementD) same(a, b int) bool {
	return p.place[a] == p.place[b] && p.urn[a] == p.urn[b] &&
		p.provider[a] == p.provider[b] && samePostcodeD(p.post[a], p.post[b])
}

func (p placementD) sameLS(a, b int) bool { return p.ls[a] == p.ls[b] }

// 434: an episode for a change of legal status only (RNE L) must change the
// legal status and keep the placement.
var _ = declare("434", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rne, p := e.Column("RNE"), placementColsD(e)
	return eachPairD(e, func(prev, cur int) bool {
		return rne[cur] == "L" && (p.sameLS(prev, cur) || !p.same(prev, cur))
	})
})

// 435: an episode for a change of placement only (RNE P, T) must keep the
// legal status and change some detail of the placement.
var _ = declare("435", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rne, p := e.Column("RNE"), placementColsD(e)
	return eachPairD(e, func(prev, cur int) bool {
		return ssda903.In(rne[cur], "P", "T") && (!p.sameLS(prev, cur) || p.same(prev, cur))
	})
})

// 436: an episode for a change of both placement and legal status (RNE U,
// B) must change the legal status and some detail of the placement.
var _ = declare("436", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rne, p := e.Column("RNE"), placementColsD(e)
	return eachPairD(e, func(prev, cur int) bool {
		return ssda903.In(rne[cur], "U", "B") && (p.sameLS(prev, cur) || p.same(prev, cur))
	})
})

// 437: an episode that ended because the child died (E2) or turned 18 (E15)
// must be the child's last.
var _ = declare("437", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, decom := e.Column("REC"), e.DateColumn("DECOM")
	var hits []rules.Hit
	for _, run := range childRuns(e, "DECOM", "DEC") {
		for k := 0; k+1 < len(run); k++ {
			i := run[k]
			if decom[i].OK && ssda903.In(strings.ToUpper(rec[i]), "E2", "E15") {
				hits = append(hits, hit(e, i))
			}
		}
	}
	return hits
})

// reviewAgeD faults reviews with one of the codes where the child's age on
// the review date fails ok; both dates must be valid.
func reviewAgeD(r *ssda903.Return, codes map[string]bool, ok func(age int) bool) []rules.Hit {
	rv := r.T(ssda903.Reviews)
	code, dob, on := rv.Column("REVIEW_CODE"), rv.DateColumn("DOB"), rv.DateColumn("REVIEW")
	return rowsWhere(rv, func(i int) bool {
		return codes[code[i]] && dob[i].OK && on[i].OK && !ok(ssda903.Age(dob[i].Time, on[i].Time))
	})
}

// 440: participation code PN0 (child under 4) requires the child to be
// under 4 on the review date.
var _ = declare("440", func(r *ssda903.Return) []rules.Hit {
	return reviewAgeD(r, codeSet("PN0"), func(age int) bool { return age < 4 })
})

// 441: participation codes PN1–PN7 require the child to be at least 4 on the
// review date.
var _ = declare("441", func(r *ssda903.Return) []rules.Hit {
	return reviewAgeD(r, codeSet("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"), func(age int) bool { return age >= 4 })
})

// 442: a looked-after child with any episode not on short breaks must have a
// UPN.
var _ = declare("442", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	upn, child := h.Column("UPN"), h.Column("CHILD")
	lookedAfter := lookedAfterD(r)
	return rowsWhere(h, func(i int) bool { return upn[i] == "" && lookedAfter(child[i]) })
})

// Freeing orders (D1) gave way to placement orders (E1) on 30 December 2005
// under the Adoption and Children Act 2002; DfE's checks use these bounds.
var (
	lastD1StartD  = time.Date(2005, time.December, 31, 0, 0, 0, 0, time.UTC)
	firstE1StartD = time.Date(2005, time.December, 1, 0, 0, 0, 0, time.UTC)
)

// 445: an episode under a freeing order (D1) cannot start after December
// 2005.
var _ = declare("445", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, decom := e.Column("LS"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool { return ls[i] == "D1" && decom[i].OK && decom[i].After(lastD1StartD) })
})

// 446: an episode under a placement order (E1) cannot start before
// December 2005.
var _ = declare("446", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, decom := e.Column("LS"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool { return ls[i] == "E1" && decom[i].OK && decom[i].Before(firstE1StartD) })
})

// 451: no child can still be freed for adoption: an episode under D1 must
// have ended (DEC or REC given).
var _ = declare("451", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, dec, rec := e.Column("LS"), e.Column("DEC"), e.Column("REC")
	return rowsWhere(e, func(i int) bool { return ls[i] == "D1" && dec[i] == "" && rec[i] == "" })
})

// 460: a child who stayed with their carers at 18 (E17) must have been at
// least 18 on the date ceased.
var _ = declare("460", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, child, dec := e.Column("REC"), e.Column("CHILD"), e.DateColumn("DEC")
	dob := headerDOB(r)
	return rowsWhere(e, func(i int) bool {
		if rec[i] != "E17" || !dec[i].OK {
			return false
		}
		b, ok := dob.of(child[i])
		return ok && ssda903.Age(b.Time, dec[i].Time) < 18
	})
})
