package y2025

import (
	"testing"
	"time"

	"github.com/sightline-uk/sightline/returns"
)

// Returns are for the census year 1 April 2024 to 31 March 2025 unless a
// test says otherwise.

func dayC(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWorkingDayHelpersC(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-03-31", 44, "2025-01-28"},
		{"2025-03-31", 14, "2025-03-11"},
		{"2025-04-22", 1, "2025-04-17"}, // over Easter Monday and Good Friday
		{"2025-04-21", 1, "2025-04-17"}, // a bank holiday rolls forward first
		{"2025-04-21", 0, "2025-04-22"},
		{"2024-12-27", 1, "2024-12-24"},  // over Christmas and Boxing Day
		{"2024-03-31", 44, "2024-01-29"}, // Sunday, then Easter Monday 1 April
	} {
		if got := workingDaysBeforeC(dayC(c.from), c.n); !got.Equal(dayC(c.want)) {
			t.Errorf("workingDaysBeforeC(%s, %d) = %s, want %s", c.from, c.n, got.Format("2006-01-02"), c.want)
		}
	}
	// The limit agrees with the half-open working-day count.
	if n := returns.WorkingDays(dayC("2025-01-28"), dayC("2025-03-31")); n != 44 {
		t.Errorf("WorkingDays = %d, want 44", n)
	}
	for from, want := range map[string]string{
		"2024-04-01": "2024-03-28", // Easter Monday, Good Friday before it
		"2025-04-01": "2025-03-31",
		"2023-04-01": "2023-03-31", // a Saturday
	} {
		if got := lastWorkingDayBeforeC(dayC(from)); !got.Equal(dayC(want)) {
			t.Errorf("lastWorkingDayBeforeC(%s) = %s, want %s", from, got.Format("2006-01-02"), want)
		}
	}
}

func TestRule8500(t *testing.T) {
	// CSV skips blank lines, so a second column keeps blank ids as rows.
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,UPN
c1,A
,B
c3,C
,D
`})
	expect(t, "8500", r, map[string][]int{"ChildIdentifiers": {1, 3}})
}

func TestRule8510(t *testing.T) {
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,UPN
c1,A
c1,B
c2,C
,D
,E
c3,F
c1,G
`})
	expect(t, "8510", r, map[string][]int{"ChildIdentifiers": {0, 1, 6}})
	expect(t, "8510", ret(t, map[string]string{"ChildIdentifiers": "LAchildID\nc1\nc2"}), nil)
}

func TestRule8520(t *testing.T) {
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,PersonBirthDate
c0,2024-06-01
c1,2025-03-31
c2,2025-04-01
c3,
c4,2025-13-01
c5,2026-01-01
`})
	expect(t, "8520", r, map[string][]int{"ChildIdentifiers": {2, 5}})
}

func TestRule8525Q(t *testing.T) {
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,PersonBirthDate,ExpectedPersonBirthDate
c0,2020-05-26,2020-05-26
c1,2020-05-26,
c2,,2025-05-26
c3,,
c4,junk,
c5,junk,2025-05-26
`})
	expect(t, "8525Q", r, map[string][]int{"ChildIdentifiers": {0, 3, 4}})
}

func TestRule8530Q(t *testing.T) {
	// Reference date 31 March 2025: expected births strictly between
	// 1 March 2025 and 31 December 2025.
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,ExpectedPersonBirthDate
c0,2025-03-01
c1,2025-03-02
c2,2025-12-30
c3,2025-12-31
c4,2024-10-15
c5,
c6,2026-03-15
c7,junk
`})
	expect(t, "8530Q", r, map[string][]int{"ChildIdentifiers": {0, 3, 4, 6}})
}

func TestRule8535Q(t *testing.T) {
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,PersonBirthDate,ExpectedPersonBirthDate,PersonDeathDate
c0,2020-05-26,,2020-05-26
c1,2020-05-26,,2021-05-26
c2,2020-05-26,,2019-05-26
c3,,2020-05-27,2020-05-26
c4,2020-05-26,,2020-05-25
c5,,,
c6,,,2020-05-26
c7,,2020-05-25,2020-05-26
c8,2020-05-26,,junk
`})
	// c3 died before its expected birth (unborn): not queried; c6 and c7
	// died with no birth date and no later expected one.
	expect(t, "8535Q", r, map[string][]int{"ChildIdentifiers": {2, 4, 6, 7}})
}

