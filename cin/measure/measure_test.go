package measure

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	ssda903measure "github.com/sightline-uk/sightline/ssda903/measure"
)

// child writes one Child element: the id, then CINdetails elements given
// as raw XML.
func child(id string, episodes ...string) string {
	return fmt.Sprintf(`<Child><ChildIdentifiers><LAchildID>%s</LAchildID><UPN>A%012d</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>1</Sex></ChildIdentifiers>%s</Child>`,
		id, len(id)*7919, strings.Join(episodes, ""))
}

// episode writes a CINdetails element: referral date, NFA, closure date and
// reason (blank for none), then its records (assessments, s47s, plans).
func episode(ref, nfa, closed, reason string, records ...string) string {
	s := "<CINdetails><CINreferralDate>" + ref + "</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
	if closed != "" {
		s += "<CINclosureDate>" + closed + "</CINclosureDate><ReasonForClosure>" + reason + "</ReasonForClosure>"
	}
	s += "<ReferralNFA>" + nfa + "</ReferralNFA>" + strings.Join(records, "") + "</CINdetails>"
	return s
}

func assess(start, auth string, factors ...string) string {
	s := "<Assessments><AssessmentActualStartDate>" + start + "</AssessmentActualStartDate>"
	if auth != "" {
		s += "<AssessmentAuthorisationDate>" + auth + "</AssessmentAuthorisationDate>"
	}
	if len(factors) > 0 {
		s += "<FactorsIdentifiedAtAssessment>"
		for _, f := range factors {
			s += "<AssessmentFactors>" + f + "</AssessmentFactors>"
		}
		s += "</FactorsIdentifiedAtAssessment>"
	}
	return s + "</Assessments>"
}

func s47(start, icpc string) string {
	s := "<Section47><S47ActualStartDate>" + start + "</S47ActualStartDate><ICPCnotRequired>0</ICPCnotRequired>"
	if icpc != "" {
		s += "<DateOfInitialCPC>" + icpc + "</DateOfInitialCPC>"
	}
	return s + "</Section47>"
}

func plan(start, end, previous string) string {
	s := "<ChildProtectionPlans><CPPstartDate>" + start + "</CPPstartDate>"
	if end != "" {
		s += "<CPPendDate>" + end + "</CPPendDate>"
	}
	return s + "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>" + previous + "</NumberOfPreviousCPP></ChildProtectionPlans>"
}

