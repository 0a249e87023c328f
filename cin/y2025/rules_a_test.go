package y2025

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/cin"
)

func TestRule100(t *testing.T) {
	r := ret(t, map[string]string{cin.Header: `Year,ReferenceDate
2025,2025-03-31`})
	expect(t, "100", r, nil)
	for _, c := range []struct{ year, date string }{
		{"2025", ""},           // missing
		{"2025", "2024-03-31"}, // last year's
		{"2025", "2025-03-30"},
		{"2025", "31/03/2025"}, // not a census date
		{"2026", "2025-03-31"}, // the header's year wins
	} {
		r := ret(t, map[string]string{cin.Header: "Year,ReferenceDate\n" + c.year + "," + c.date})
		expect(t, "100", r, map[string][]int{cin.Header: {0}})
	}
	// without a Year the return's own year stands
	r = ret(t, map[string]string{cin.Header: `Year,ReferenceDate
,2025-03-31`})
	expect(t, "100", r, nil)
	r = ret(t, map[string]string{cin.Header: `Year,ReferenceDate
x,2024-03-31`})
	expect(t, "100", r, map[string][]int{cin.Header: {0}})
}

func TestRule1103(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,CINreferralDate
c1,1,2024-07-01
c2,1,2024-09-01
c3,1,2024-05-26
c4,1,2024-12-10
c5,1,
c6,1,2024-06-01
c6,2,2024-10-01
c7,1,bad`,
		cin.Assessments: `LAchildID,CINdetailsID,AssessmentActualStartDate,AssessmentFactors
c1,1,2024-06-30,1A
c1,1,2024-06-30,2B
c2,1,2024-09-10,
c3,1,,
c4,1,2024-12-01,
c5,1,2025-02-10,
c6,1,2024-09-01,
c6,2,2024-09-01,
c7,1,2024-01-01,
c8,1,2024-01-01,
c6,1,not-a-date,`,
	})
	// both factor rows of c1's assessment fault; c6's second episode
	// started later than its assessment, the first did not
	expect(t, "1103", r, map[string][]int{cin.Assessments: {0, 1, 4, 7}, cin.CINdetails: {0, 3, 6}})
	// an assessment on the referral day is fine
	r = ret(t, map[string]string{
		cin.CINdetails:  "LAchildID,CINdetailsID,CINreferralDate\nc1,1,2024-07-01",
		cin.Assessments: "LAchildID,CINdetailsID,AssessmentActualStartDate\nc1,1,2024-07-01",
	})
	expect(t, "1103", r, nil)
}

func TestRule1104(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,CINreferralDate,DateOfInitialCPC
c1,1,2024-10-26,
c1,2,2025-01-13,
c2,1,2024-05-26,
c3,1,2024-05-28,2024-01-01
c3,2,,
c3,4,2024-05-28,`,
		cin.Section47: `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2024-05-19
c1,2,2024-11-26
c2,1,
c3,1,2024-05-31
c3,2,2024-05-26
c3,1,2024-05-28`,
	})
	// the CIN details' own DateOfInitialCPC is not this rule's
	expect(t, "1104", r, map[string][]int{cin.Section47: {0, 1}, cin.CINdetails: {0, 1}})
}

