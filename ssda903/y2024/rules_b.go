package y2024

import (
	"regexp"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Code lists of range b, as DfE's 2024/25 specification gives them.
var (
	inTouchCodesB = codeSet("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
	activCodesB   = codeSet("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
	accomCodesB   = codeSet("B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2",
		"R1", "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0")
	rneCodesB = codeSet("S", "P", "L", "T", "U", "B")
	lsCodesB  = codeSet("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
	cinCodesB = codeSet("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
	// K3 is new in 2024/25 (the reference validator lists it in lower case,
	// which would reject the code as returned).
	placeCodesB = codeSet("A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
		"S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1")
	recCodesB = codeSet("E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
		"E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1")
	reviewCodesB    = codeSet("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
	nbAdoptrCodesB  = codeSet("1", "2")
	sexAdoptrCodesB = codeSet("M1", "F1", "MM", "FF", "MF")
	lsAdoptrCodesB  = codeSet("L0", "L11", "L12", "L2", "L3", "L4")
	providerCodesB  = codeSet("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
	sdqReasonCodesB = codeSet("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")

	// A UPN is a check letter (not I, O or S), then 12 digits or 11 digits
	// and a letter; UN1–UN5 stand for an unknown UPN.
	upnB = regexp.MustCompile(`^([A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])|UN[1-5])$`)
)

// 131: the care leaver's in-touch code must be given and valid.
var _ = declare("131", requiredCodeCheck(ssda903.OC3, "IN_TOUCH", inTouchCodesB))

// 132: the care leaver's activity code must be given and valid.
var _ = declare("132", requiredCodeCheck(ssda903.OC3, "ACTIV", activCodesB))

// 133: the care leaver's accommodation code must be given and valid.
var _ = declare("133", requiredCodeCheck(ssda903.OC3, "ACCOM", accomCodesB))

// 134: a child with care leaver (OC3) data cannot also have adoption (AD1)
// data.
var _ = declare("134", func(r *ssda903.Return) []rules.Hit {
	oc3, ad1 := r.T(ssda903.OC3), r.T(ssda903.AD1)
	oc3Child, oc3Data := oc3.Column("CHILD"), columns(oc3, oc3Fields)
	leaver := map[string]bool{}
	for i := 0; i < oc3.Len(); i++ {
		if anyFilled(oc3Data, i) {
			leaver[oc3Child[i]] = true
		}
	}
	ad1Child, ad1Data := ad1.Column("CHILD"), columns(ad1, adoptionFields)
	return rowsWhere(ad1, func(i int) bool { return leaver[ad1Child[i]] && anyFilled(ad1Data, i) })
})

// 142: every episode but a child's latest must have ended (a valid date
// ceased and a reason).
var _ = declare("142", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decom, dec, rec := e.DateColumn("DECOM"), e.DateColumn("DEC"), e.Column("REC")
	var hits []rules.Hit
	for child, rows := range e.ByChild() {
		if child == "" || len(rows) < 2 {
			continue
		}
		// The latest episode by start date; on a tie, the later row.
		last := -1
		for _, i := range rows {
			if decom[i].OK && (last < 0 || !decom[i].Before(decom[last].Time)) {
				last = i
			}
		}
		for _, i := range rows {
			if i != last && decom[i].OK && (!dec[i].OK || rec[i] == "") {
				hits = append(hits, hit(e, i))
			}
		}
	}
	return hits
})

// 143: the reason for new episode, where given, must be a valid code.
var _ = declare("143", codeCheck(ssda903.Episodes, "RNE", rneCodesB))

// 144: the legal status, where given, must be a valid code.
var _ = declare("144", codeCheck(ssda903.Episodes, "LS", lsCodesB))

// 145: the category of need, where given, must be a valid code.
var _ = declare("145", codeCheck(ssda903.Episodes, "CIN", cinCodesB))

// 146: the placement type, where given, must be a valid 2024/25 code.
var _ = declare("146", codeCheck(ssda903.Episodes, "PLACE", placeCodesB))

// 147: the date an episode ceased, where given, must be a valid date.
var _ = declare("147", invalidDate(ssda903.Episodes, "DEC"))

// 148: the date and the reason an episode ceased are given together or not
// at all.
var _ = declare("148", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	dec, rec := e.Column("DEC"), e.Column("REC")
	return rowsWhere(e, func(i int) bool { return (dec[i] == "") != (rec[i] == "") })
})

// 149: the reason an episode ceased, where given, must be a valid code.
var _ = declare("149", codeCheck(ssda903.Episodes, "REC", recCodesB))

// 151: the adoption items are all given or all blank.
var _ = declare("151", allOrNone(ssda903.AD1, adoptionFields))

// 153: the care leaver items are all given or all blank.
var _ = declare("153", allOrNone(ssda903.OC3, oc3Fields))

// 158: a child who received an intervention for substance misuse must not
// also have "intervention offered" completed.
var _ = declare("158", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	return rowsWhere(t, func(i int) bool {
		return t.Str(i, "INTERVENTION_RECEIVED") == "1" && !t.Blank(i, "INTERVENTION_OFFERED")
	})
})

// 159: a child with a substance misuse problem who received no intervention
// must have "intervention offered" completed.
var _ = declare("159", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	return rowsWhere(t, func(i int) bool {
		return t.Str(i, "SUBSTANCE_MISUSE") == "1" && t.Str(i, "INTERVENTION_RECEIVED") == "0" &&
			t.Blank(i, "INTERVENTION_OFFERED")
	})
})

// 165: MOTHER, where given, must be 0 or 1 and only for girls; a girl looked
// after during the year must have it, and a girl not looked after during the
// year who has care leaver data must not.
var _ = declare("165", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Header, ssda903.Episodes, ssda903.OC3) {
		return nil
	}
	h, e, oc3 := r.T(ssda903.Header), r.T(ssda903.Episodes), r.T(ssda903.OC3)
	start, end := r.CollectionStart(), r.CollectionEnd()
	// Whether a child has an episode other than a short-term break (V3/V4),
	// and whether one of those overlaps the year (an open or malformed end
	// date counting as open).
	ls, decom, dec, episodes := e.Column("LS"), e.DateColumn("DECOM"), e.DateColumn("DEC"), e.ByChild()
	lookedAfter := func(c string) (has, during bool) {
		for _, i := range episodes[c] {
			if isRespite(ssda903.Upper(ls[i])) {
				continue
			}
			has = true
			during = during || overlaps(decom[i], dec[i], start, end)
		}
		return has, during
	}
	oc3Rows, oc3Data := oc3.ByChild(), columns(oc3, oc3Fields)
	hChild, hMother, hSex := h.Column("CHILD"), h.Column("MOTHER"), h.Column("SEX")
	var hits []rules.Hit
	for i := 0; i < h.Len(); i++ {
		c := hChild[i]
		has, during := lookedAfter(c)
		if !has {
			continue
		}
		mother, sex := hMother[i], hSex[i]
		always := mother != "" && (!zeroOne[mother] || sex == "M") || mother == "" && sex == "F" && during
		withLeaverData := mother != "" && sex == "F" && !during
		faulted := always
		for _, j := range oc3Rows[c] {
			if always || withLeaverData && anyFilled(oc3Data, j) {
				faulted = true
				hits = append(hits, hit(oc3, j))
			}
		}
		if faulted {
			hits = append(hits, hit(h, i))
		}
	}
	return hits
})

// 166: every review must have a valid date.
var _ = declare("166", requiredDate(ssda903.Reviews, "REVIEW"))

// 167: a review must have a valid participation code, and a row without a
// review date none.
var _ = declare("167", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.Reviews)
	review, code := t.Column("REVIEW"), t.Column("REVIEW_CODE")
	return rowsWhere(t, func(i int) bool {
		if review[i] == "" {
			return code[i] != ""
		}
		return !reviewCodesB[code[i]]
	})
})

