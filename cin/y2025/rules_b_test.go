package y2025

import (
	"testing"

	"github.com/sightline-uk/sightline/cin"
)

func TestRule4000(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,ReferralNFA
c1,1,true
c1,2,false
c2,1,1
c3,1,TRUE
c4,1,
,1,true`,
		cin.CINplanDates: `LAchildID,CINdetailsID
c1,1
c1,2
c1,1
c3,1
c4,1
c5,1
,1`,
	})
	// c2's NFA episode has no plan; c1's second episode was not NFA; rows
	// without a child id never join.
	expect(t, "4000", r, map[string][]int{cin.CINdetails: {0, 3}, cin.CINplanDates: {0, 2, 3}})
}

func TestRule4001(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildProtectionPlans: `LAchildID,CINdetailsID,CPPID,CPPendDate
c1,1,1,
c1,1,2,2024-06-01
c2,1,1,
c2,2,1,
c3,1,1,
c4,1,1,2024-13-01
c5,1,1,
c5,1,2,`,
		cin.CINplanDates: `LAchildID,CINdetailsID,CINPlanEndDate
c1,1,
c1,1,2024-05-01
c2,1,2024-05-01
c3,2,
c4,1,
c5,1,`,
	})
	// c2's second episode has an open plan of protection but no CIN plan;
	// c3's open plans are in different episodes; c4's end date is there,
	// though malformed.
	expect(t, "4001", r, map[string][]int{cin.ChildProtectionPlans: {0, 6, 7}, cin.CINplanDates: {0, 5}})
}

func TestRule4003(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildProtectionPlans: `LAchildID,CINdetailsID,CPPID,CPPendDate
c1,1,1,2024-09-30
c2,1,1,2024-09-30
c3,1,1,
c3,2,1,
c4,1,1,`,
		cin.CINplanDates: `LAchildID,CINdetailsID,CINPlanStartDate,CINPlanEndDate
c1,1,2024-06-01,2024-12-01
c2,1,2024-09-30,2024-12-01
c3,1,2024-05-01,
c3,2,2024-04-01,2024-05-01
c4,1,2024-04-01,2024-13-01`,
		cin.Reviews: `LAchildID,CINdetailsID,CPPID,CPPreviewDate
c1,1,1,2024-07-01
c1,1,1,2024-12-01
c2,1,1,2024-09-30
c3,1,1,2024-08-01
c3,2,1,2024-06-01
c1,1,1,2024-05-31
c4,1,1,2024-06-01
c1,1,1,
c1,1,1,2024-06-01
c2,1,1,2024-10-01`,
	})
	// 1: on the plan's end day; 2: the day the protection plan ended;
	// 4: the open plan is another episode's; 5: before the plan; 6: the
	// plan's end is malformed; 7: no date.
	expect(t, "4003", r, map[string][]int{
		cin.Reviews:              {0, 3, 8, 9},
		cin.CINplanDates:         {0, 1, 2},
		cin.ChildProtectionPlans: {0, 1, 2},
	})
}

func TestRule4004(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINdetailsID,CINPlanEndDate
c1,1,
c1,1,
c1,2,
c2,1,2024-05-26
c2,2,
c2,2,
c2,2,2024-06-01
c3,1,2024-13-01
c3,1,`,
	})
	// Only the open plans are faulted; a malformed end date is not open.
	expect(t, "4004", r, map[string][]int{cin.CINplanDates: {0, 1, 4, 5}})
}

func TestRule4008(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildIdentifiers: `LAchildID,PersonDeathDate
c1,2024-05-26
c2,2024-05-26
c3,
c4,2024-05-26
c5,2024-02-30
c6,2024-06-01`,
		cin.CINplanDates: `LAchildID,CINPlanStartDate
c1,2024-05-26
c2,2024-05-27
c3,2024-05-27
c4,
c4,2024-05-25
c5,2024-06-01
c6,2024-05-01
c6,2024-07-01`,
	})
	expect(t, "4008", r, map[string][]int{cin.ChildIdentifiers: {1, 5}, cin.CINplanDates: {1, 7}})
}

func TestRule4009Q(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildIdentifiers: `LAchildID,PersonDeathDate
c1,2024-01-01
c2,2024-01-01
c3,
c4,2024-01-01
c5,2024-01-01`,
		cin.CINplanDates: `LAchildID,CINPlanEndDate
c1,2024-01-02
c2,
c3,2024-01-01
c4,2024-01-01
c4,2025-01-01
c5,2024-01-32`,
	})
	// c2's plan is open; c4's first plan ends the day the child died.
	expect(t, "4009Q", r, map[string][]int{cin.ChildIdentifiers: {0, 3}, cin.CINplanDates: {0, 4}})
}

func TestRule4010(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINPlanStartDate
c1,2025-04-01
c2,2025-03-31
c3,2019-01-01
c4,
c5,2024-13-01
c6,2024-04-01
c7,31/03/2025`,
	})
	expect(t, "4010", r, map[string][]int{cin.CINplanDates: {0, 3, 4, 6}})
}

func TestRule4011(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINPlanStartDate,CINPlanEndDate
c1,2024-05-26,2024-05-26
c2,2024-05-27,2024-05-26
c3,2024-05-25,2024-05-26
c4,,2024-05-26
c5,,
c6,2024-05-27,2024-05-32
c7,2025-01-01,2024-12-31`,
	})
	expect(t, "4011", r, map[string][]int{cin.CINplanDates: {1, 6}})
}