func TestRule1105(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,CINreferralDate
c1,1,2024-05-26
c1,2,2024-05-26
c3,6,2024-05-26
c2,3,2024-05-30
c3,4,2024-05-27`,
		cin.ChildProtectionPlans: `LAchildID,CINdetailsID,CPPID,CPPstartDate
c1,1,1,2024-05-26
c1,2,1,2024-06-27
c3,6,1,2023-02-07
c2,3,1,2024-05-26
c3,4,1,2024-05-28
c3,4,2,
c9,1,1,2020-01-01`,
	})
	expect(t, "1105", r, map[string][]int{cin.ChildProtectionPlans: {2, 3}, cin.CINdetails: {2, 3}})
}

func TestUPNCheckLetter(t *testing.T) {
	for upn, want := range map[string]byte{
		"A950000178301": 'A',
		"H243278544154": 'H',
		"P207000016049": 'P', // 266 = 11 × 23 + 13 (software vendors' worked example says Q, misadding)
		"B801200005001": 'B',
		"X20700001604A": 'M', // temporary: the A counts 0, as a 0 would
		"X207000016040": 'M',
		"X20700001604B": 'B', // 149 + 13 = 162, 1 past 7 × 23
	} {
		if c, ok := upnCheckA(upn); !ok || c != want {
			t.Errorf("upnCheckA(%s) = %c, %v; want %c", upn, c, ok, want)
		}
	}
	for _, upn := range []string{"", "A95000017830", "A9500001783011", "A95000017830I", "A9500O0178301", "A95000017830a"} {
		if _, ok := upnCheckA(upn); ok {
			t.Errorf("upnCheckA(%q) gave a letter", upn)
		}
	}
}

func TestRule1510(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
c0,A950000178301
c1,
c2,H243278544154
c3,ASFFAGSVSV123
c4,R325
c5,R247962919251
c6,X428558133462
c7,Z20700001604A
c8,M20700001604A
c9,a950000178301
c10,B207000016049`})
	// c7's temporary UPN has the wrong letter; c9 lower case is not A
	expect(t, "1510", r, map[string][]int{cin.ChildIdentifiers: {5, 6, 7, 9, 10}})
}

func TestRule1520(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
c1,A950000178301
c2,A950000178301
c3,H243278544154
c4,
c5,
c6,A950000178301
c7,h243278544154`})
	expect(t, "1520", r, map[string][]int{cin.ChildIdentifiers: {0, 1, 5}})
	r = ret(t, map[string]string{cin.ChildIdentifiers: "LAchildID,UPN\nc1,A950000178301\nc2,H243278544154"})
	expect(t, "1520", r, nil)
}

func TestRule1530(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
c0,A38100178301
c1,
c2,H003278544154
c3,R34
c4,R421962919251
c5,X817558133462
c6,ASFFAGSVSV123
c7,A94300178301A
c8,A94400178301A
c9,A83800178301A
c10,A00600178301A
c11,A42000178301A`})
	// 942 and 943 are recognised from 2023/24; 944 and 006 are not
	expect(t, "1530", r, map[string][]int{cin.ChildIdentifiers: {4, 5, 6, 8, 10}})
}

func TestRule1540(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
c0,
c1,X000000000000
c2,X0000y0000000
c3,x0000000er00e0
c4,R34
c5,X00000000000A
c6,XABC00000000A
c7,X0000000000`})
	// only characters 5–12 matter; c7 is too short to have them
	expect(t, "1540", r, map[string][]int{cin.ChildIdentifiers: {2, 3, 4, 7}})
}

func TestRule1550(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
c0,1234567891234
c1,123456789123I
c2,123456789123O
c3,123456789123S
c4,123456789123Z
c5,123456789123a
c6,12345678912I
c7,`})
	expect(t, "1550", r, map[string][]int{cin.ChildIdentifiers: {1, 2, 3, 5}})
}

