package y2023

import (
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulekit"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// 2023/24 codes. The child's sex was coded 1 (male) or 2 (female) until
// 2024/25 brought M, F and U.
const (
	male   = "1"
	female = "2"
)

var (
	sexCodes = codeSet(male, female)
	// 2023/24 placement types: 2024/25 added K3 (supported accommodation).
	placeCodes = codeSet("A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
		"S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1")
	// Placements Ofsted does not register, so without a URN. From 28
	// October 2023 H5 needs one (rule 230); P2 was abolished then, and
	// 2024/25 dropped it from the list.
	noURNPlaces    = codeSet("P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")
	adoptionPlaces = codeSet("A3", "A4", "A5", "A6")
	adoptedRECs    = codeSet("E11", "E12")
	// Legal statuses of a placement order (E1) or a freeing order (D1,
	// which 2024/25 no longer counts here).
	adoptionOrders = codeSet("D1", "E1")
	respite        = codeSet("V3", "V4")
	zeroOne        = codeSet("0", "1")
	swReasons      = codeSet("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS")
	// P2 (independent living) ceased to be a placement type on 28 October
	// 2023.
	p2Abolished = time.Date(2023, time.October, 28, 0, 0, 0, 0, time.UTC)
)

// 101: the child's sex must be 1 (male) or 2 (female).
var rule101 = &rule{
	Code: "101", Message: "Gender code is not valid.", Fields: []string{"SEX"}, Tables: []string{"Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		h := r.T(ssda903.Header)
		return rowsWhere(h, func(i int) bool { return !sexCodes[h.Str(i, "SEX")] })
	},
}

// 146: the placement type, where given, must be a 2023/24 code (no K3).
var rule146 = &rule{
	Code: "146", Message: "Placement type code is not a valid code.", Fields: []string{"PLACE"}, Tables: []string{"Episodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		return rowsWhere(e, func(i int) bool { p := e.Str(i, "PLACE"); return p != "" && !placeCodes[p] })
	},
}

// 165: MOTHER, where given, must be 0 or 1 and only for girls (sex 2); a
// girl looked after during the year must have it, and a girl not looked
// after during the year who has care leaver data must not. y2024 reads the
// 2024/25 codes M and F here, so 2023/24 needs its own version although the
// definition did not change.
var rule165 = &rule{
	Code: "165", Message: "Data entry for mother status is invalid.",
	Fields: []string{"ACCOM", "ACTIV", "DECOM", "IN_TOUCH", "MOTHER", "SEX"}, Tables: []string{"Episodes", "Header", "OC3"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		if !provided(r, ssda903.Header, ssda903.Episodes, ssda903.OC3) {
			return nil
		}
		h, e, oc3 := r.T(ssda903.Header), r.T(ssda903.Episodes), r.T(ssda903.OC3)
		start, end := r.CollectionStart(), r.CollectionEnd()
		ls, decom, dec, episodes := e.Column("LS"), e.DateColumn("DECOM"), e.DateColumn("DEC"), e.ByChild()
		// Whether a child has an episode other than a short break, and
		// whether one of those overlaps the year (an open or malformed end
		// counting as open).
		lookedAfter := func(c string) (has, during bool) {
			for _, i := range episodes[c] {
				if respite[strings.ToUpper(ls[i])] {
					continue
				}
				has = true
				during = during || decom[i].OK && !decom[i].After(end) && (!dec[i].OK || !dec[i].Before(start))
			}
			return has, during
		}
		leaverData := func(j int) bool {
			return !oc3.Blank(j, "IN_TOUCH") || !oc3.Blank(j, "ACTIV") || !oc3.Blank(j, "ACCOM")
		}
		oc3Rows := oc3.ByChild()
		var hits []rules.Hit
		for i := 0; i < h.Len(); i++ {
			c := h.Str(i, "CHILD")
			has, during := lookedAfter(c)
			if !has {
				continue
			}
			mother, sex := h.Str(i, "MOTHER"), h.Str(i, "SEX")
			always := mother != "" && (!zeroOne[mother] || sex == male) || mother == "" && sex == female && during
			withLeaverData := mother != "" && sex == female && !during
			faulted := always
			for _, j := range oc3Rows[c] {
				if always || withLeaverData && leaverData(j) {
					faulted = true
					hits = append(hits, rules.Hit{Table: oc3.Name, Row: j})
				}
			}
			if faulted {
				hits = append(hits, rules.Hit{Table: h.Name, Row: i})
			}
		}
		return hits
	},
}

// 174: a boy (sex 1) cannot have a date of birth for a mother's child. The
// validator's 2023/24 file tests SEX = "F", a 2024/25 code no 2023/24
// return has; the rule is read as its message says.
var rule174 = &rule{
	Code: "174", Message: "Mother's child date of birth is recorded but gender shows that the child is a male.",
	Fields: []string{"MC_DOB", "SEX"}, Tables: []string{"Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		h := r.T(ssda903.Header)
		return rowsWhere(h, func(i int) bool { return h.Str(i, "SEX") == male && !h.Blank(i, "MC_DOB") })
	},
}

// 217t: a P2 (independent living) placement must have ended by 28 October
// 2023, when the code was abolished; an open episode, or one with no valid
// end date, is faulted. Deleted in 2024/25.
var rule217t = &rule{
	Code: "217t", Message: "Placement type 'P2' is not a valid placement type from 28 October 2023.",
	Fields: []string{"DECOM", "PLACE"}, Tables: []string{"Episodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		dec := e.DateColumn("DEC")
		return rowsWhere(e, func(i int) bool {
			return e.Str(i, "PLACE") == "P2" && (!dec[i].OK || dec[i].After(p2Abolished))
		})
	},
}

// 222: placements Ofsted does not register must have no URN (XXXXXXX, the
// code for a placement without one, is allowed); 2023/24's list still has
// P2 and no longer H5.
var rule222 = noURNRule(noURNPlaces)

// noURNRule is rule 222 over a year's list of placements without a URN.
func noURNRule(places map[string]bool) *rule {
	return &rule{
		Code: "222", Message: "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
		Fields: []string{"URN"}, Tables: []string{"Episodes"}, Kind: "error",
		Check: func(r *ssda903.Return) []rules.Hit {
			e := r.T(ssda903.Episodes)
			return rowsWhere(e, func(i int) bool {
				u := e.Str(i, "URN")
				return places[e.Str(i, "PLACE")] && u != "" && u != "XXXXXXX"
			})
		},
	}
}

// 370: a child in independent living (P2) must be at least 16 when the
// episode starts. Deleted in 2024/25 with the code.
var rule370 = &rule{
	Code: "370", Message: "Child in independent living should be at least 16.",
	Fields: []string{"DECOM", "PLACE"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit { return rulekit.TooYoungAtStart(r, "P2", 16) },
}

// 371: a child in semi-independent living not subject to children's homes
// regulations (H5; K3 in 2024/25) must be at least 16 when the episode
// starts.
var rule371 = &rule{
	Code: "371", Message: "Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 16.",
	Fields: []string{"DECOM", "PLACE"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit { return rulekit.TooYoungAtStart(r, "H5", 16) },
}

// 393: a looked-after girl (sex 2; any episode not a short break) must have
// the MOTHER field completed.
var rule393 = &rule{
	Code: "393", Message: "Child is looked after but mother field is not completed.",
	Fields: []string{"MOTHER"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
		episodes, ls := e.ByChild(), e.Column("LS")
		lookedAfter := func(c string) bool {
			for _, i := range episodes[c] {
				if !respite[strings.ToUpper(ls[i])] {
					return true
				}
			}
			return false
		}
		return rowsWhere(h, func(i int) bool {
			return h.Str(i, "SEX") == female && h.Blank(i, "MOTHER") && lookedAfter(h.Str(i, "CHILD"))
		})
	},
}

// 503D: a child's first episode this year must have the placement type of
// last year's latest episode when that was still open. 2024/25 excuses K3
// now for H5 last year, its recoding; 2023/24 has no such excuse.
var rule503D = &rule{
	Code: "503D", Message: "The placement type in the first episode does not match open episode at end of last year",
	Fields: []string{"PLACE"}, Tables: []string{"Episodes", "Episodes_last"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		if !r.HasPrev(ssda903.Episodes) {
			return nil
		}
		e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
		decom, lastDECOM, lastDEC := e.DateColumn("DECOM"), last.DateColumn("DECOM"), last.DateColumn("DEC")
		lastRows := last.ByChild()
		var hits []rules.Hit
		for child, rows := range e.ByChild() {
			prev, ok := lastRows[child]
			if !ok {
				continue
			}
			i, j := pick(rows, decom, false), pick(prev, lastDECOM, true)
			if i >= 0 && j >= 0 && !lastDEC[j].OK && e.Str(i, "PLACE") != last.Str(j, "PLACE") {
				hits = append(hits, rules.Hit{Table: e.Name, Row: i})
			}
		}
		return hits
	},
}

// pick returns the row among rows with the earliest (or, with latest, the
// latest) valid date in d, the first such row on ties; -1 if none is dated.
func pick(rows []int, d []ssda903.Date, latest bool) int {
	best := -1
	for _, i := range rows {
		if d[i].OK && (best < 0 || latest && d[i].After(d[best].Time) || !latest && d[i].Before(d[best].Time)) {
			best = i
		}
	}
	return best
}

// 557: a child placed for adoption (A3–A6) or under a placement or freeing
// order (E1, D1) who left care other than by adoption needs the date and
// reason the decision to place for adoption ceased. 2024/25 dropped D1.
var rule557 = &rule{
	Code: "557",
	Message: "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted " +
		"and information on the decision that they should no longer be placed for adoption items has not been completed.",
	Fields: []string{"DATE_PLACED_CEASED", "LS", "PLACE", "REASON_PLACED_CEASED", "REC"}, Tables: []string{"Episodes", "PlacedAdoption"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		if !provided(r, ssda903.Episodes, ssda903.PlacedAdoption) {
			return nil
		}
		e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
		placed := p.ByChild()
		var hits []rules.Hit
		for i := 0; i < e.Len(); i++ {
			rec := e.Str(i, "REC")
			if rec == "" || rec == "X1" || adoptedRECs[rec] || !adoptionPlaces[e.Str(i, "PLACE")] && !adoptionOrders[e.Str(i, "LS")] {
				continue
			}
			rows := placed[e.Str(i, "CHILD")]
			if len(rows) == 0 {
				hits = append(hits, rules.Hit{Table: e.Name, Row: i})
			}
			for _, j := range rows {
				if p.Blank(j, "DATE_PLACED_CEASED") || p.Blank(j, "REASON_PLACED_CEASED") {
					hits = append(hits, rules.Hit{Table: e.Name, Row: i}, rules.Hit{Table: p.Name, Row: j})
				}
			}
		}
		return hits
	},
}

// 607: a girl (sex 2) who ceased to be looked after in the year, other than
// from short breaks, must have the mother field completed.
var rule607 = &rule{
	Code: "607", Message: "Child ceased to be looked after in the year, but mother field has not been completed.",
	Fields: []string{"DEC", "LS", "MOTHER", "REC", "SEX"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		e, h := r.T(ssda903.Episodes), r.T(ssda903.Header)
		heads, dec := h.ByChild(), e.DateColumn("DEC")
		start, end := r.CollectionStart(), r.CollectionEnd()
		var hits []rules.Hit
		for i := 0; i < e.Len(); i++ {
			rec := e.Str(i, "REC")
			if rec == "" || rec == "X1" || respite[e.Str(i, "LS")] || !dec[i].OK || dec[i].Before(start) || dec[i].After(end) {
				continue
			}
			for _, j := range heads[e.Str(i, "CHILD")] {
				if h.Str(j, "SEX") == female && h.Blank(j, "MOTHER") {
					hits = append(hits, rules.Hit{Table: e.Name, Row: i}, rules.Hit{Table: h.Name, Row: j})
				}
			}
		}
		return hits
	},
}

// 612: a girl (sex 2) recorded as not a mother, or with motherhood blank,
// must not have a first child's date of birth.
var rule612 = &rule{
	Code: "612", Message: "Date of birth field has been completed but mother field indicates child is not a mother.",
	Fields: []string{"MC_DOB", "MOTHER", "SEX"}, Tables: []string{"Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		h := r.T(ssda903.Header)
		return rowsWhere(h, func(i int) bool {
			m, isNum := h.Float(i, "MOTHER")
			notMother := h.Blank(i, "MOTHER") || isNum && m == 0
			return notMother && h.Str(i, "SEX") == female && !h.Blank(i, "MC_DOB")
		})
	},
}

// openAtEnd reports whether episode i is open at 31 March and not a short
// break, so the child is looked after then.
func openAtEnd(e *ssda903.Table, i int) bool {
	return e.Blank(i, "DEC") && !respite[e.Str(i, "LS")]
}

// SW01STG1: a child looked after on 31 March needs social worker episodes
// giving, between them, a social worker ID, a start date and a reason for
// the change. 2024/25 no longer requires the reason.
var ruleSW01STG1 = &rule{
	Code: "SW01STG1", Message: "Child looked after on 31 March, but no social worker episode information is reported",
	Fields: []string{"DEC"}, Tables: []string{"Episodes", "SWEpisodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		if !provided(r, ssda903.SWEpisodes, ssda903.Episodes) {
			return nil
		}
		e, sw := r.T(ssda903.Episodes), r.T(ssda903.SWEpisodes)
		const hasID, hasStart, hasReason = 1, 2, 4
		given := map[string]uint8{}
		for j := 0; j < sw.Len(); j++ {
			var g uint8
			if !sw.Blank(j, "SW_ID") {
				g |= hasID
			}
			if !sw.Blank(j, "SW_DECOM") {
				g |= hasStart
			}
			if !sw.Blank(j, "SW_REASON") {
				g |= hasReason
			}
			given[sw.Str(j, "CHILD")] |= g
		}
		return rowsWhere(e, func(i int) bool {
			return openAtEnd(e, i) && given[e.Str(i, "CHILD")] != hasID|hasStart|hasReason
		})
	},
}

// SW07STG2: a social worker episode's end must fall within the collection
// year, 2023/24's social worker reporting period (2024/25 reaches back a
// year further).
var ruleSW07STG2 = &rule{
	Code:    "SW07STG2",
	Message: "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.",
	Fields:  []string{"SW_DEC"}, Tables: []string{"SWEpisodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		sw := r.T(ssda903.SWEpisodes)
		dec := sw.DateColumn("SW_DEC")
		return rowsWhere(sw, func(i int) bool {
			return dec[i].OK && (dec[i].Before(r.CollectionStart()) || dec[i].After(r.CollectionEnd()))
		})
	},
}

// SW10STG2: a social worker episode must not start before the previous one
// ended (7 days' tolerance). 2024/25 excuses episodes whose reason is
// FCONTA; 2023/24 does not.
var ruleSW10STG2 = &rule{
	Code: "SW10STG2", Message: "A new social worker episode has started before the end date of the previous social worker episode.",
	Fields: []string{"SW_DECOM"}, Tables: []string{"SWEpisodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		sw := r.T(ssda903.SWEpisodes)
		decom, dec := sw.DateColumn("SW_DECOM"), sw.DateColumn("SW_DEC")
		var hits []rules.Hit
		for _, rows := range sw.ByChild() {
			rows = append([]int(nil), rows...)
			sort.SliceStable(rows, func(a, b int) bool {
				x, y := rows[a], rows[b]
				if dateLess(decom[x], decom[y]) || dateLess(decom[y], decom[x]) {
					return dateLess(decom[x], decom[y])
				}
				return dateLess(dec[x], dec[y])
			})
			for k := 1; k < len(rows); k++ {
				start, prevEnd := decom[rows[k]], dec[rows[k-1]]
				if start.OK && prevEnd.OK && start.Before(prevEnd.AddDate(0, 0, -7)) {
					hits = append(hits, rules.Hit{Table: sw.Name, Row: rows[k]})
				}
			}
		}
		return hits
	},
}

// dateLess orders dates with invalid ones last.
func dateLess(a, b ssda903.Date) bool { return a.OK && (!b.OK || a.Before(b.Time)) }

// SW13STG1: every social worker episode's reason for the change must be a
// valid code. 2024/25 lets a child's first episode of the year leave it
// blank; 2023/24 does not.
var ruleSW13STG1 = &rule{
	Code: "SW13STG1", Message: "The reason for social worker change is either not valid or has not been entered.",
	Fields: []string{"SW_REASON"}, Tables: []string{"SWEpisodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		sw := r.T(ssda903.SWEpisodes)
		return rowsWhere(sw, func(i int) bool { return !swReasons[sw.Str(i, "SW_REASON")] })
	},
}

// 221 (2023/24): outside short breaks (V3, V4), a K1, K2, R3, S1 or H5
// placement with a URN and a placement postcode must be at the setting's
// registered postcode. 2024/25 dropped H5 (supported accommodation, which
// Ofsted registers separately).
var rule221 = &rule{
	Code: "221", Message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
	Fields: []string{"PL_POST"}, Tables: []string{"Episodes", "Provider Info"}, Kind: "error", Needs: []string{ssda903.NeedProviders},
	Check: func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		ls, place, post, urn := e.Column("LS"), e.Column("PLACE"), e.Column("PL_POST"), e.Column("URN")
		key := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
		return rowsWhere(e, func(i int) bool {
			u := strings.ToUpper(urn[i])
			l := strings.ToUpper(ls[i])
			if u == "" || u == "XXXXXXX" || l == "V3" || l == "V4" || !postcodePlaces221[strings.ToUpper(place[i])] || post[i] == "" {
				return false
			}
			p, ok := r.ProviderRegister.Provider(u)
			return !ok || key(post[i]) != key(p.Postcode)
		})
	},
}

var postcodePlaces221 = map[string]bool{"K1": true, "K2": true, "R3": true, "S1": true, "H5": true}

// h5Registered is when semi-independent living (H5) came under Ofsted
// registration, so an H5 placement open on or after it needs a URN.
var h5Registered = time.Date(2023, time.October, 29, 0, 0, 0, 0, time.UTC)

// 230: an English H5 placement open on or after 29 October 2023 needs an
// Ofsted URN (XXXXXXX, the code for a placement without one, does not
// count). Deleted in 2024/25, whose 218 covers it. As in DfE's tool, a
// placement is outside England when its derived area is Welsh, Scottish or
// Northern Irish, or cannot be derived (the tool reads the missing PL_LA
// as "nan", which starts with N).
var rule230 = &rule{
	Code: "230", Message: "Ofsted Unique reference number (URN) is required for any English H5 placements from 28 October 2023.",
	Fields: []string{"PLACE", "DEC", "URN"}, Tables: []string{"Episodes"}, Kind: "error", Needs: []string{ssda903.NeedPostcodes},
	Check: func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		dec, decs, urn, place := e.Column("DEC"), e.DateColumn("DEC"), e.Column("URN"), e.Column("PLACE")
		la := y2024.PlacementLA(r)
		return rowsWhere(e, func(i int) bool {
			open := dec[i] == "" || decs[i].OK && !decs[i].Before(h5Registered)
			english := la[i] != "" && la[i] != "WAL" && la[i] != "SCO" && la[i] != "NIR"
			return place[i] == "H5" && open && (urn[i] == "" || urn[i] == "XXXXXXX") && english
		})
	},
}
