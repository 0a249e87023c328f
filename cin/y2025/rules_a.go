package y2025

import (
	"strings"
	"unicode/utf8"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/rules"
)

// Rules of range a: the reference date, dates before the referral, UPNs and
// LA child ids, conferences against plans, and return-level counts.

// returnLevelA is the hit for a finding about the whole return (DfE
// reports these at LA level): the header's only row.
func returnLevelA(r *cin.Return) []rules.Hit {
	return []rules.Hit{{Table: r.T(cin.Header).Name, Row: 0}}
}

// inCensusA reports whether a date falls within the census year, both ends
// included.
func inCensusA(r *cin.Return, d returns.Date) bool {
	return d.OK && !d.Before(r.CollectionStart()) && !d.After(r.CollectionEnd())
}

// beforeReferralA faults the rows of table whose date col is before the
// referral date of their CIN episode, with that episode's CINdetails row.
func beforeReferralA(r *cin.Return, table, col string) []rules.Hit {
	t, cd := r.T(table), r.T(cin.CINdetails)
	eps := byEpisodeAll(cd)
	refs := cd.DateColumn("CINreferralDate")
	child, id := t.Column("LAchildID"), t.Column("CINdetailsID")
	var hits []rules.Hit
	for i, d := range t.DateColumn(col) {
		if !d.OK {
			continue
		}
		for _, j := range eps[episode{child[i], id[i]}] {
			if refs[j].OK && d.Before(refs[j].Time) {
				hits = append(hits, rules.Hit{Table: t.Name, Row: i}, rules.Hit{Table: cd.Name, Row: j})
			}
		}
	}
	return hits
}

// ReferenceDate must be 31 March of the collection year: the header's Year,
// or the year the return is validated as when the header has none.
var _ = declare("100", func(r *cin.Return) []rules.Hit {
	h := r.T(cin.Header)
	return rowsWhere(h, func(i int) bool {
		year, ok := h.Int(i, "Year")
		if !ok {
			year = r.Year
		}
		d := h.Date(i, "ReferenceDate")
		return !d.OK || d.Year() != year || d.Month() != 3 || d.Day() != 31
	})
})

// An assessment cannot start before its episode's referral date.
var _ = declare("1103", func(r *cin.Return) []rules.Hit {
	return beforeReferralA(r, cin.Assessments, "AssessmentActualStartDate")
})

// A section 47's initial conference cannot be before its episode's referral date.
var _ = declare("1104", func(r *cin.Return) []rules.Hit {
	return beforeReferralA(r, cin.Section47, "DateOfInitialCPC")
})

// A child protection plan cannot start before its episode's referral date.
var _ = declare("1105", func(r *cin.Return) []rules.Hit {
	return beforeReferralA(r, cin.ChildProtectionPlans, "CPPstartDate")
})

// checkLettersA are the UPN check letters for 0 to 22 (no I, O or S); a
// temporary UPN's last character is one of them, worth its place here.
const checkLettersA = "ABCDEFGHJKLMNPQRTUVWXYZ"

// upnCheckA is the check letter characters 2–13 of a UPN give (each times
// its position, modulo 23), or false when they are not eleven digits then a
// digit or a check letter.
func upnCheckA(upn string) (byte, bool) {
	if len(upn) != 13 {
		return 0, false
	}
	sum := 0
	for i := 1; i < 13; i++ {
		c := upn[i]
		v := int(c - '0')
		if c < '0' || c > '9' {
			v = strings.IndexByte(checkLettersA, c)
			if i != 12 || v < 0 {
				return 0, false
			}
		}
		sum += v * (i + 1)
	}
	return checkLettersA[sum%23], true
}

func digitsA(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// A UPN's first character must be the check letter its other twelve give
// (for a temporary UPN too, its last letter counting as in the check table).
var _ = declare("1510", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	upn := t.Column("UPN")
	return rowsWhere(t, func(i int) bool {
		c, ok := upnCheckA(upn[i])
		return ok && upn[i][0] != c
	})
})

// No two children may share a UPN.
var _ = declare("1520", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	upn := t.Column("UPN")
	n := map[string]int{}
	for _, u := range upn {
		n[u]++
	}
	return rowsWhere(t, func(i int) bool { return upn[i] != "" && n[upn[i]] > 1 })
})

// upnLAsA are the LA codes (post-April 1998, and pseudo-LAs) a UPN's
// characters 2–4 may hold, as DfE lists them for 2023/24 onwards.
var upnLAsA = func() map[string]bool {
	m := map[string]bool{}
	add := func(from, to int) {
		for n := from; n <= to; n++ {
			m[threeDigitsA(n)] = true
		}
	}
	for _, r := range [][2]int{
		{1, 5}, {201, 213}, {301, 320}, {330, 336}, {340, 344}, {350, 359}, {370, 373},
		{380, 384}, {390, 394}, {660, 681}, {701, 708}, {800, 803}, {805, 808}, {810, 813},
		{820, 823}, {835, 839}, {850, 852}, {855, 857}, {865, 896}, {935, 938}, {940, 941},
	} {
		add(r[0], r[1])
	}
	for _, n := range []int{420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861,
		908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 942, 943} {
		add(n, n)
	}
	return m
}()

