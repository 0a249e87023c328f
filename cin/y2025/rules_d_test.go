package y2025

import "testing"

func TestRule8740(t *testing.T) {
	r := ret(t, map[string]string{
		"Section47": `LAchildID,S47ActualStartDate,DateOfInitialCPC,ICPCnotRequired
c1,2024-05-26,2024-05-30,0
c1,2023-05-26,,1
c1,2024-05-26,,0
c1,2023-05-26,,0
c2,2025-04-01,,false
c2,2024-04-01,,0
c2,2025-03-31,,0
c3,2024-03-31,,0
c3,,,0
c3,31/03/2023,,0
c3,2023-01-01,,`,
	})
	// 3 before the year, 4 after the reference date, 7 the day before the
	// year; the year's first and last days (5, 6) pass.
	expect(t, "8740", r, map[string][]int{"Section47": {3, 4, 7}})
	r.Year = 0 // no header: the census year is unknown
	expect(t, "8740", r, nil)
}

func TestRule8750(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": `LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex
c1,2020-05-26,2020-05-26,M
c2,2020-05-26,,F
c3,,2025-06-01,U
c4,,,F
c5,,2025-06-01,F
c6,,2025-06-01,M
c7,,2025-06-01,`,
	})
	expect(t, "8750", r, map[string][]int{"ChildIdentifiers": {4, 5, 6}})
}

func TestRule8770Q(t *testing.T) {
	// Census year 2024/25 began in the school year 2023/24, whose reception
	// children were born on or before 31 August 2019.
	r := ret(t, map[string]string{
		"ChildIdentifiers": `LAchildID,PersonBirthDate,UPN,UPNunknown
c1,2019-09-01,,
c2,2015-05-26,A123,
c3,2015-05-26,,UN2
c4,2015-05-26,,un5
c5,2019-08-31,,
c6,2019-08-31,,UN1
c7,2015-05-26,,UN8
c8,2010-01-01,,UN9
c9,,,
c10,2010-01-01,,`,
		"CINdetails": `LAchildID,ReferralNFA
c1,0
c2,false
c3,FALSE
c4,0
c5,0
c6,0
c6,1
c7,1
c8,0
c9,0`,
	})
	// c7's only referral had no further action; c10 has no CIN episode.
	expect(t, "8770Q", r, map[string][]int{"ChildIdentifiers": {4, 5, 7}})
	r.Year = 0
	expect(t, "8770Q", r, nil)
}

func TestRule8772(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildIdentifiers": `LAchildID,UPNunknown
c1,UN6
c2,UN7
c3,UN7
c4,UN7
c5,UN4
c6,UN7`,
		"CINdetails": `LAchildID,CINdetailsID,ReferralNFA
c1,1,true
c2,1,1
c3,1,
c4,1,TRUE
c4,2,0
c5,1,0`,
	})
	// c3's NFA is blank and c4's second episode goes on to further action;
	// c6 has no episode that contradicts UN7.
	expect(t, "8772", r, map[string][]int{"ChildIdentifiers": {2, 3}, "CINdetails": {2, 4}})
}

func TestRule8775Q(t *testing.T) {
	// Reference date 31 March 2025: over 25 means born before 31 March 2000.
	r := ret(t, map[string]string{
		"ChildIdentifiers": `LAchildID,PersonBirthDate
c1,1990-01-01
c2,2000-03-31
c3,2000-03-30
c4,1996-02-29
c5,1980-01-01
c6,1990-01-01`,
		"CINdetails": `LAchildID,CINclosureDate
c1,2014-12-31
c1,
c2,
c3,2025-03-30
c4,2021-03-01
c6,01/01/2010`,
	})
	// c1's open episode, c4 closed the day after the 25th birthday (28
	// February 2021, as a 29 February birthday falls in a common year), c5
	// has no episode, c6's closure date is unreadable.
	expect(t, "8775Q", r, map[string][]int{"ChildIdentifiers": {0, 3, 4, 5}, "CINdetails": {1, 4, 5}})
}

func TestRule8790(t *testing.T) {
	r := ret(t, map[string]string{
		"Disabilities": `LAchildID,Disability
1,NONE
1,AIND
2,NONE
3,
3,MOTH
4,none
4,AAAA
5,AA
4,
6,NONE
6,NONE`,
	})
	expect(t, "8790", r, map[string][]int{"Disabilities": {1, 6}})
}

func TestRule8794(t *testing.T) {
	r := ret(t, map[string]string{
		"Disabilities": `LAchildID,Disability
1,AAA
1,AAA
2,BBB
3,
3,MOTH
4,AAAA
4,AAAA
5,AA
5,BB
6,AA
6,AA
6,CC
6,CC
7,
7,
8,AA
9,AA`,
	})
	expect(t, "8794", r, map[string][]int{"Disabilities": {0, 1, 5, 6, 9, 10, 11, 12}})
}

func TestRule8805(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINclosureDate,ReasonForClosure
c1,2024-05-26,RC1
c2,,RC1
c3,2024-05-26,
c4,not a date,
c5,,`,
	})
	expect(t, "8805", r, map[string][]int{"CINdetails": {2, 3}})
}

