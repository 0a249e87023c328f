package returns

import (
	_ "embed"
	"encoding/csv"
	"strings"
	"time"
)

// England's bank holidays, 2017–2027, as GOV.UK publishes them (Open
// Government Licence v3.0), for rules that count working days: an
// assessment within 45 working days, a conference within 15.
//
//go:embed bank_holidays_england.csv
var bankHolidaysCSV string

var bankHolidays = func() map[time.Time]bool {
	rows, err := csv.NewReader(strings.NewReader(bankHolidaysCSV)).ReadAll()
	if err != nil {
		panic(err)
	}
	m := map[time.Time]bool{}
	for _, r := range rows[1:] {
		d, err := time.Parse("2006-01-02", r[0])
		if err != nil {
			panic(err)
		}
		m[d] = true
	}
	return m
}()

// BankHolidaysFrom and BankHolidaysTo bound the years the bundled list
// covers; working days outside them count weekends only.
const (
	BankHolidaysFrom = 2017
	BankHolidaysTo   = 2027
)

// IsWorkingDay reports whether a date is a weekday and not an English bank
// holiday.
func IsWorkingDay(d time.Time) bool {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !bankHolidays[d]
}

// WorkingDays counts the working days d with from ≤ d < to, as DfE's tools
// count them (numpy's busday_count): the start day counts when it is a
// working day, the end day does not. It is negative when to is before from.
func WorkingDays(from, to time.Time) int {
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// AddWorkingDays returns the date n working days after d (n ≥ 0), stepping
// over weekends and bank holidays.
func AddWorkingDays(d time.Time, n int) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}
