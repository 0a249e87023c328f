package returns

import (
	"testing"
	"time"
)

func day(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }

func TestWorkingDays(t *testing.T) {
	cases := []struct {
		from, to string
		want     int
	}{
		{"2024-03-25", "2024-04-08", 8}, // Easter 2024: Good Friday 29 March and Easter Monday 1 April
		{"2024-01-01", "2024-01-02", 0}, // New Year's Day itself is not a working day
		{"2024-01-02", "2024-01-03", 1},
		{"2024-06-07", "2024-06-10", 1}, // Friday to Monday: the Friday only
		{"2022-09-16", "2022-09-20", 1}, // the Queen's funeral, 19 September 2022
		{"2026-12-24", "2026-12-29", 1}, // Christmas 2026: Boxing Day's substitute on the 28th
		{"2024-04-08", "2024-03-25", -8},
	}
	for _, c := range cases {
		if got := WorkingDays(day(c.from), day(c.to)); got != c.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
	// 45 working days from a Monday referral in April 2024 (with the May bank
	// holidays on the 6th and 27th) land on Wednesday 12 June.
	if got := AddWorkingDays(day("2024-04-08"), 45); got.Format("2006-01-02") != "2024-06-12" {
		t.Errorf("AddWorkingDays = %s", got.Format("2006-01-02"))
	}
	for y := BankHolidaysFrom; y <= BankHolidaysTo; y++ {
		n := 0
		for d := range bankHolidays {
			if d.Year() == y {
				n++
				if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("bank holiday %s falls at a weekend", d.Format("2006-01-02"))
				}
			}
		}
		if n < 8 {
			t.Errorf("%d: %d bank holidays, England has at least 8", y, n)
		}
	}
}

func TestParseISODateAgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "2024-12-31", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-01", "20240401", "2024-04-0x", "0000-01-01", "2024-04-01"} {
		got := ParseLayouts(s, "2006-01-02")
		want, err := time.Parse("2006-01-02", s)
		if got.OK != (err == nil) || got.OK && !got.Time.Equal(want) {
			t.Errorf("%q: got %v %v, time.Parse %v %v", s, got.Time, got.OK, want, err)
		}
	}
}
