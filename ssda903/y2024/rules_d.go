package y2024

import (
	"strings"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// tooYoungAtStartD faults episodes with a placement code that began before
// the child reached the minimum age for that kind of placement.
func tooYoungAtStartD(r *ssda903.Return, place string, minAge int) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, child, decom := e.Column("PLACE"), e.Column("CHILD"), e.DateColumn("DECOM")
	dob := headerDOB(r)
	return rowsWhere(e, func(i int) bool {
		if pl[i] != place || !decom[i].OK {
			return false
		}
		b, ok := dob.of(child[i])
		return ok && ssda903.Age(b.Time, decom[i].Time) < minAge
	})
}

// overlongD faults episodes with a placement code that lasted more than
// maxDays days (ended later than DECOM + maxDays).
func overlongD(r *ssda903.Return, place string, maxDays int) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, decom, dec := e.Column("PLACE"), e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool {
		return pl[i] == place && decom[i].OK && dec[i].OK && dec[i].After(decom[i].AddDate(0, 0, maxDays))
	})
}

// ageWhenCeasedD faults episodes whose reason for ceasing is one of recs and
// whose child's age on the date ceased fails ok. Both dates must be valid.
func ageWhenCeasedD(r *ssda903.Return, recs []string, ok func(age int) bool) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, child, dec := e.Column("REC"), e.Column("CHILD"), e.DateColumn("DEC")
	dob := headerDOB(r)
	return rowsWhere(e, func(i int) bool {
		if !dec[i].OK || !ssda903.In(strings.ToUpper(rec[i]), recs...) {
			return false
		}
		b, has := dob.of(child[i])
		return has && !ok(ssda903.Age(b.Time, dec[i].Time))
	})
}

// 371: a child placed in supported accommodation not subject to children's
// homes regulations (K3) must be at least 16 when the episode starts.
var _ = declare("371", func(r *ssda903.Return) []rules.Hit { return tooYoungAtStartD(r, "K3", 16) })

// 372: a child in youth custody or prison (R5) must be at least 10.
var _ = declare("372", func(r *ssda903.Return) []rules.Hit { return tooYoungAtStartD(r, "R5", 10) })

// 373: a child placed in a school (S1) must be at least 4.
var _ = declare("373", func(r *ssda903.Return) []rules.Hit { return tooYoungAtStartD(r, "S1", 4) })

// 374: a child in residential employment (P3) must be at least 14.
var _ = declare("374", func(r *ssda903.Return) []rules.Hit { return tooYoungAtStartD(r, "P3", 14) })

// 375: a temporary placement for hospitalisation (T1) lasts at most six weeks.
var _ = declare("375", func(r *ssda903.Return) []rules.Hit { return overlongD(r, "T1", 42) })

// 376: a temporary placement for the foster carers' holiday (T3) lasts at
// most three weeks.
var _ = declare("376", func(r *ssda903.Return) []rules.Hit { return overlongD(r, "T3", 21) })

// 377: at most two T3 (foster carers' holiday) placements in a 12-month
// period; the return covers one year, so every T3 episode of a child with
// more than two is faulted.
var _ = declare("377", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, child := e.Column("PLACE"), e.Column("CHILD")
	count := map[string]int{}
	for i := 0; i < e.Len(); i++ {
		if pl[i] == "T3" {
			count[child[i]]++
		}
	}
	return rowsWhere(e, func(i int) bool { return pl[i] == "T3" && count[child[i]] > 2 })
})

// 378: a child placed with parents (P1) cannot be accommodated under a
// single period of section 20 accommodation (V2).
var _ = declare("378", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, ls := e.Column("PLACE"), e.Column("LS")
	return rowsWhere(e, func(i int) bool { return pl[i] == "P1" && ls[i] == "V2" })
})

// 379: a temporary placement for an unspecified reason (T4) lasts at most
// seven days.
var _ = declare("379", func(r *ssda903.Return) []rules.Hit { return overlongD(r, "T4", 7) })