func threeDigitsA(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// Characters 2–4 of a 13-character UPN must be a recognised LA code.
var _ = declare("1530", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	upn := t.Column("UPN")
	return rowsWhere(t, func(i int) bool { return len(upn[i]) == 13 && !upnLAsA[upn[i][1:4]] })
})

// Characters 5–12 of a UPN, where given, must all be digits (a UPN too
// short to have them fails).
var _ = declare("1540", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	upn := t.Column("UPN")
	return rowsWhere(t, func(i int) bool {
		u := upn[i]
		return u != "" && (len(u) < 12 || !digitsA(u[4:12]))
	})
})

// Character 13 of a 13-character UPN must be a digit or a letter other than
// I, O and S.
var _ = declare("1550", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	upn := t.Column("UPN")
	return rowsWhere(t, func(i int) bool {
		u := upn[i]
		return len(u) == 13 && !strings.ContainsRune("0123456789"+checkLettersA, rune(u[12]))
	})
})

// A former UPN, where given, should be formatted as a UPN: a letter, eleven
// digits, then a digit or (a temporary UPN) a letter; I, O and S are never
// used.
var _ = declare("1560Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	f := t.Column("FormerUPN")
	return rowsWhere(t, func(i int) bool {
		u := f[i]
		if u == "" {
			return false
		}
		return len(u) != 13 || strings.IndexByte(checkLettersA, u[0]) < 0 || !digitsA(u[1:12]) ||
			!strings.ContainsRune("0123456789"+checkLettersA, rune(u[12]))
	})
})

// An LA child id must not be longer than 20 characters.
var _ = declare("1570", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	id := t.Column("LAchildID")
	return rowsWhere(t, func(i int) bool { return utf8.RuneCountInString(id[i]) > 20 })
})

// An LA child id must hold only letters and digits (a blank id is rule
// 8500's).
var _ = declare("1580", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	id := t.Column("LAchildID")
	return rowsWhere(t, func(i int) bool {
		for _, c := range id[i] {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				return true
			}
		}
		return false
	})
})

// Plans starting in the census year must not outnumber the initial
// conferences held in it (on CIN details and on section 47s together).
var _ = declare("2883", func(r *cin.Return) []rules.Hit {
	count := func(table, col string) int {
		n := 0
		for _, d := range r.T(table).DateColumn(col) {
			if inCensusA(r, d) {
				n++
			}
		}
		return n
	}
	if count(cin.ChildProtectionPlans, "CPPstartDate") > count(cin.CINdetails, "DateOfInitialCPC")+count(cin.Section47, "DateOfInitialCPC") {
		return returnLevelA(r)
	}
	return nil
})

// An initial conference is recorded once: a section 47's DateOfInitialCPC
// must not repeat its episode's CIN details DateOfInitialCPC.
var _ = declare("2884", func(r *cin.Return) []rules.Hit {
	s47, cd := r.T(cin.Section47), r.T(cin.CINdetails)
	eps := byEpisodeAll(cd)
	cdICPC := cd.DateColumn("DateOfInitialCPC")
	child, id := s47.Column("LAchildID"), s47.Column("CINdetailsID")
	var hits []rules.Hit
	for i, d := range s47.DateColumn("DateOfInitialCPC") {
		if !d.OK {
			continue
		}
		for _, j := range eps[episode{child[i], id[i]}] {
			if cdICPC[j].OK && cdICPC[j].Equal(d.Time) {
				hits = append(hits, rules.Hit{Table: s47.Name, Row: i}, rules.Hit{Table: cd.Name, Row: j})
			}
		}
	}
	return hits
})

// A plan starting in the census year starts on the day of an initial
// conference in its episode: a section 47's, or the CIN details' where the
// episode has no section 47. The conference rows fault when no plan of the
// episode matches them.
var _ = declare("2885", func(r *cin.Return) []rules.Hit {
	cpp, s47, cd := r.T(cin.ChildProtectionPlans), r.T(cin.Section47), r.T(cin.CINdetails)
	s47eps, cdeps := byEpisodeAll(s47), byEpisodeAll(cd)
	s47ICPC, cdICPC := s47.DateColumn("DateOfInitialCPC"), cd.DateColumn("DateOfInitialCPC")
	child, id := cpp.Column("LAchildID"), cpp.Column("CINdetailsID")
	var hits []rules.Hit
	matched := map[episode]bool{} // episodes with a plan in the census year, and whether one matched
	for i, start := range cpp.DateColumn("CPPstartDate") {
		if !inCensusA(r, start) {
			continue
		}
		k := episode{child[i], id[i]}
		rows, icpc := s47eps[k], s47ICPC
		if len(rows) == 0 {
			rows, icpc = cdeps[k], cdICPC
		}
		ok := false
		for _, j := range rows {
			if icpc[j].OK && icpc[j].Equal(start.Time) {
				ok = true
				break
			}
		}
		if !ok {
			hits = append(hits, rules.Hit{Table: cpp.Name, Row: i})
		}
		matched[k] = matched[k] || ok
	}
	for k, ok := range matched {
		if ok {
			continue
		}
		t, rows := s47, s47eps[k]
		if len(rows) == 0 {
			t, rows = cd, cdeps[k]
		}
		for _, j := range rows {
			hits = append(hits, rules.Hit{Table: t.Name, Row: j})
		}
	}
	return hits
})

