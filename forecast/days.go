package forecast

import "time"

// Dates are handled as day numbers (days since 1 January 1970, UTC): the
// simulation computes millions of birthdays, and time.Time's AddDate is
// too slow for that.

func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return daysFromCivil(y, int(m), d)
}

func timeOf(day int) time.Time {
	y, m, d := civilFromDays(day)
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms for the
// proleptic Gregorian calendar.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// birthday is the day a child born on dob turns n: 29 February births have
// their birthday on 1 March in other years, as Go's AddDate and DfE's age
// arithmetic (returns.Age) agree.
func birthday(dob, n int) int {
	y, m, d := civilFromDays(dob)
	if m == 2 && d == 29 && !leap(y+n) {
		m, d = 3, 1
	}
	return daysFromCivil(y+n, m, d)
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ageOn is the whole years of age on a day.
func ageOn(dob, day int) int {
	by, _, _ := civilFromDays(dob)
	dy, _, _ := civilFromDays(day)
	a := dy - by
	if birthday(dob, a) > day {
		a--
	}
	return a
}

// monthEnd is the last day of the month n months after the month of day.
func monthEnd(day, n int) int {
	y, m, _ := civilFromDays(day)
	m += n + 1
	for m > 12 {
		m -= 12
		y++
	}
	return daysFromCivil(y, m, 1) - 1
}