func TestRule1560Q(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,FormerUPN
c0,
c1,X987654321231
c2,X0000y0000007
c3,X98721238
c4,E000215119000
c5,E00021511900A
c6,E00021511900I
c7,I000215119000
c8,e000215119000
c9,1000215119000
c10,E0002151190001`})
	// a temporary UPN (final letter) is a former UPN's usual form
	expect(t, "1560Q", r, map[string][]int{cin.ChildIdentifiers: {2, 3, 6, 7, 8, 9, 10}})
}

func TestRule1570(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: "LAchildID\n" + strings.Join([]string{
		strings.Repeat("X", 20), strings.Repeat("X", 19), strings.Repeat("X", 21), strings.Repeat("é", 20),
	}, "\n")})
	// characters, not bytes: row 3 is 20 characters, 40 bytes
	expect(t, "1570", r, map[string][]int{cin.ChildIdentifiers: {2}})
}

func TestRule1580(t *testing.T) {
	r := ret(t, map[string]string{cin.ChildIdentifiers: `LAchildID,UPN
XXXXXXXXXXXXXXXXXXXX,
abc123,
XXXXXXXXXXXXXXXXXXXX;,
A-1,
A 1,
é1,
,x`})
	expect(t, "1580", r, map[string][]int{cin.ChildIdentifiers: {2, 3, 4, 5}})
}

func TestRule2883(t *testing.T) {
	cpp := `LAchildID,CINdetailsID,CPPID,CPPstartDate
c1,1,1,2024-05-26
c1,1,2,2024-06-27
c2,1,1,2026-05-26
c3,1,1,2024-04-01
c1,1,3,
c4,1,1,2025-03-31`
	s47 := `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2024-05-26
c1,1,2024-06-27
c3,1,2024-03-31`
	cd := `LAchildID,CINdetailsID,DateOfInitialCPC
c2,1,2026-05-26
c1,1,
c4,1,2025-03-31`
	// four plans start in the year (1 April and 31 March included), three
	// conferences held in it
	r := ret(t, map[string]string{cin.ChildProtectionPlans: cpp, cin.Section47: s47, cin.CINdetails: cd})
	expect(t, "2883", r, map[string][]int{cin.Header: {0}})
	r = ret(t, map[string]string{cin.ChildProtectionPlans: cpp, cin.Section47: s47 + "\nc3,1,2024-04-01", cin.CINdetails: cd})
	expect(t, "2883", r, nil)
	r = ret(t, map[string]string{cin.ChildProtectionPlans: cpp, cin.Section47: s47 + "\nc3,1,2025-04-01", cin.CINdetails: cd})
	expect(t, "2883", r, map[string][]int{cin.Header: {0}})
}

func TestRule2884(t *testing.T) {
	r := ret(t, map[string]string{
		cin.Section47: `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2024-05-26
c1,2,2024-05-26
c2,1,2024-05-30
c3,1,2024-05-27
c3,2,2024-05-26
c3,3,2024-05-26
c3,4,
c3,2,2024-06-01`,
		cin.CINdetails: `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2023-10-26
c1,2,2024-05-26
c2,1,2024-05-26
c3,1,2024-05-28
c3,2,2024-05-26
c3,3,2025-05-26
c3,4,`,
	})
	// only within an episode: c1's first section 47 shares a date with its
	// second episode's CIN details, which is not a double record
	expect(t, "2884", r, map[string][]int{cin.Section47: {1, 4}, cin.CINdetails: {1, 4}})
}

func TestRule2885(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildProtectionPlans: `LAchildID,CINdetailsID,CPPID,CPPstartDate
c1,1,1,2024-05-26
c1,1,2,2024-06-26
c1,2,1,2002-06-27
c2,1,1,2024-05-26
c3,1,1,2024-05-26
c3,2,1,
c3,3,1,2025-02-07
c3,4,1,2025-03-14
c5,4,1,2024-07-19
c6,4,1,2024-07-19
c8,1,1,2024-10-20
c9,1,1,2024-10-20
c10,1,1,2024-10-20`,
		cin.Section47: `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2024-05-26
c1,2,2024-05-26
c2,1,2024-05-30
c3,2,2024-05-26
c3,3,2024-05-26
c3,4,
c5,4,2024-07-19
c5,4,
c6,4,
c8,1,2024-10-20
c8,1,2024-07-22`,
		cin.CINdetails: `LAchildID,CINdetailsID,DateOfInitialCPC
c1,1,2023-10-26
c1,2,2024-05-26
c2,1,2024-05-26
c3,1,2024-05-28
c3,2,2024-05-26
c3,3,2003-05-26
c3,4,2025-03-14
c5,4,
c6,4,
c7,1,
c8,1,
c9,1,2024-10-20`,
	})
	// c1's second plan has no conference though its first has; a section
	// 47 overrides the CIN details (c2, c3/4); c10 has neither
	expect(t, "2885", r, map[string][]int{
		cin.ChildProtectionPlans: {1, 3, 4, 6, 7, 9, 12},
		cin.Section47:            {2, 4, 5, 8},
		cin.CINdetails:           {3},
	})
}

func TestRule2886Q(t *testing.T) {
	child := func(sex, expected string, n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\nc%s%d,%s,%s", sex, i, sex, expected)
		}
		return b.String()
	}
	head := "LAchildID,Sex,ExpectedPersonBirthDate"
	// 2 of 100 (2%) is allowed
	r := ret(t, map[string]string{cin.ChildIdentifiers: head + child("", "", 1) + child("U", "", 1) + child("M", "", 98)})
	expect(t, "2886Q", r, nil)
	// 3 of 100 is too many: those three are faulted
	r = ret(t, map[string]string{cin.ChildIdentifiers: head + child("", "", 1) + child("U", "", 1) + child("0", "", 1) + child("F", "", 97)})
	expect(t, "2886Q", r, map[string][]int{cin.ChildIdentifiers: {0, 1, 2}})
	// unborn children are not counted as missing, but stay in the total
	r = ret(t, map[string]string{cin.ChildIdentifiers: head + child("U", "2025-06-01", 10) + child("U", "", 1) + child("M", "", 40)})
	expect(t, "2886Q", r, nil)
	r = ret(t, map[string]string{cin.ChildIdentifiers: head + child("U", "", 1) + child("M", "", 1)})
	expect(t, "2886Q", r, map[string][]int{cin.ChildIdentifiers: {0}})
	expect(t, "2886Q", ret(t, map[string]string{cin.ChildIdentifiers: head}), nil)
}

func TestRule2887Q(t *testing.T) {
	withDis := func(codes ...string) *cin.Return {
		rows := "LAchildID,Disability"
		for i, c := range codes {
			rows += fmt.Sprintf("\nc%d,%s", i, c)
		}
		return ret(t, map[string]string{cin.ChildIdentifiers: "LAchildID\nc1", cin.Disabilities: rows})
	}
	// seven codes, however often, NONE and blanks aside
	expect(t, "2887Q", withDis("AUT", "BEH", "COMM", "CON", "DDA", "HAND", "HEAR", "AUT", "NONE", "", "HEAR"), map[string][]int{cin.Header: {0}})
	expect(t, "2887Q", withDis("AUT", "BEH", "COMM", "CON", "DDA", "HAND", "HEAR", "INC"), nil)
	expect(t, "2887Q", withDis(), map[string][]int{cin.Header: {0}})
	// no children, nothing to query
	expect(t, "2887Q", ret(t, map[string]string{cin.Disabilities: "LAchildID,Disability\nc1,AUT"}), nil)
}

func TestRule2888Q(t *testing.T) {
	r := ret(t, map[string]string{cin.Disabilities: `LAchildID,Disability
c0,NONE
c0,NONE
c1,AUT
c2,BEH
c2,
c2,BEH
c4,COMM`})
	// NONE twice, a blank or a repeated code are not two disabilities
	expect(t, "2888Q", r, map[string][]int{cin.Header: {0}})
	r = ret(t, map[string]string{cin.Disabilities: `LAchildID,Disability
c1,AUT
c2,BEH
c4,COMM
c2,HAND`})
	expect(t, "2888Q", r, nil)
	// no child with a disability: nothing to say
	expect(t, "2888Q", ret(t, map[string]string{cin.Disabilities: "LAchildID,Disability\nc0,NONE"}), nil)
}

func TestRule2889(t *testing.T) {
	r := ret(t, map[string]string{
		cin.Section47: `LAchildID,CINdetailsID,S47ActualStartDate
1,45,2020-05-05
4,55,2019-04-20
67,66,2014-03-21
69,67,2018-04-20
69,67,
167,166,2014-03-21
67,67,2015-03-20`,
		cin.CINdetails: `LAchildID,CINdetailsID,CINreferralDate
1,44,2017-05-05
4,55,2019-04-20
67,66,2016-03-21
67,67,2015-03-21
69,67,2018-04-20
70,69,2015-04-20
167,166,2015-02-21`,
	})
	expect(t, "2889", r, map[string][]int{cin.Section47: {2, 5, 6}, cin.CINdetails: {2, 3, 6}})
}

func TestRule2990(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,ReasonForClosure,DateOfInitialCPC
c1,1,RC8,
c2,2,RC9,
c3,3,RC8,
c4,4,RC8,2024-05-28
c3,2,RC1,2024-05-26
c7,4,RC1,
c8,1,RC9,
c8,2,RC8,`,
		cin.ChildProtectionPlans: `LAchildID,CINdetailsID,CPPID
c1,10,1
c3,3,1
c3,4,1
c3,2,1`,
		cin.Section47: `LAchildID,CINdetailsID
c1,2
c2,2
c3,3
c3,2`,
		cin.CINplanDates: `LAchildID,CINdetailsID
c1,1
c1,2
c8,2`,
	})
	expect(t, "2990", r, map[string][]int{
		cin.CINdetails:           {0, 1, 2, 3, 7},
		cin.ChildProtectionPlans: {1},
		cin.Section47:            {1, 2},
		cin.CINplanDates:         {0, 2},
	})
}