func TestRule8810(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINdetailsID,ReasonForClosure,CINclosureDate
c1,1,RC1,2024-05-26
c2,1,RC2,2024-05-27
c3,1,RC3,
c4,1,RC4,
c4,2,,2024-05-25
c5,1,,`,
	})
	expect(t, "8810", r, map[string][]int{"CINdetails": {2, 3}})
}

func TestRule8815(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINdetailsID,CINreferralDate,CINclosureDate,ReferralNFA
c1,1,2024-05-26,,true
c1,2,2024-08-26,,0
c2,1,2024-05-26,2024-10-25,true
c2,2,2024-10-26,2024-12-26,true
c3,1,2024-05-26,,0
c3,2,2024-08-26,,0
c4,1,2024-10-26,,false
c4,2,2025-03-31,,0
c4,3,2024-01-01,,1
c5,1,2024-01-01,,
c5,2,2024-02-01,,0
c6,1,2024-01-01,bad,0
c6,2,2024-02-01,,0`,
	})
	// c4's open referral with no further action (8) is not at fault; c5's
	// blank ReferralNFA is not false; c6's first episode has a (malformed)
	// closure date.
	expect(t, "8815", r, map[string][]int{"CINdetails": {4, 5, 6, 7}})
}

func TestRule8816(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINdetailsID,CINreferralDate,CINclosureDate,ReferralNFA
c1,1,2024-10-26,,0
c1,2,2024-10-27,2025-01-26,0
c1,3,2023-10-26,,0
c1,4,2025-01-26,,0
c2,1,2023-10-26,,0
c2,2,2022-10-26,,0
c3,1,2024-01-01,,0
c3,2,2024-01-01,2024-02-01,1
c4,1,,,0
c4,2,2024-01-01,2024-03-01,0
c5,1,2024-01-01,,1
c5,2,2024-06-01,,0`,
	})
	// 0 and 2 are open but not c1's latest (3, faulted with them); 5 is not
	// c2's latest (4). c3 ties for latest; c4's open episode is undated; c5's
	// older open episode had no further action.
	expect(t, "8816", r, map[string][]int{"CINdetails": {0, 2, 3, 4, 5}})
}

func TestRule8820(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINdetailsID,CINreferralDate,CINclosureDate,ReferralNFA
c1,1,2024-05-26,2024-10-26,true
c1,2,2024-08-26,,0
c2,1,2024-05-26,2024-10-25,true
c2,2,2024-10-26,2024-12-26,true
c3,1,2024-05-26,2025-10-26,true
c3,2,2024-08-26,2024-10-26,true
c4,1,2024-10-26,2025-03-31,true
c4,2,2024-09-26,,true
c5,1,2024-06-01,2024-09-01,0
c5,2,2024-09-01,,0
c6,1,2024-04-01,,0
c6,2,2024-06-01,2024-07-01,0
c7,1,2024-04-01,,0
c7,2,2025-04-02,,0
c8,1,2024-04-01,2024-05-01,0
c8,2,2024-04-01,2024-04-15,0`,
	})
	// c1 and c3: referred within another episode; c4's open episode had no
	// further action; c5 closes on the day the next is referred (allowed);
	// c6 is referred while an earlier episode is open; c7's second
	// referral is after the reference date; c8's episodes start together.
	expect(t, "8820", r, map[string][]int{"CINdetails": {0, 1, 4, 5, 10, 11, 14, 15}})
	r.Year = 0 // open episodes run to the reference date, now unknown
	expect(t, "8820", r, map[string][]int{"CINdetails": {0, 1, 4, 5, 14, 15}})
}

func TestRule8825Q(t *testing.T) {
	r := ret(t, map[string]string{
		"Assessments": `LAchildID,CINdetailsID
c7,1
c3,1
c3,2
c3,3
c3,4`,
		"CINdetails": `LAchildID,CINdetailsID,ReasonForClosure
c1,1,
c1,2,RC7
c2,1,RC1
c3,1,RC8
c3,2,RC1
c3,3,RC9
c4,4,RC8
c4,1,RC9`,
	})
	// c4's episodes have no assessment (c3's and c7's do not count).
	expect(t, "8825Q", r, map[string][]int{"CINdetails": {6, 7}})
}