// 380: a period of care cannot start with a temporary placement, so a
// temporary placement's episode must be a change of placement (P or B).
var _ = declare("380", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, rne := e.Column("PLACE"), e.Column("RNE")
	return rowsWhere(e, func(i int) bool { return isTemp(pl[i]) && !ssda903.In(rne[i], "P", "B") })
})

// 381: a period of care cannot end with a temporary placement: a temporary
// placement that has ended must end with X1 (episode ceases, new one begins).
var _ = declare("381", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, rec := e.Column("PLACE"), e.Column("REC")
	return rowsWhere(e, func(i int) bool {
		c := rec[i]
		return isTemp(pl[i]) && c != "" && c != "X1"
	})
})

// 382: a child on short breaks (V3/V4) cannot be in a temporary placement.
var _ = declare("382", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, ls := e.Column("PLACE"), e.Column("LS")
	return rowsWhere(e, func(i int) bool { return isRespite(ls[i]) && isTemp(pl[i]) })
})

// 383: after a temporary placement the child returns to the placement they
// had before it: the next episode is a change of placement only (RNE P)
// with the same placement type as the episode before the temporary one.
var _ = declare("383", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, rne := e.Column("PLACE"), e.Column("RNE")
	var hits []rules.Hit
	for _, run := range childRuns(e, "DECOM", "DEC") {
		for k := 1; k+1 < len(run); k++ {
			i, prev, next := run[k], run[k-1], run[k+1]
			if isTemp(pl[i]) && (rne[next] != "P" || pl[next] != pl[prev]) {
				hits = append(hits, hit(e, i))
			}
		}
	}
	return hits
})

// 384: a child on short breaks (V3/V4) cannot be in a long-term foster
// placement (U1, U4).
var _ = declare("384", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, ls := e.Column("PLACE"), e.Column("LS")
	return rowsWhere(e, func(i int) bool { return isRespite(ls[i]) && ssda903.In(pl[i], "U1", "U4") })
})

// 385: an episode cannot cease after the end of the collection year.
var _ = declare("385", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	dec, end := e.DateColumn("DEC"), r.CollectionEnd()
	return rowsWhere(e, func(i int) bool { return dec[i].OK && dec[i].After(end) })
})

// 386: a child adopted (E11, E12) must be under 18 on the date adopted.
var _ = declare("386", func(r *ssda903.Return) []rules.Hit {
	return ageWhenCeasedD(r, []string{"E11", "E12"}, func(age int) bool { return age < 18 })
})

// 387: a child who moved into independent living (E5, E6) must have been
// at least 14.
var _ = declare("387", func(r *ssda903.Return) []rules.Hit {
	return ageWhenCeasedD(r, []string{"E5", "E6"}, func(age int) bool { return age >= 14 })
})

// 388: X1 (episode ceases, new episode begins) is used exactly when the
// next episode starts the day this one ends: an X1 episode followed by one
// starting another day, a non-X1 episode followed by one starting the same
// day, or an X1 on the child's last episode are all faults.
var _ = declare("388", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, decom, dec := e.Column("REC"), e.DateColumn("DECOM"), e.DateColumn("DEC")
	var hits []rules.Hit
	for _, run := range childRuns(e, "DECOM", "DEC") {
		for k, i := range run {
			c := rec[i]
			if !dec[i].OK || c == "" {
				continue
			}
			var bad bool
			if k == len(run)-1 {
				bad = c == "X1"
			} else if next := decom[run[k+1]]; next.OK {
				bad = (c == "X1") != next.Equal(dec[i].Time)
			}
			if bad {
				hits = append(hits, hit(e, i))
			}
		}
	}
	return hits
})

// 389: a child transferred to adult social care (E7) must be at least 16.
var _ = declare("389", func(r *ssda903.Return) []rules.Hit {
	return ageWhenCeasedD(r, []string{"E7"}, func(age int) bool { return age >= 16 })
})