func TestRule8540(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": `
LAchildID,PersonBirthDate
c1,2015-01-01
c2,2015-01-01
c3,2015-01-01
c4,2015-01-01
c5,2015-01-01
c6,
c7,2015-01-01
`,
		"CINdetails": `
LAchildID,CINdetailsID,ReferralNFA
c1,1,false
c2,1,0
c3,1,0
c3,2,1
c4,1,1
c6,1,false
c7,1,false
c7,2,true
c7,3,0
`,
		"Disabilities": `
LAchildID,Disability
c1,
c2,MOB
c3,notreal
c3,MOB
c6,junk
c4,junk
`,
	})
	// c1: blank code; c3: an invalid code beside a valid one; c7: no
	// disability recorded. c4's referrals all ended in no further action,
	// c5 has none, c6 has no birth date (unborn).
	expect(t, "8540", r, map[string][]int{
		"ChildIdentifiers": {0, 2, 6},
		"CINdetails":       {0, 2, 6, 8},
		"Disabilities":     {0, 2},
	})
}

func TestRule8545Q(t *testing.T) {
	r := ret(t, map[string]string{"ChildIdentifiers": `
LAchildID,PersonDeathDate
c0,2024-04-01
c1,2025-03-31
c2,2024-03-31
c3,2025-04-01
c4,
c5,junk
c6,2020-04-17
`})
	expect(t, "8545Q", r, map[string][]int{"ChildIdentifiers": {2, 3, 6}})
}

func TestRule8555Q(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": `
LAchildID,PersonDeathDate
c1,2024-05-26
c2,2024-05-26
c3,
`,
		"CINdetails": `
LAchildID,CINdetailsID,CINreferralDate
c1,1,2024-05-26
c2,1,2024-06-27
c1,2,2024-05-27
c3,1,2024-06-01
c2,2,
c4,1,2024-06-01
`,
	})
	expect(t, "8555Q", r, map[string][]int{"CINdetails": {1, 2}, "ChildIdentifiers": {0, 1}})
}

func TestRule8565(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `
LAchildID,CINdetailsID,CINclosureDate,DateOfInitialCPC
c1,1,2024-05-26,2024-05-26
c1,2,2024-05-26,
c1,3,2024-05-26,2024-05-27
c1,4,,2024-06-01
c2,1,2024-05-26,
`,
		"Assessments": `
LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate
c1,1,2024-05-27,2024-05-26
c1,1,2024-05-26,2024-05-26
c1,2,2024-05-27,
c1,3,2024-05-26,2024-05-26
c1,4,2024-07-01,
c2,1,,
c2,2,2024-07-01,
`,
		"Section47": `
LAchildID,CINdetailsID,S47ActualStartDate,DateOfInitialCPC
c1,1,2024-05-27,2024-05-26
c2,1,2024-05-20,2024-05-28
`,
		"ChildProtectionPlans": `
LAchildID,CINdetailsID,CPPID,CPPendDate
c1,1,1,2024-05-27
c2,1,1,2024-05-26
`,
		"CINplanDates": `
LAchildID,CINdetailsID,CINPlanStartDate,CINPlanEndDate
c1,1,2024-05-27,2024-05-26
c1,2,2024-05-01,
`,
	})
	// Episode c1/4 is open; c2/2 has no CINdetails row.
	expect(t, "8565", r, map[string][]int{
		"CINdetails":           {0, 1, 2, 4},
		"Assessments":          {0, 2},
		"Section47":            {0, 1},
		"ChildProtectionPlans": {0},
		"CINplanDates":         {0},
	})
}

func TestRule8568(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,ReferralNFA
c0,1
c1,0
c2,2
c3,
c4,true
c5,Woof
c6,FALSE
c7,True
`})
	expect(t, "8568", r, map[string][]int{"CINdetails": {2, 3, 5}})
}

