package y2025

import (
	"fmt"
	"strings"
	"testing"
)

// The census year in these tests runs 1 April 2024 to 31 March 2025.

func TestRule8863Q(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
c1,1,2024-05-26,2024-10-26,1A
c1,1,2024-08-26,,1A
c2,1,2024-05-26,2024-10-25,1A
c2,2,2024-06-26,2024-07-01,1A
c3,1,2024-05-26,2025-10-26,1A
c3,1,2024-08-26,2024-10-26,1A
c4,1,2024-10-26,2025-03-31,1A
c4,1,2024-09-26,,1A
c5,1,2024-03-01,2024-04-01,1A
c5,1,2024-09-01,2024-10-01,1A
c6,1,2024-06-03,2024-06-20,1A
c6,1,2024-06-03,2024-06-20,2A
c6,1,2024-06-20,2024-07-01,3A
c7,1,2024-06-01,2024-13-01,1A
c7,1,2024-07-01,2024-08-01,1A
c8,1,2024-06-01,,1A
c8,1,2025-04-02,,1A
`})
	// 1 starts within 0; 5 within 4; 6 while 7 is open; 12 on the day 10–11
	// (one assessment, two factors) was authorised. 13's authorisation is
	// unreadable, so it bounds nothing; 16 starts after the reference date.
	expect(t, "8863Q", r, map[string][]int{"Assessments": {0, 1, 4, 5, 6, 7, 10, 11, 12}})
}

func TestRule8866(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINdetailsID,CINreferralDate,ReferralSource
c1,1,2020-01-01,1Z
c2,1,2020-01-01,
c3,1,2000-01-01,1A
c4,1,2012-01-01,
c4,2,2020-01-01,1C
c5,1,2013-04-01,
c6,1,2013-03-31,
c7,1,,
c8,1,2024-05-01,1a
c9,1,2024-05-01,10
`})
	expect(t, "8866", r, map[string][]int{"CINdetails": {0, 1, 5, 8}})
}

func TestRule8867(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `
LAchildID,CINdetailsID,CINclosureDate
c1,1,2024-06-30
c2,1,2024-08-29
c3,1,2024-10-25
c5,1,2024-11-15
c6,1,2024-11-15
c7,1,
c8,1,2024-09-01
c8,2,
`,
		"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate
c1,1,2024-05-01,2024-05-26
c2,1,2024-05-01,
c3,1,2024-05-01,2024-05-26
c5,1,2024-05-01,
c5,1,2024-04-20,2024-06-01
c7,1,2024-05-01,
c8,2,2024-10-01,
`})
	// c6 has no assessment; c7's episode is open; c8's open assessment is
	// in its second, open, episode.
	expect(t, "8867", r, map[string][]int{"CINdetails": {1, 3}, "Assessments": {1, 3}})
}

func TestRule8868(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `
LAchildID,CINdetailsID,CINclosureDate
c1,1,2024-10-26
c1,2,2024-05-26
c2,1,2024-05-26
c3,1,2024-05-28
c3,2,2024-05-26
c3,3,2024-05-26
c4,4,
c5,1,2024-07-01
`,
		"Section47": `
LAchildID,CINdetailsID,DateOfInitialCPC,ICPCnotRequired
c1,1,,false
c1,2,,true
c2,1,,1
c3,1,2024-05-27,false
c3,2,2024-05-20,nottrue
c3,2,2024-05-21,1
c4,4,,false
c5,1,,TRUE
c5,1,,
`})
	// 0 and 8 have neither a conference nor the flag; 5 has both.
	expect(t, "8868", r, map[string][]int{"CINdetails": {0, 4, 7}, "Section47": {0, 5, 8}})
}

func TestRule8869(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
c1,1,2024-05-01,2024-06-01,21
c1,1,2024-05-01,2024-06-01,4A
c2,1,2024-05-01,,
c3,1,2024-05-01,2024-06-01,21
c4,1,2024-05-01,2024-06-01,1A
c4,1,2024-07-01,2024-08-01,21
c5,1,2024-05-01,2024-06-01,2A
c5,1,2024-05-01,2024-06-01,21
c5,1,2024-05-01,2024-06-01,3A
`})
	// c4's 1A belongs to another assessment.
	expect(t, "8869", r, map[string][]int{"Assessments": {1, 6, 8}})
}