// 168: a UPN, where given, must be well formed or one of UN1–UN5.
var _ = declare("168", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	upn := h.Column("UPN")
	return rowsWhere(h, func(i int) bool {
		u := upn[i]
		return u != "" && !upnB.MatchString(u)
	})
})

// 171: the date of birth of the mother's child, where given, must be a
// valid date.
var _ = declare("171", invalidDate(ssda903.Header, "MC_DOB"))

// 174: a boy cannot have a date of birth for a mother's child.
var _ = declare("174", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	sex, mcDOB := h.Column("SEX"), h.Column("MC_DOB")
	return rowsWhere(h, func(i int) bool { return sex[i] == "M" && mcDOB[i] != "" })
})

// 175: the number of adopters, where given, must be 1 or 2.
var _ = declare("175", codeCheck(ssda903.AD1, "NB_ADOPTR", nbAdoptrCodesB))

// 176: the adopters' sex, where given, must be a valid code.
var _ = declare("176", codeCheck(ssda903.AD1, "SEX_ADOPTR", sexAdoptrCodesB))

// 177: the adopters' legal status, where given, must be a valid code.
var _ = declare("177", codeCheck(ssda903.AD1, "LS_ADOPTR", lsAdoptrCodesB))

// 178: a placement provider, where given, must be a valid code, and none is
// given for placements without one (T0–T4, Z1).
var _ = declare("178", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	provider, place := e.Column("PLACE_PROVIDER"), e.Column("PLACE")
	return rowsWhere(e, func(i int) bool {
		p := provider[i]
		return p != "" && (!providerCodesB[p] || noProviderPlaces[place[i]])
	})
})