func TestRule8569Q(t *testing.T) {
	// The 2024/25 census began on Easter Monday 1 April 2024; the working
	// day before it was Thursday 28 March (Good Friday 29 March).
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINreferralDate,ReferralNFA
c0,2024-03-27,true
c1,2024-03-28,true
c2,2024-03-29,true
c3,2023-10-26,false
c4,2023-10-26,0
c5,2023-10-26,1
c6,2023-10-26,
c7,,true
c8,2024-06-01,true
`})
	expect(t, "8569Q", r, map[string][]int{"CINdetails": {0, 5, 6}})
}

func TestRule8585Q(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": `
LAchildID,PersonDeathDate
c1,2024-05-26
c2,2024-06-27
c3,
c4,junk
`,
		"CINdetails": `
LAchildID,CINdetailsID,ReasonForClosure
c1,1,RC2
c2,1,RC1
c3,1,RC2
c3,2,RC8
c4,1,RC2
c5,1,RC2
`,
	})
	expect(t, "8585Q", r, map[string][]int{"CINdetails": {2, 4}, "ChildIdentifiers": {2, 3}})
}

func TestRule8590(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": "LAchildID\nc1\nc2\nc3\nc4",
		"CINdetails":       "LAchildID,CINdetailsID\nc1,1\nc2,1\nc4,1\nc5,1\nc1,2",
	})
	expect(t, "8590", r, map[string][]int{"ChildIdentifiers": {2}})
}

func TestRule8600(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINreferralDate
c0,2024-06-30
c1,2025-03-31
c2,2025-04-01
c3,
c4,junk
c5,2001-01-25
`})
	expect(t, "8600", r, map[string][]int{"CINdetails": {2, 3, 4}})
}

func TestRule8606(t *testing.T) {
	// 280 days before 26 May 2025 is 19 August 2024; before 26 May 2024
	// (a leap year) it is 20 August 2023.
	r := ret(t, map[string]string{
		"ChildIdentifiers": `
LAchildID,PersonBirthDate,ExpectedPersonBirthDate
c1,2024-05-26,
c2,2024-05-26,
c3,,2025-05-26
c4,,2025-05-26
c5,2024-05-26,
`,
		"CINdetails": `
LAchildID,CINdetailsID,CINreferralDate
c1,1,2024-04-26
c2,1,2022-06-27
c3,1,2024-08-19
c4,1,2024-08-18
c5,1,2023-08-20
c5,2,2023-08-19
c1,2,
`,
	})
	expect(t, "8606", r, map[string][]int{"CINdetails": {1, 3, 5}, "ChildIdentifiers": {1, 3, 4}})
}

func TestRule8608(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate
c1,2024-05-26,2024-05-26
c2,2024-05-26,2025-01-26
c3,2024-05-26,2023-05-26
c3,2024-05-26,
c4,2024-05-26,2024-05-25
c5,,
c6,junk,2024-05-25
`})
	expect(t, "8608", r, map[string][]int{"Assessments": {2, 4}})
}

func TestRule8610(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINdetailsID,ReferralNFA,PrimaryNeedCode
c1,1,false,
c2,1,0,
c3,1,1,
c4,1,,
c5,1,true,
c6,1,false,N1
`})
	expect(t, "8610", r, map[string][]int{"CINdetails": {0, 1}})
}

func TestRule8614(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentAuthorisationDate,AssessmentFactors
c1,1,2024-05-26,21
c1,1,2024-05-26,3A
c2,1,,21
c2,1,,3A
c3,1,,
c4,1,junk,4B
c5,1,2024-05-26,
`})
	// An assessment with no end date and no factors is one row with a blank
	// factor; a malformed end date is no end date.
	expect(t, "8614", r, map[string][]int{"Assessments": {2, 3, 5}})
}

func TestRule8615(t *testing.T) {
	r := ret(t, map[string]string{"Section47": `
LAchildID,S47ActualStartDate,DateOfInitialCPC
A,2020-01-01,2020-01-01
B,2020-02-01,2020-01-01
C,2020-03-01,2020-03-01
D,2020-01-15,2020-01-17
E,,
F,2020-07-01,2020-01-01
G,2020-01-15,2020-01-15
H,,2020-01-01
I,junk,2020-01-01
J,2020-01-01,
`})
	expect(t, "8615", r, map[string][]int{"Section47": {1, 5, 7, 8}})
}

func TestRule8620(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINclosureDate
c0,2019-03-01
c1,2024-04-10
c2,2025-10-01
c3,2024-04-01
c4,2025-03-31
c5,2024-03-31
c6,
c7,junk
`})
	expect(t, "8620", r, map[string][]int{"CINdetails": {0, 2, 5}})
}