func TestRule8870Q(t *testing.T) {
	r := ret(t, map[string]string{"Section47": `
LAchildID,InitialCPCtarget
c1,2021-06-17
c2,2022-10-09
c3,2020-03-14
c4,
c5,2022-10-09x
c6,2024-12-25
`})
	// A bank holiday on a weekday is not a weekend.
	expect(t, "8870Q", r, map[string][]int{"Section47": {1, 2}})
}

func TestRule8873Q(t *testing.T) {
	r := ret(t, map[string]string{
		"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentFactors
c1,1,2024-05-01,21
c1,2,2024-05-01,BOO
c2,1,2024-05-01,BOO
c3,1,2024-05-01,21
c3,2,2024-05-01,
c3,3,2024-05-01,21
c3,4,2024-05-01,21
c3,4,2024-05-02,20
c4,1,2024-05-01,21
c5,1,2024-06-01,21
c6,1,2024-06-01,1A
c6,1,2024-06-01,21
`,
		"CINdetails": `
LAchildID,CINdetailsID,ReasonForClosure
c1,1,RC8
c1,2,RC3
c2,1,RC8
c3,1,RC10
c3,2,RC9
c3,3,RC10
c3,4,RC10
c4,1,
c5,1,RC9
c6,1,RC1
`})
	// c3's fourth episode has two assessments; c4's open episode has no
	// reason; c6's one assessment has 21 among other factors.
	expect(t, "8873Q", r, map[string][]int{"Assessments": {3, 5, 8, 11}, "CINdetails": {3, 5, 7, 9}})
}

func TestRule8875(t *testing.T) {
	r := ret(t, map[string]string{"Section47": `
LAchildID,DateOfInitialCPC
c1,2021-06-17
c2,2022-10-09
c3,2020-03-14
c4,
c5,2020-03-14T
c6,2024-12-25
c7,2025-03-29
`})
	expect(t, "8875", r, map[string][]int{"Section47": {1, 2, 6}})
}

func TestRule8890(t *testing.T) {
	r := ret(t, map[string]string{"Section47": `
LAchildID,CINdetailsID,S47ActualStartDate,DateOfInitialCPC,ICPCnotRequired
c1,1,2024-05-26,2024-10-26,1
c1,1,2024-08-26,,nottrue
c2,1,2024-05-26,2024-10-25,1
c2,2,2024-06-26,2024-12-26,1
c3,1,2024-05-26,2025-10-26,1
c3,1,2024-08-26,2024-10-26,1
c4,1,2024-10-26,2025-03-31,1
c4,1,2024-09-26,,1
c5,1,2024-05-26,2025-10-26,true
c5,1,2024-08-26,2024-10-26,1
c6,1,2024-06-03,,false
c6,1,2024-09-02,2024-09-20,false
c7,1,2024-06-03,2024-06-10,false
c7,1,2024-06-10,,true
`})
	// 7 has no conference because none was required, so 6 does not start
	// during it; 13 starts on the day of 12's conference.
	expect(t, "8890", r, map[string][]int{"Section47": {0, 1, 4, 5, 8, 9, 10, 11, 12, 13}})
}

func TestRule8896(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
c1,1,2024-05-01,,1A
c1,1,2024-05-01,,2A
c2,1,2024-05-01,,1A
c2,1,2024-06-01,,1A
c2,2,2024-05-01,,1A
c3,1,2024-05-01,2024-05-26,1A
c3,2,2024-06-01,,1A
c3,2,2024-07-01,,1A
c3,2,2024-04-02,2024-05-01,1A
c4,1,2024-05-01,,1A
c4,1,2024-05-01,,2A
c4,1,2024-08-01,,3A
`})
	// c1 has one open assessment with two factors.
	expect(t, "8896", r, map[string][]int{"Assessments": {2, 3, 6, 7, 9, 10, 11}})
}