func TestRule4012Q(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINPlanStartDate,CINPlanEndDate
a,2024-01-01,2024-01-01
b,2024-02-01,2024-01-01
c,2024-01-15,2024-01-17
d,,
e,,2024-01-01
f,2024-03-01,2024-03-01
g,2024-03-01,`,
	})
	expect(t, "4012Q", r, map[string][]int{cin.CINplanDates: {0, 5}})
}

func TestRule4013(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINPlanEndDate
c1,2024-03-31
c2,2024-04-01
c3,2025-03-31
c4,2025-04-01
c5,
c6,2024-02-30`,
	})
	expect(t, "4013", r, map[string][]int{cin.CINplanDates: {0, 3}})
}

func TestRule4014(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINdetailsID,CINPlanStartDate,CINPlanEndDate
c1,1,2024-05-26,2024-10-26
c1,1,2024-08-26,2024-12-26
c2,1,2024-05-26,2024-10-25
c2,1,2024-10-26,2024-12-26
c3,1,2024-05-26,
c3,2,2024-08-26,2024-10-26
c4,1,2024-10-26,2025-03-31
c4,1,2025-03-31,
c5,1,2025-03-31,2025-04-30
c5,1,2025-03-31,2025-04-30
c6,1,2024-05-01,
c6,1,2025-04-02,
c7,1,2024-05-01,2024-13-01
c7,1,2024-06-01,2024-07-01
c8,1,,2024-07-01
c8,1,2024-06-01,2024-07-01`,
	})
	// c3: plans of different episodes still overlap; c4: a plan may not
	// start the day another ends; c6: the second plan starts after the
	// reference date, past the open plan's reach; c7: a malformed end date
	// tells nothing; c8: an undated plan is not compared.
	expect(t, "4014", r, map[string][]int{cin.CINplanDates: {0, 1, 4, 5, 6, 7, 8, 9}})
}

func TestRule4015(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINdetails: `LAchildID,CINdetailsID,CINreferralDate
1,44,2017-05-05
4,55,2019-04-20
67,66,2016-03-21
67,67,2015-03-21
69,67,2018-04-20
70,69,2015-04-20
167,166,2015-02-21`,
		cin.CINplanDates: `LAchildID,CINdetailsID,CINPlanStartDate
1,45,2020-05-05
4,55,2019-04-20
67,66,2014-03-21
69,67,2018-04-20
69,67,
167,166,2014-03-21
167,166,2016-01-01
67,67,2014-02-30
70,68,2014-01-01`,
	})
	expect(t, "4015", r, map[string][]int{cin.CINdetails: {2, 6}, cin.CINplanDates: {2, 5}})
}

func TestRule4016(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildProtectionPlans: `LAchildID,CPPstartDate,CPPendDate
c1,2024-05-26,2024-05-30
c1,2024-06-26,
c2,2024-10-26,2024-12-10
c2,2025-02-26,
c3,2024-05-26,2025-10-30
c5,2024-05-26,
c6,2024-05-26,2024-13-01`,
		cin.CINplanDates: `LAchildID,CINPlanStartDate
c1,2024-04-04
c1,2024-05-28
c1,2024-05-30
c1,2024-06-04
c1,2024-06-30
c2,2024-10-26
c2,2025-02-26
c2,2025-03-26
c3,2025-10-30
c4,2024-06-04
c5,2025-03-31
c5,2025-04-01
c6,2024-06-01
c1,`,
	})
	// 2: starts the day the protection plan ends; 8: likewise, after the
	// census year; 11: after the reference date; 12: the protection
	// plan's end is malformed.
	expect(t, "4016", r, map[string][]int{
		cin.CINplanDates:         {1, 4, 5, 6, 7, 10},
		cin.ChildProtectionPlans: {0, 1, 2, 3, 5},
	})
}

func TestRule4017(t *testing.T) {
	r := ret(t, map[string]string{
		cin.CINplanDates: `LAchildID,CINPlanStartDate,CINPlanEndDate
c1,2024-05-26,2024-05-30
c1,2024-06-26,
c2,2024-10-26,2024-12-10
c2,2025-02-26,
c3,2024-05-26,2025-10-30
c5,2024-05-26,
c8,2024-09-15,
c8,2024-06-09,2024-07-20`,
		cin.ChildProtectionPlans: `LAchildID,CPPstartDate
c1,2024-04-04
c1,2024-05-28
c1,2024-05-30
c1,2024-06-04
c1,2024-06-30
c2,2024-10-26
c2,2025-02-26
c2,2025-03-26
c3,2025-10-30
c4,2024-06-04
c5,2025-03-31
c8,2024-06-22
c5,`,
	})
	expect(t, "4017", r, map[string][]int{
		cin.ChildProtectionPlans: {1, 4, 5, 6, 7, 10, 11},
		cin.CINplanDates:         {0, 1, 2, 3, 5, 7},
	})
}

func TestRule4180(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildIdentifiers: `LAchildID,Sex
c0,M
c1,
c2,7
c3,Male
c4,F
c5,U
c6,m`,
	})
	expect(t, "4180", r, map[string][]int{cin.ChildIdentifiers: {1, 2, 3, 6}})
}

func TestRule4220(t *testing.T) {
	r := ret(t, map[string]string{
		cin.ChildCharacteristics: `LAchildID,Ethnicity
c0,ABAB
c1,AIND
c2,AOTH
c3,
c4,MOTH
c5,WOTH
c6,AAAA
c7,wbri
c8,WROM`,
	})
	expect(t, "4220", r, map[string][]int{cin.ChildCharacteristics: {0, 3, 6, 7}})
}