// 390: a child adopted (E11, E12) must have been placed for adoption: the
// episode's placement is an adoption placement (A3–A6).
var _ = declare("390", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, rec := e.Column("PLACE"), e.Column("REC")
	return rowsWhere(e, func(i int) bool {
		return ssda903.In(rec[i], "E11", "E12") && !ssda903.In(pl[i], "A3", "A4", "A5", "A6")
	})
})

// 391: care leaver outcomes (IN_TOUCH, ACTIV, ACCOM) are only for young
// people aged at least 17 at the end of the collection year.
var _ = declare("391", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC3)
	ageOf, info := ageAtYearEnd(r, o), columns(o, oc3Fields)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age < 17 && anyFilled(info, i)
	})
})

// formerUASCD is the children known to be, or to have been, unaccompanied
// asylum-seeking children: listed with any detail in this or last year's
// UASC table, or flagged UASC=1 where a Header carries that column.
func formerUASCD(r *ssda903.Return) map[string]bool {
	out := map[string]bool{}
	for _, t := range []*ssda903.Table{r.T(ssda903.UASC), r.Prev(ssda903.UASC)} {
		child := t.Column("CHILD")
		for i := 0; i < t.Len(); i++ {
			for _, col := range t.Columns {
				if col != "CHILD" && t.Str(i, col) != "" {
					out[child[i]] = true
					break
				}
			}
		}
	}
	for _, h := range []*ssda903.Table{r.T(ssda903.Header), r.Prev(ssda903.Header)} {
		if !h.Has("UASC") {
			continue
		}
		uasc, child := h.Column("UASC"), h.Column("CHILD")
		for i := 0; i < h.Len(); i++ {
			if uasc[i] == "1" {
				out[child[i]] = true
			}
		}
	}
	return out
}

// 392b: a looked-after child (not on short breaks) who is not, and was not,
// UASC must have both home and placement postcodes.
var _ = declare("392b", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, child, home, place := e.Column("LS"), e.Column("CHILD"), e.Column("HOME_POST"), e.Column("PL_POST")
	uasc := formerUASCD(r)
	return rowsWhere(e, func(i int) bool {
		return (home[i] == "" || place[i] == "") && !isRespite(ls[i]) && !uasc[child[i]]
	})
})

// samePostcodeD compares postcodes ignoring spaces and letter case, without
// allocating: "bn2 1aa" is "BN21AA".
func samePostcodeD(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		x, y := a[i], b[j]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
		i, j = i+1, j+1
	}
}

// 392d: home and placement postcodes can be the same only when the child is
// placed with parents (P1).
var _ = declare("392d", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	pl, home, place := e.Column("PLACE"), e.Column("HOME_POST"), e.Column("PL_POST")
	return rowsWhere(e, func(i int) bool {
		h := home[i]
		return strings.TrimSpace(h) != "" && pl[i] != "P1" && samePostcodeD(h, place[i])
	})
})

// lookedAfterD reports whether a child has any episode that is not a short
// break (V3/V4), which makes them looked after for the Header's fields.
func lookedAfterD(r *ssda903.Return) func(child string) bool {
	e := r.T(ssda903.Episodes)
	by, ls := e.ByChild(), e.Column("LS")
	return func(child string) bool {
		for _, i := range by[child] {
			if !isRespite(strings.ToUpper(ls[i])) {
				return true
			}
		}
		return false
	}
}

// 393: a looked-after girl (any episode not on short breaks) must have the
// MOTHER field completed.
var _ = declare("393", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	sex, mother, child := h.Column("SEX"), h.Column("MOTHER"), h.Column("CHILD")
	lookedAfter := lookedAfterD(r)
	return rowsWhere(h, func(i int) bool {
		return sex[i] == "F" && mother[i] == "" && lookedAfter(child[i])
	})
})