func TestRule8897Q(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors
c1,1,2024-05-01,2024-05-26,
c2,1,2024-05-01,2024-05-26,99
c3,1,2024-05-01,2024-05-26,1A
c3,1,2024-06-01,2024-06-26,
c5,1,2024-05-01,,
c5,2,2020-05-01,2020-05-26,
c6,1,2024-03-01,2024-04-01,
c7,1,2024-03-01,2024-03-31,
c8,1,2024-05-01,2024-06-01,1a
c8,1,2024-05-01,2024-06-01,18A
`})
	// 6 is authorised on the first day of the census year, 7 the day before.
	expect(t, "8897Q", r, map[string][]int{"Assessments": {0, 1, 3, 6, 8}})
}

func TestRule8898(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentFactors
c1,1,2024-05-01,1A
c1,1,2024-05-01,1A
c1,1,2024-06-01,1A
c1,1,2024-06-01,2A
c2,1,2024-05-01,3A
c2,1,2024-05-01,4A
c2,1,2024-05-01,3A
c3,1,2024-05-01,
c3,2,2024-05-01,
c4,1,2024-05-01,1A
c5,1,2024-05-01,1A
`})
	// 2 is another assessment of the same episode.
	expect(t, "8898", r, map[string][]int{"Assessments": {0, 1, 4, 6}})
}

func TestRule8905(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,InitialCategoryOfAbuse
c1,NEG
c2,AAA
c3,PHY
c4,
c5,BBB
c6,EMO
c7,MUL
c8,SAB
c9,neg
`})
	expect(t, "8905", r, map[string][]int{"ChildProtectionPlans": {1, 3, 4, 8}})
}

func TestRule8910(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,LatestCategoryOfAbuse
c1,NEG
c2,AAA
c3,BBB
c4,
c5,PHY
c6,EMO
c7,MUL
c8,SAB
c9,Mul
`})
	expect(t, "8910", r, map[string][]int{"ChildProtectionPlans": {1, 2, 3, 8}})
}

func TestRule8915(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildProtectionPlans": `
LAchildID,CPPstartDate
c1,
c2,2002-06-27
c3,1999-02-07
c4,2000-05-26
c5,2001-05-26
c5,2000-05-27
c6,2024-01-01
`,
		"ChildIdentifiers": `
LAchildID,PersonDeathDate
c1,2000-05-26
c2,2000-05-26
c3,2000-05-26
c4,
c5,2000-05-27
c6,2000-02-30
`})
	// 5 starts on the day of death; c6's date of death is unreadable.
	expect(t, "8915", r, map[string][]int{"ChildProtectionPlans": {1, 4}, "ChildIdentifiers": {1, 4}})
}

func TestRule8920(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildProtectionPlans": `
LAchildID,CPPendDate
c1,2000-05-26
c2,2002-06-27
c3,2001-02-07
c4,2000-05-26
c5,2000-05-26
c6,
c7,2001-03-14
`,
		"ChildIdentifiers": `
LAchildID,PersonDeathDate
c1,2000-05-25
c2,2000-05-29
c3,2000-03-26
c4,2000-05-30
c5,2000-05-26
c6,2000-05-26
c7,
`})
	expect(t, "8920", r, map[string][]int{"ChildProtectionPlans": {0, 1, 2}, "ChildIdentifiers": {0, 1, 2}})
}

func TestRule8925(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,CPPstartDate,CPPendDate
c1,2024-05-26,2024-05-26
c2,2024-05-26,2025-01-01
c3,2024-05-26,2023-05-26
c3,2024-05-26,
c4,2024-05-26,2024-05-25
c5,,
c6,,2024-01-01
c7,2024-05-26,2024-02-31
`})
	expect(t, "8925", r, map[string][]int{"ChildProtectionPlans": {2, 4}})
}

func TestRule8930(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,CPPendDate
c1,2019-03-01
c2,2024-04-01
c3,2025-10-01
c4,
c5,2025-03-31
c6,2024-03-31
c7,2025-04-01
c8,bad
`})
	expect(t, "8930", r, map[string][]int{"ChildProtectionPlans": {0, 2, 5, 6}})
}

func TestRule8935(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,CINdetailsID,CPPID,CPPendDate
c1,1,1,
c1,2,1,
c1,2,2,2024-05-26
c2,1,1,2024-05-26
c2,1,2,
c3,1,1,
c3,1,2,
c3,1,3,
c4,1,1,bad
c4,1,2,
`})
	// c1's open plans are in different episodes with the same CPPID; c4's
	// unreadable end date is not a missing one.
	expect(t, "8935", r, map[string][]int{"ChildProtectionPlans": {0, 1, 5, 6, 7}})
}