func TestRule8831(t *testing.T) {
	r := ret(t, map[string]string{
		"CINdetails": `LAchildID,CINdetailsID,ReferralNFA,DateOfInitialCPC
c1,1,1,
c2,2,true,
c3,3,1,
c4,4,true,2024-05-28
c3,2,false,2024-05-26
c3,8,false,2024-05-26
c5,1,1,
c6,1,1,`,
		"Section47": `LAchildID,CINdetailsID,S47ActualStartDate,DateOfInitialCPC
c1,2,,
c2,2,2024-01-01,
c2,1,,
c3,1,2024-01-01,
c5,1,,2024-02-02
c3,2,2024-01-01,`,
		"Assessments": `LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentAuthorisationDate
c1,1,,2024-01-01
c3,3,2024-01-01,2024-01-01
c1,2,,
c5,1,,
c6,2,2024-01-01,`,
	})
	// c1: authorised assessment; c2: section 47 enquiry; c3 episode 3:
	// assessment; c4: initial conference; c5: conference in its section 47.
	// Episodes going on to further action, and c6's undated records, pass.
	expect(t, "8831", r, map[string][]int{
		"CINdetails":  {0, 1, 2, 3, 6},
		"Section47":   {1, 4},
		"Assessments": {0, 1},
	})
}

func TestRule8832(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildProtectionPlans": `LAchildID,CINdetailsID,CPPID
c1,1,1
c1,2,1
c1,1,2
c4,1,1`,
		"CINdetails": `LAchildID,CINdetailsID,ReferralNFA
c1,1,1
c1,2,
c3,6,1
c4,1,false`,
	})
	expect(t, "8832", r, map[string][]int{"ChildProtectionPlans": {0, 2}, "CINdetails": {0}})
}

func TestRule8839(t *testing.T) {
	r := ret(t, map[string]string{
		"Section47": `LAchildID,CINdetailsID,DateOfInitialCPC,ICPCnotRequired
c1,1,,0
c1,1,,false
c1,2,,0
c2,2,2021-05-26,0
c2,2,,
c2,2,,
c3,3,,1
c3,3,,
c4,1,,true
c4,1,,0
c4,1,,0
c5,1,,0
c6,1,,0`,
	})
	// Enquiries whose conference is not required (6, 8) are not open;
	// c5's and c6's share an id but not a child.
	expect(t, "8839", r, map[string][]int{"Section47": {0, 1, 4, 5, 9, 10}})
}

func TestRule8840(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildProtectionPlans": `LAchildID,CPPstartDate,CPPendDate
c1,1989-10-08,1989-10-08
c2,1993-12-05,1993-12-05
c3,1993-12-05,2022-09-12
c4,1997-12-05,1997-12-05
c5,,
c6,2024-01-01,
c7,bad,bad`,
	})
	expect(t, "8840", r, map[string][]int{"ChildProtectionPlans": {0, 1, 3}})
}

func TestRule8841(t *testing.T) {
	r := ret(t, map[string]string{
		"ChildProtectionPlans": `LAchildID,CINdetailsID,CPPID,CPPstartDate
c1,1,1,2000-05-26
c1,1,2,2002-06-27
c3,1,6,2001-02-07
c2,1,3,2000-05-26
c3,1,4,2000-05-26
c3,1,5,
c3,1,7,2001-03-14
c8,2,1,2024-06-01`,
		"Reviews": `LAchildID,CINdetailsID,CPPID,CPPreviewDate
c1,1,1,2000-05-26
c1,1,2,2000-05-26
c3,1,6,2000-05-26
c2,1,3,2000-05-30
c3,1,4,2000-05-27
c3,1,5,2000-05-26
c3,1,7,
c8,1,1,2024-05-01
c8,2,1,2024-07-01
c1,1,1,2000-06-26`,
	})
	// Review 7 belongs to c8's first episode's plan 1, not the second's.
	expect(t, "8841", r, map[string][]int{"ChildProtectionPlans": {0, 1, 2}, "Reviews": {0, 1, 2}})
}

func TestRule8842Q(t *testing.T) {
	r := ret(t, map[string]string{
		"Reviews": `LAchildID,CPPreviewDate
c1,2000-05-26
c1,
c2,not a date
c3,26/05/2000`,
	})
	expect(t, "8842Q", r, map[string][]int{"Reviews": {1, 2, 3}})
}