func TestRule8630(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": `
LAchildID,CINreferralDate,CINclosureDate
A,2020-01-01,2020-01-01
B,2020-02-01,2020-01-01
C,2020-03-01,2020-03-01
D,2020-01-15,2020-01-17
E,,
F,2020-07-01,2020-01-01
G,2020-01-15,2020-01-15
H,,2020-01-01
`})
	expect(t, "8630", r, map[string][]int{"CINdetails": {1, 5}})
}

func TestRule8640(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": "LAchildID,ReasonForClosure\nc,RC1\nc,RC13\nc,\nc,RC0\nc,rc1\nc,RC9"})
	expect(t, "8640", r, map[string][]int{"CINdetails": {1, 3, 4}})
}

func TestRule8650(t *testing.T) {
	r := ret(t, map[string]string{"CINdetails": "LAchildID,PrimaryNeedCode\nc,N1\nc,N8\nc,AA\nc,\nc,N6\nc,BB\nc,N9\nc,N0\nc,n1"})
	expect(t, "8650", r, map[string][]int{"CINdetails": {2, 5, 8}})
}

func TestRule8670Q(t *testing.T) {
	// Reference date Monday 31 March 2025: 44 working days back is Tuesday
	// 28 January 2025.
	r := ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentAuthorisationDate,AssessmentActualStartDate
c0,2024-05-26,2024-10-15
c1,,2024-10-15
c2,,2025-03-15
c3,,2025-01-28
c4,,2025-01-27
c5,,2025-01-26
c6,,
`})
	expect(t, "8670Q", r, map[string][]int{"Assessments": {1, 4, 5}})

	// Reference date Sunday 31 March 2024 rolls forward past Easter Monday
	// to Tuesday 2 April; 44 working days back (over Good Friday) is Monday
	// 29 January 2024.
	r = ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentAuthorisationDate,AssessmentActualStartDate
c0,,2024-01-29
c1,,2024-01-28
c2,,2024-01-26
`})
	r.Year = 2024
	expect(t, "8670Q", r, map[string][]int{"Assessments": {1, 2}})
}

func TestRule8675Q(t *testing.T) {
	// 14 working days before Monday 31 March 2025 is Tuesday 11 March.
	r := ret(t, map[string]string{"Section47": `
LAchildID,DateOfInitialCPC,S47ActualStartDate,ICPCnotRequired
c0,,2025-01-29,false
c1,2024-05-26,2024-05-20,false
c2,,2025-03-25,false
c3,,,false
c4,,,true
c5,,2025-01-29,0
c6,,2025-01-29,true
c7,,2025-03-11,false
c8,,2025-03-10,false
c9,,2025-01-29,
`})
	expect(t, "8675Q", r, map[string][]int{"Section47": {0, 5, 8}})
}

func TestRule8696(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,AssessmentAuthorisationDate
c0,2019-03-01
c1,2024-04-01
c2,2025-10-01
c3,
c4,2025-03-31
c5,2024-03-31
`})
	expect(t, "8696", r, map[string][]int{"Assessments": {0, 2, 5}})
}

func TestRule8715(t *testing.T) {
	r := ret(t, map[string]string{"Section47": `
LAchildID,DateOfInitialCPC
c0,2019-03-01
c1,2024-04-01
c2,2025-10-01
c3,
c4,2025-03-31
c5,2024-03-31
`})
	expect(t, "8715", r, map[string][]int{"Section47": {0, 2, 5}})
}

func TestRule8720(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,CINdetailsID,CPPID,CPPstartDate
c0,1,1,2019-03-01
c1,1,,
c2,1,1,2025-10-01
c3,1,1,
c4,1,2,2025-03-31
c5,1,1,junk
`})
	expect(t, "8720", r, map[string][]int{"ChildProtectionPlans": {2, 3, 5}})
}

func TestRule8730(t *testing.T) {
	r := ret(t, map[string]string{"ChildProtectionPlans": `
LAchildID,NumberOfPreviousCPP
c0,1234
c1,
c2,
c3,-1
c4,0
c5,abc
c6,2
`})
	expect(t, "8730", r, map[string][]int{"ChildProtectionPlans": {1, 2, 3, 5}})
}

func TestRule8736(t *testing.T) {
	r := ret(t, map[string]string{"Assessments": `
LAchildID,CINdetailsID,AssessmentAuthorisationDate,AssessmentActualStartDate
c0,,,2024-05-27
c1,1,,2023-03-26
c2,1,2024-06-27,2024-05-27
c3,1,,2026-04-10
c4,1,,2025-05-27
c5,,,
c6,1,,
c7,1,,2024-04-01
c8,1,,2024-03-31
c9,1,2024-06-27,2023-01-01
`})
	expect(t, "8736", r, map[string][]int{"Assessments": {1, 3, 4, 6, 8}})
}
