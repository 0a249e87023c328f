package cinsynth

import (
	"time"

	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// The census as the generator models it: children with their episodes,
// before it is flattened into the return's tables. Dates are zero when
// absent; codes are kept as the census spells them so that planting can
// put any value in.

type child struct {
	id             string
	dob, edb, dod  time.Time
	sex, ethnicity string
	upn, formerUPN string
	upnUnknown     string
	disabilities   []string
	episodes       []*episode
	// bornAt31 is false for an unborn child (expected birth date only).
	unborn bool
}

type episode struct {
	child       *child
	referral    time.Time
	source      string
	need        string
	closure     time.Time
	reason      string
	icpc        time.Time // DateOfInitialCPC at CIN details level
	nfa         string    // "0" or "1"
	kind        kind
	assessments []*assessment
	plans       []*cinPlan
	s47s        []*s47
	cpps        []*cpp
}

// kind says how an episode came about, so planting can find the rows it
// needs.
type kind int

const (
	kindNFA        kind = iota // referral with no further action
	kindNotInNeed              // assessed, closed RC8/RC9
	kindInNeed                 // assessed as in need in the year
	kindCarried                // open on 1 April, referred in an earlier year
	kindCPP                    // led to a child protection plan starting in the year
	kindCarriedCPP             // on a plan that started in an earlier year
)

type assessment struct {
	start, review, auth time.Time
	factors             []string
}

type cinPlan struct{ start, end time.Time }

type s47 struct {
	start, target, icpc time.Time
	notRequired         string // "0" or "1"
}

type cpp struct {
	start, end       time.Time
	initial, latest  string
	previous         string
	reviews          []time.Time
	stepDown         *cinPlan // the CIN plan that followed the plan, if any
	before           *cinPlan // the CIN plan the plan replaced, if any
	escalated        bool     // an open case escalated to a plan
	assessmentBefore *assessment
}

func (e *episode) open() bool { return e.closure.IsZero() }

// Date helpers over working days (weekdays that are not English bank
// holidays), as the census counts them.

func addWD(d time.Time, n int) time.Time { return returns.AddWorkingDays(d, n) }

// subWD is n working days before d.
func subWD(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if returns.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// nextWD is the first working day on or after d; prevWD the last on or
// before it.
func nextWD(d time.Time) time.Time {
	for !returns.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func prevWD(d time.Time) time.Time {
	for !returns.IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// limitWD is the reference date less n working days as DfE's tools count
// it (the reference date rolled forward to a working day first), the
// bound of the queries on assessments and enquiries left open.
func limitWD(ref time.Time, n int) time.Time { return subWD(nextWD(ref), n) }

// Code distributions, roughly England's in the 2024 to 2025 census.
var (
	referralSources = synthkit.Weighted("6", 29.0, "2A", 20.0, "2B", 1.5, "3A", 1.5, "3B", 2.0, "3C", 0.5, "3D", 2.0, "3E", 3.0,
		"3F", 6.0, "5A", 6.0, "5B", 3.0, "5C", 2.0, "5D", 3.0, "1A", 5.0, "1B", 1.0, "1C", 0.8, "1D", 0.7,
		"4", 1.3, "7", 4.0, "8", 3.5, "9", 1.3, "10", 1.5)
	primaryNeeds = synthkit.Weighted("N1", 57.0, "N2", 9.0, "N3", 3.0, "N4", 8.0, "N5", 14.0, "N6", 2.0, "N7", 0.3,
		"N8", 4.0, "N9", 2.0, "N0", 0.7)
	ethnicities = synthkit.Weighted("WBRI", 62.0, "WOTH", 6.0, "WIRI", 0.3, "WIRT", 0.3, "WROM", 0.8, "MWBC", 2.5,
		"MWBA", 1.0, "MWAS", 1.2, "MOTH", 2.8, "AIND", 1.2, "APKN", 3.5, "ABAN", 1.3, "AOTH", 1.5,
		"BCRB", 1.2, "BAFR", 4.0, "BOTH", 1.0, "CHNE", 0.2, "OOTH", 2.5, "REFU", 0.3, "NOBT", 4.0)
	// factors leave out 21 (no factors: only after assessments finding no
	// need) and 18A and 19A (retired in favour of 18B/C and 19B/C).
	factors = synthkit.Weighted("3B", 31.0, "4B", 33.0, "4A", 20.0, "17A", 20.0, "16A", 17.0, "2B", 14.0, "1B", 12.0,
		"15A", 7.0, "14A", 9.0, "10A", 4.0, "24A", 5.0, "11A", 3.0, "18C", 11.0, "18B", 2.0, "19C", 3.0,
		"19B", 2.0, "3A", 16.0, "6B", 5.0, "6A", 5.0, "5A", 5.0, "5B", 3.0, "13A", 2.0, "20", 15.0, "9A", 1.0,
		"7A", 1.5, "22A", 0.2, "23A", 0.2, "12A", 0.5, "1A", 2.0, "2A", 4.0, "1C", 1.0, "2C", 1.0, "3C", 2.0,
		"4C", 3.0, "5C", 0.5, "6C", 1.0, "8B", 0.1, "8C", 0.1, "8D", 0.1, "8E", 0.2, "8F", 0.2)
	factorCounts = synthkit.Weighted("1", 30, "2", 28, "3", 20, "4", 12, "5", 7, "6", 3)
	disabilities = synthkit.Weighted("AUT", 30, "LD", 20, "COMM", 15, "BEH", 12, "MOB", 5, "HAND", 2, "PC", 4, "INC", 2,
		"HEAR", 3, "VIS", 2, "CON", 1, "DDA", 6)
	categories = synthkit.Weighted("NEG", 52, "EMO", 36, "PHY", 6, "SAB", 4, "MUL", 1)
	// closures are the reasons a case in need closes, before the checks on
	// age (RC6 at 17, RC1 young children) and death (RC2).
	closures = synthkit.Weighted("RC7", 82, "RC5", 8, "RC3", 3, "RC4", 2.5, "RC6", 2.5, "RC1", 1, "RC2", 0.1)
	// ages at the reference date, by year of age 0 to 17.
	ages = synthkit.Weighted("0", 6, "1", 4, "2", 4, "3", 4, "4", 4, "5", 5, "6", 5, "7", 5, "8", 5, "9", 5,
		"10", 6.3, "11", 6.3, "12", 6.3, "13", 6.3, "14", 6.3, "15", 6.3, "16", 8, "17", 7)
	upnMissingReasons = synthkit.Weighted("UN2", 2, "UN3", 3, "UN4", 2, "UN5", 3, "UN6", 2)
)