func TestRule8940(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate
c1,1,1,2024-05-26,2024-10-26
c1,1,2,2024-08-26,2024-12-26
c2,1,1,2024-05-26,2024-10-25
c2,1,2,2024-10-26,2024-12-26
c3,1,1,2024-05-26,
c3,1,2,2024-08-26,2024-10-26
c4,1,1,2024-10-26,2025-03-31
c4,1,2,2025-03-31,
c5,1,1,2024-05-01,2024-06-01
c5,2,1,2024-05-15,2024-07-01
c6,1,1,2024-05-01,bad
c6,1,2,2024-06-01,2024-07-01
c7,1,1,2024-05-01,
c7,2,1,2025-04-05,
`})
	// 7 starts on the day 6 ends; c5's plans share a CPPID in different
	// episodes; c6's unreadable end bounds nothing; 13 starts after the
	// reference date.
	expect(t, "8940", r, map[string][]int{"ChildProtectionPlans": {0, 1, 4, 5, 6, 7, 8, 9}})
}

func TestRule8945Q(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentFactors
c1,
c2,18a
c3,18A
c4,18B
c5,18C
`})
	expect(t, "8945Q", r, map[string][]int{"Assessments": {1, 2}})
}

func TestRule8950Q(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentFactors
c1,
c2,19a
c3,19A
c4,18B
c5,19C
`})
	expect(t, "8950Q", r, map[string][]int{"Assessments": {1, 2}})
}

// BenchmarkRulesE runs range e's rules over a large council's census:
// 20,000 children, each with two episodes of two three-factor assessments,
// two section 47 enquiries and two plans.
func BenchmarkRulesE(b *testing.B) {
	var as, s47, cpp, cd, ci strings.Builder
	as.WriteString("LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors\n")
	s47.WriteString("LAchildID,CINdetailsID,S47ActualStartDate,DateOfInitialCPC,ICPCnotRequired\n")
	cpp.WriteString("LAchildID,CINdetailsID,CPPID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse\n")
	cd.WriteString("LAchildID,CINdetailsID,CINreferralDate,ReferralSource,CINclosureDate,ReasonForClosure\n")
	ci.WriteString("LAchildID,PersonDeathDate\n")
	for c := 0; c < 20000; c++ {
		fmt.Fprintf(&ci, "c%d,\n", c)
		for e := 1; e <= 2; e++ {
			fmt.Fprintf(&cd, "c%d,%d,2024-05-01,1A,2024-12-01,RC1\n", c, e)
			for a := 0; a < 2; a++ {
				for _, f := range []string{"1A", "2A", "21"} {
					fmt.Fprintf(&as, "c%d,%d,2024-0%d-01,,%s\n", c, e, 5+a, f)
				}
				fmt.Fprintf(&s47, "c%d,%d,2024-0%d-01,,false\n", c, e, 5+a)
				fmt.Fprintf(&cpp, "c%d,%d,%d,2024-0%d-01,,NEG,PHY\n", c, e, a+1, 5+a)
			}
		}
	}
	t := &testing.T{} // ret wants one; the data is well formed, so it never fails
	src := map[string]string{"Assessments": as.String(), "Section47": s47.String(),
		"ChildProtectionPlans": cpp.String(), "CINdetails": cd.String(), "ChildIdentifiers": ci.String()}
	codes := []string{"8863Q", "8866", "8867", "8868", "8869", "8870Q", "8873Q", "8875", "8890", "8896", "8897Q",
		"8898", "8905", "8910", "8915", "8920", "8925", "8930", "8935", "8940", "8945Q", "8950Q"}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		r := ret(t, src)
		b.StartTimer()
		for _, c := range codes {
			checks[c](r)
		}
	}
}