func census(ref string, children ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>` + ref +
		`</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>800</LEA><SoftwareCode>x</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2025-05-01T10:00:00</DateTime></Source></Header><Children>` +
		strings.Join(children, "\n") + `</Children></Message>`
}

func read(t *testing.T, xml string) *cin.Return {
	t.Helper()
	r, err := cin.Read("tiny.xml", []byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The tiny census: 2024/25 (1 April 2024 to 31 March 2025), council 800.
// England's bank holidays in the year: 6 and 27 May, 26 August, 25 and 26
// December 2024, 1 January 2025. Every answer is worked by hand below.
var tiny = census("2025-03-31",
	// A1: an NFA referral on 15/04/2024, then a re-referral on 01/10/2024
	// (open). Its assessment runs Tue 01/10/2024 to Tue 03/12/2024: 23
	// working days in October, 21 in November, Mon 2 December: 45, within
	// 45. Factors 3B, 16A.
	child("A1",
		episode("2024-04-15", "1", "2024-04-15", "RC8"),
		episode("2024-10-01", "0", "", "", assess("2024-10-01", "2024-12-03", "3B", "16A"))),
	// B2: referred 01/05/2024, closed after assessment, not in need (RC8).
	// Assessment 01/05/2024 to 19/06/2024: 33 working days (6 and 27 May
	// are bank holidays). Only "21", no factors identified.
	child("B2", episode("2024-05-01", "false", "2024-06-20", "RC8", assess("2024-05-01", "2024-06-19", "21"))),
	// C3: in need since 2022; plan since 01/03/2023 (2 years or more on 31
	// March 2025). Assessment Mon 06/01/2025 to Mon 31/03/2025: 60 working
	// days, late. Factors 4B, 3A, 11A.
	child("C3", episode("2022-12-01", "0", "", "", assess("2025-01-06", "2025-03-31", "4B", "3A", "11A"), plan("2023-03-01", "", "0"))),
	// D4: referred Mon 04/11/2024. Assessment to Wed 08/01/2025: 20
	// working days in November, 20 in December (25, 26 are holidays), 2,
	// 3, 6, 7 January (1 is): 44, within 45 (47 were bank holidays
	// ignored). A second assessment 20/01/2025 to 03/02/2025 (10 days),
	// factors 3B again and 13A. S47 Tue 05/11/2024, conference Tue
	// 26/11/2024: 15 working days, within 15. A second plan (2 before).
	child("D4", episode("2024-11-04", "0", "", "",
		assess("2024-11-04", "2025-01-08", "24A", "10A", "3B"),
		assess("2025-01-20", "2025-02-03", "3B", "13A"),
		s47("2024-11-05", "2024-11-26"),
		plan("2024-11-26", "", "2"))),
	// E5: referred 03/06/2024, closed 30/09/2024 (RC2); S47 Mon 10/06/2024,
	// conference Tue 02/07/2024: 16 working days, late; a first plan
	// 02/07/2024 to 30/09/2024; an assessment not yet authorised. Referred
	// again 03/02/2025: a re-referral.
	child("E5",
		episode("2024-06-03", "0", "2024-09-30", "RC2", assess("2024-06-03", ""), s47("2024-06-10", "2024-07-02"), plan("2024-07-02", "2024-09-30", "0")),
		episode("2025-02-03", "0", "", "")),
	// F6: referred on the year's last day, S47 the same day.
	child("F6", episode("2025-03-31", "0", "", "", s47("2025-03-31", ""))),
	// G7: referred 31/03/2024, the day before the year (closed 01/04/2024),
	// and again 30/03/2025: within 12 months of 31/03/2024.
	child("G7", episode("2024-03-31", "0", "2024-04-01", "RC7"), episode("2025-03-30", "0", "", "")),
	// H8: referred 10/04/2024, closed on 31 March: not in need at 31 March.
	// The previous census holds a referral on 01/09/2023.
	child("H8", episode("2024-04-10", "0", "2025-03-31", "RC1")),
	// I9: an NFA referral left open: a referral, not a child in need.
	child("I9", episode("2024-08-01", "1", "", "")),
	// J10, K11: plans from exactly two years before 31 March, and a day
	// later.
	child("J10", episode("2023-03-01", "0", "", "", plan("2023-03-31", "", "0"))),
	child("K11", episode("2023-03-15", "0", "", "", plan("2023-04-01", "", "0"))),
	// L12: referred after the year: nowhere.
	child("L12", episode("2025-04-01", "0", "", "")),
)

var tinyPrevious = census("2024-03-31",
	child("H8", episode("2023-09-01", "0", "2024-02-01", "RC2")),
	child("G7", episode("2024-03-31", "0", "2024-04-01", "RC7")),
)

func byID(rs []Result) map[string]Result {
	m := map[string]Result{}
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

func TestTinyCensus(t *testing.T) {
	r := read(t, tiny)
	if r.Year != 2025 || r.LA != "800" {
		t.Fatalf("year %d, LA %q", r.Year, r.LA)
	}
	rs := byID(Compute(r, Options{Population: 20000}))
	for _, c := range []struct {
		id       string
		num, den float64
		shown    string
	}{
		{"referrals", 10, 0, "10"},
		{"referral_rate", 10, 20000, "5.0"},
		{"rereferral_pct", 3, 10, "c"},
		{"nfa_pct", 2, 10, "c"},
		{"not_in_need_pct", 1, 10, "c"},
		{"cin_starts", 7, 0, "7"},
		{"cin_31_march", 8, 0, "8"},
		{"cin_rate", 8, 20000, "4.0"},
		{"assessments_completed", 5, 0, "c"},
		{"assessments_45days_pct", 4, 5, "c"},
		{"s47_enquiries", 3, 0, "c"},
		{"icpc_15days_pct", 1, 2, "c"},
		{"cpp_31_march", 4, 0, "c"},
		{"cpp_rate", 4, 20000, "c"},
		{"cpp_starts", 2, 0, "c"},
		{"cpp_repeat_pct", 1, 2, "c"},
		{"cpp_2yrs_pct", 2, 4, "c"},
		{"factor_episodes", 3, 0, "c"},
		{"factor_domestic_abuse_pct", 2, 3, "c"},
		{"factor_domestic_abuse_any_pct", 3, 3, "c"},
		{"factor_neglect_pct", 1, 3, "c"},
		{"factor_parent_mental_health_pct", 1, 3, "c"},
		{"factor_cse_pct", 1, 3, "c"},
		{"factor_cce_pct", 1, 3, "c"},
		{"factor_missing_pct", 1, 3, "c"},
		{"factor_gangs_pct", 1, 3, "c"},
		{"factor_emotional_abuse_pct", 0, 3, "0.0"}, // a true zero is shown, even of 3
		{"factor_physical_abuse_pct", 0, 3, "0.0"},
	} {
		got, ok := rs[c.id]
		if !ok {
			t.Errorf("no result %s", c.id)
			continue
		}
		if got.Numerator != c.num || got.Denominator != c.den {
			t.Errorf("%s = %v/%v, want %v/%v", c.id, got.Numerator, got.Denominator, c.num, c.den)
		}
		if s := got.Display().Format(got.Def().Decimals); s != c.shown {
			t.Errorf("%s shown as %s, want %s", c.id, s, c.shown)
		}
	}
	// Seven referrals had no earlier referral in the census: A1's first,
	// B2, D4, E5's first, F6, H8, I9.
	if n := rs["rereferral_pct"].Note; !strings.HasPrefix(n, "7 referrals could not be checked") || !strings.Contains(n, "1 April 2024") {
		t.Errorf("re-referral note %q", n)
	}
	if n := rs["assessments_45days_pct"].Note; n != "" {
		t.Errorf("timeliness note %q", n)
	}

	// With the previous census, H8's referral is a re-referral too and
	// every referral is checked.
	prev := read(t, tinyPrevious)
	rs = byID(Compute(r, Options{Previous: prev}))
	if got := rs["rereferral_pct"]; got.Numerator != 4 || got.Denominator != 10 || got.Note != "" {
		t.Errorf("with the previous census: %+v", got)
	}
	// Without a population, rates say what they need.
	if got := rs["cin_rate"]; got.Value != sightline.Missing || got.Note != NoPopulation || got.Display() != sightline.Missing {
		t.Errorf("cin_rate without population: %+v", got)
	}
}

func TestAssessmentFactorsGrouped(t *testing.T) {
	// The reader writes an assessment's factors as rows of their own: they
	// are gathered back into one assessment, an assessment with no factor
	// is still one, and a factor counts once per episode.
	r := read(t, census("2025-03-31", child("A1", episode("2024-05-01", "0", "", "",
		assess("2024-05-01", "2024-05-20", "3B", "3B", "16A"),
		assess("2024-06-03", "2024-06-10")))))
	as := assessments(r.T(cin.Assessments))
	if len(as) != 2 || len(as[0].factors) != 3 || len(as[1].factors) != 1 {
		t.Fatalf("assessments %+v", as)
	}
	rs := byID(Compute(r, Options{}))
	if rs["assessments_completed"].Numerator != 2 || rs["factor_episodes"].Numerator != 1 || rs["factor_domestic_abuse_pct"].Numerator != 1 {
		t.Errorf("%+v %+v %+v", rs["assessments_completed"], rs["factor_episodes"], rs["factor_domestic_abuse_pct"])
	}
}

func TestDefinitions(t *testing.T) {
	ids := map[string]bool{}
	for _, d := range ssda903measure.Definitions {
		ids[d.ID] = true
	}
	for _, d := range Definitions {
		if ids[d.ID] {
			t.Errorf("%s is both an SSDA903 and a CIN result: ids must be unique across returns", d.ID)
		}
		ids[d.ID] = true
		if Lookup(d.ID) == nil {
			t.Errorf("%s not found", d.ID)
		}
		if d.Indicator != "" && d.Part == "" {
			t.Errorf("%s matches %s but names no part", d.ID, d.Indicator)
		}
	}
	if n := len(Compute(read(t, census("2025-03-31")), Options{})); n != len(Definitions) {
		t.Errorf("an empty census gives %d results, want %d", n, len(Definitions))
	}
}

func TestRereferral(t *testing.T) {
	d := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	on := d("2025-02-28")
	for _, c := range []struct {
		prev string
		want bool
	}{
		{"2024-02-28", true},  // a year to the day
		{"2024-02-27", false}, // a day more
		{"2025-02-28", false}, // the same day is not a previous referral
		{"2025-03-01", false}, // later
	} {
		if got := Rereferral([]time.Time{d(c.prev)}, on); got != c.want {
			t.Errorf("previous %s: %v, want %v", c.prev, got, c.want)
		}
	}
	if !True("1") || !True("true") || !True(" TRUE ") || True("0") || True("false") || True("") {
		t.Error("True")
	}
}