// missingSexA are the values that record no sex: blank, unknown, and the
// "not known" 0 of GenderCurrent in censuses before 2025.
var missingSexA = map[string]bool{"": true, "U": true, "0": true}

// At most 2% of children may have no sex recorded, unborn children (with an
// expected birth date) aside; over that, the children without one are
// faulted.
var _ = declare("2886Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	sex, expected := t.Column("Sex"), t.Column("ExpectedPersonBirthDate")
	var rows []int
	for i := range sex {
		if missingSexA[sex[i]] && expected[i] == "" {
			rows = append(rows, i)
		}
	}
	// more than 2%: 50 × missing > all, in whole numbers
	if len(rows)*50 <= t.Len() {
		return nil
	}
	hits := make([]rules.Hit, len(rows))
	for n, i := range rows {
		hits[n] = rules.Hit{Table: t.Name, Row: i}
	}
	return hits
})

// A return with children should use more than 7 different disability codes
// (NONE aside).
var _ = declare("2887Q", func(r *cin.Return) []rules.Hit {
	if r.T(cin.ChildIdentifiers).Len() == 0 {
		return nil
	}
	codes := map[string]bool{}
	for _, d := range r.T(cin.Disabilities).Column("Disability") {
		if d != "" && d != "NONE" {
			codes[d] = true
		}
	}
	if len(codes) <= 7 {
		return returnLevelA(r)
	}
	return nil
})

// Where children have disabilities recorded (NONE aside), at least one
// child should have more than one.
var _ = declare("2888Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Disabilities)
	child, dis := t.Column("LAchildID"), t.Column("Disability")
	first := map[string]string{} // each child's first code
	for i, d := range dis {
		if d == "" || d == "NONE" {
			continue
		}
		if f, seen := first[child[i]]; seen && f != d {
			return nil
		}
		first[child[i]] = d
	}
	if len(first) == 0 {
		return nil
	}
	return returnLevelA(r)
})

// A section 47 cannot start before its episode's referral date.
var _ = declare("2889", func(r *cin.Return) []rules.Hit {
	return beforeReferralA(r, cin.Section47, "S47ActualStartDate")
})

// closedAfterAssessmentA are the reasons for closure after assessment: RC8
// no further action, RC9 referred to early help.
var closedAfterAssessmentA = map[string]bool{"RC8": true, "RC9": true}

// An episode closed after assessment (RC8, RC9) can have no section 47,
// child protection plan, CIN plan or initial conference date.
var _ = declare("2990", func(r *cin.Return) []rules.Hit {
	cd := r.T(cin.CINdetails)
	reason, icpc := cd.Column("ReasonForClosure"), cd.Column("DateOfInitialCPC")
	child, id := cd.Column("LAchildID"), cd.Column("CINdetailsID")
	activity := []*cin.Table{r.T(cin.Section47), r.T(cin.ChildProtectionPlans), r.T(cin.CINplanDates)}
	var hits []rules.Hit
	for i := range reason {
		if !closedAfterAssessmentA[reason[i]] {
			continue
		}
		bad := icpc[i] != ""
		k := episode{child[i], id[i]}
		for _, t := range activity {
			for _, j := range byEpisodeAll(t)[k] {
				bad = true
				hits = append(hits, rules.Hit{Table: t.Name, Row: j})
			}
		}
		if bad {
			hits = append(hits, rules.Hit{Table: cd.Name, Row: i})
		}
	}
	return hits
})

// An episode with a section 47 should have an assessment.
var _ = declare("2991Q", func(r *cin.Return) []rules.Hit {
	s47, cd := r.T(cin.Section47), r.T(cin.CINdetails)
	assessed, cdeps := byEpisodeAll(r.T(cin.Assessments)), byEpisodeAll(cd)
	child, id := s47.Column("LAchildID"), s47.Column("CINdetailsID")
	var hits []rules.Hit
	for i := range child {
		k := episode{child[i], id[i]}
		if len(assessed[k]) > 0 {
			continue
		}
		hits = append(hits, rules.Hit{Table: s47.Name, Row: i})
		for _, j := range cdeps[k] {
			hits = append(hits, rules.Hit{Table: cd.Name, Row: j})
		}
	}
	return hits
})