func TestRule2991Q(t *testing.T) {
	r := ret(t, map[string]string{
		cin.Assessments: `LAchildID,CINdetailsID,AssessmentFactors
c1,2,1A
c1,2,2B
c3,1,
c3,2,
c3,3,
c4,4,`,
		cin.Section47: `LAchildID,CINdetailsID
c1,1
c1,2
c2,1
c3,1
c3,2
c3,3
c3,5
c3,5`,
		cin.CINdetails: `LAchildID,CINdetailsID
c1,1
c1,2
c2,1
c3,5`,
	})
	expect(t, "2991Q", r, map[string][]int{cin.Section47: {0, 2, 6, 7}, cin.CINdetails: {0, 2, 3}})
}

// TestRulesALargeReturn runs the range's rules over a large council's
// return, to catch work that grows with the square of the rows.
func TestRulesALargeReturn(t *testing.T) {
	const n = 20000
	var ci, cd, s47, cpp, as strings.Builder
	ci.WriteString("LAchildID,UPN,FormerUPN,Sex,ExpectedPersonBirthDate")
	cd.WriteString("LAchildID,CINdetailsID,CINreferralDate,DateOfInitialCPC,ReasonForClosure")
	s47.WriteString("LAchildID,CINdetailsID,S47ActualStartDate,DateOfInitialCPC")
	cpp.WriteString("LAchildID,CINdetailsID,CPPID,CPPstartDate")
	as.WriteString("LAchildID,CINdetailsID,AssessmentActualStartDate")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&ci, "\nc%d,A950000178301,,M,", i)
		for e := 1; e <= 2; e++ {
			fmt.Fprintf(&cd, "\nc%d,%d,2024-06-0%d,,RC8", i, e, e)
			fmt.Fprintf(&s47, "\nc%d,%d,2024-06-01,2024-06-10", i, e)
			fmt.Fprintf(&cpp, "\nc%d,%d,1,2024-06-10", i, e)
			fmt.Fprintf(&as, "\nc%d,%d,2024-06-01", i, e)
		}
	}
	r := ret(t, map[string]string{cin.ChildIdentifiers: ci.String(), cin.CINdetails: cd.String(),
		cin.Section47: s47.String(), cin.ChildProtectionPlans: cpp.String(), cin.Assessments: as.String()})
	for _, code := range []string{"100", "1103", "1104", "1105", "1510", "1520", "1530", "1540", "1550", "1560Q",
		"1570", "1580", "2883", "2884", "2885", "2886Q", "2887Q", "2888Q", "2889", "2990", "2991Q"} {
		checks[code](r)
	}
}
