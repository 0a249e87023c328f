package forecast

import (
	"fmt"
	"math"
	"time"
)

// Fit is what the model learns from a history over its reference window:
// for each state the days children spent in it (exposure), how many left
// care from it and moved from it to each other category, and how many
// children entered care into it. Rates are counts over exposure; the
// simulation draws them from their gamma posteriors.
type Fit struct {
	Space StateSpace
	// AsOf is the last day of the data: the model forecasts from the end
	// of it and uses nothing after it.
	AsOf time.Time
	// WindowStart is the first day of the reference window; the window
	// runs to AsOf inclusive and is WindowDays long.
	WindowStart time.Time
	WindowDays  int
	// Exposure is the days spent in each state during the window.
	Exposure []float64
	// Leaves counts children leaving care from each state (not counting
	// those leaving on their 18th birthday, which the model ends anyway).
	Leaves []int
	// Moves counts changes of placement from each state to each category.
	Moves [][]int
	// Entrants counts periods of care starting in each state.
	Entrants []int
	// EntryAges holds each entrant's age at entry, so that simulated
	// entrants are as old as real ones were.
	EntryAges [][]Age
	// AgedOut counts children leaving on reaching the leaving age.
	AgedOut int
	// Stock is the children in care at the end of AsOf, the simulation's
	// starting point.
	Stock []Member
	// Yearly holds each full year's totals (oldest first), and LeaveDrift
	// and EntryDrift the standard deviation of the year-on-year change in
	// the log leaving and entry rates beyond chance, estimated from them:
	// councils' rates wander, and a projection that ignored it would be
	// too sure of itself beyond a year.
	Yearly                 []YearRates
	LeaveDrift, EntryDrift float64
	// Notes carries the history's notes and the fit's own.
	Notes []Note
}

// Age is a whole-years age and the days since that birthday, so that a
// simulated entrant's date of birth puts them in the right band.
type Age struct{ Years, Days int }

// Member is one child in care at the start of a projection.
type Member struct {
	ID  string
	DOB int // day number
	Cat int
}

// Estimate fits the model to a history, with a reference window of the
// last windowYears years (cut to the history's first day when it has fewer
// years: before that the history holds only the children still in care).
// The forecast starts at the end of the history; to forecast from an
// earlier date, build the history from the returns published by then.
func Estimate(h *History, windowYears int) (*Fit, error) {
	if windowYears < 1 {
		return nil, fmt.Errorf("the reference window must be at least one year, not %d", windowYears)
	}
	sp := h.Space
	w1 := dayOf(h.End) + 1 // exclusive
	w0 := dayOf(h.End.AddDate(-windowYears, 0, 1))
	if first := dayOf(h.Start); w0 < first {
		w0 = first
	}
	t := tallyWindow(h, w0, w1)
	f := &Fit{Space: sp, AsOf: h.End, WindowStart: timeOf(w0), WindowDays: w1 - w0, Exposure: t.exposure, Leaves: t.leaves,
		Moves: t.moves, Entrants: t.entrants, EntryAges: t.entryAges, AgedOut: t.agedOut, Notes: append([]Note(nil), h.Notes...)}
	// Year-to-year drift, from every full year of the history.
	for k := 0; ; k++ {
		b := dayOf(h.End.AddDate(-k, 0, 1))
		a := dayOf(h.End.AddDate(-k-1, 0, 1))
		if a < dayOf(h.Start) {
			break
		}
		y := tallyWindow(h, a, b)
		yr := YearRates{End: timeOf(b - 1)}
		for s := range y.exposure {
			yr.Exposure += y.exposure[s]
			yr.Leaves += y.leaves[s]
			yr.Entrants += y.entrants[s]
		}
		f.Yearly = append([]YearRates{yr}, f.Yearly...)
	}
	f.LeaveDrift = drift(f.Yearly, func(y YearRates) (float64, float64) { return float64(y.Leaves), y.Exposure })
	f.EntryDrift = drift(f.Yearly, func(y YearRates) (float64, float64) { return float64(y.Entrants), 365 })
	// The starting stock.
	asOf := w1 - 1
	pastLeaving := 0
	for _, c := range h.Children {
		leaveDay := birthday(c.DOB, sp.LeaveAge)
		for _, s := range c.Spells {
			if s.Start <= asOf && asOf < s.End {
				if asOf >= leaveDay {
					pastLeaving++
					break
				}
				f.Stock = append(f.Stock, Member{ID: c.ID, DOB: c.DOB, Cat: s.Cat})
				break
			}
		}
	}
	if pastLeaving > 0 {
		f.Notes = append(f.Notes, Note{Kind: NotePastLeaving, Msg: fmt.Sprintf("%d children in care on %s are past their %dth birthday", pastLeaving, h.End.Format("2 January 2006"), sp.LeaveAge)})
	}
	return f, nil
}

// YearRates are one year's totals, from which the model learns how much
// a council's rates move from year to year.
type YearRates struct {
	End      time.Time
	Exposure float64 // days in care
	Leaves   int
	Entrants int
}

// drift is the standard deviation of the year-on-year change in a log
// rate beyond what chance in the counts explains (method of moments: the
// mean squared change less the Poisson variance of each log count, about
// 1/count); 0 with fewer than two years.
func drift(ys []YearRates, get func(YearRates) (events, exposure float64)) float64 {
	if len(ys) < 2 {
		return 0
	}
	var ss, chance float64
	for i := 1; i < len(ys); i++ {
		k1, e1 := get(ys[i-1])
		k2, e2 := get(ys[i])
		if e1 <= 0 || e2 <= 0 {
			continue
		}
		// Half an event keeps the log finite for a year without any.
		d := math.Log((k2+0.5)/e2) - math.Log((k1+0.5)/e1)
		ss += d * d
		chance += 1/(k1+0.5) + 1/(k2+0.5)
	}
	v := (ss - chance) / float64(len(ys)-1)
	return min(math.Sqrt(max(v, 0)), MaxDrift)
}

// MaxDrift caps the estimated drift: a sustained change of more than
// half in a year (1 sd) is beyond what councils' published rates show, and
// an estimate that large from a handful of years is more likely a break in
// the data (a change of recording system) than drift to project forward.
const MaxDrift = 0.5

type tally struct {
	exposure  []float64
	leaves    []int
	moves     [][]int
	entrants  []int
	entryAges [][]Age
	agedOut   int
}

// tallyWindow counts exposure, moves, leaving and entries in days
// [w0, w1).
func tallyWindow(h *History, w0, w1 int) tally {
	sp := h.Space
	n := sp.NumStates()
	t := tally{exposure: make([]float64, n), leaves: make([]int, n), moves: make([][]int, n), entrants: make([]int, n), entryAges: make([][]Age, n)}
	for i := range t.moves {
		t.moves[i] = make([]int, len(sp.Categories))
	}
	bounds := make([]int, len(sp.Bands))
	for _, c := range h.Children {
		leaveDay := birthday(c.DOB, sp.LeaveAge)
		for b := range sp.Bands {
			bounds[b] = birthday(c.DOB, sp.Bands[b].From)
		}
		bandAt := func(day int) int {
			b := 0
			for i := 1; i < len(bounds); i++ {
				if day >= bounds[i] {
					b = i
				}
			}
			return b
		}
		for j, s := range c.Spells {
			// Entry into care.
			if s.NewPeriod && s.Start >= w0 && s.Start < w1 && s.Start < leaveDay && s.Start >= c.DOB {
				st := sp.State(bandAt(s.Start), s.Cat)
				t.entrants[st]++
				y := ageOn(c.DOB, s.Start)
				t.entryAges[st] = append(t.entryAges[st], Age{Years: y, Days: s.Start - birthday(c.DOB, y)})
			}
			// Exposure, split at birthdays that change band.
			a, b := max(s.Start, w0, c.DOB), min(s.End, w1, leaveDay)
			for a < b {
				band := bandAt(a)
				next := b
				if band+1 < len(bounds) && bounds[band+1] < next {
					next = bounds[band+1]
				}
				t.exposure[sp.State(band, s.Cat)] += float64(next - a)
				a = next
			}
			// The spell's end: a move, leaving care, or neither.
			e := s.End
			if e == Open || e <= w0 || e >= w1 || e <= c.DOB {
				continue
			}
			from := sp.State(bandAt(e-1), s.Cat)
			if j+1 < len(c.Spells) && c.Spells[j+1].Start == e && !c.Spells[j+1].NewPeriod {
				if nc := c.Spells[j+1].Cat; nc != s.Cat && e < leaveDay {
					t.moves[from][nc]++
				}
				continue
			}
			if e >= leaveDay {
				t.agedOut++
				continue
			}
			t.leaves[from]++
		}
	}
	return t
}

// LeaveRate is the daily rate of leaving care from a state (events over
// exposure; 0 with no exposure).
func (f *Fit) LeaveRate(state int) float64 { return ratio(float64(f.Leaves[state]), f.Exposure[state]) }

// MoveRate is the daily rate of moving from a state to a category.
func (f *Fit) MoveRate(state, cat int) float64 {
	return ratio(float64(f.Moves[state][cat]), f.Exposure[state])
}

// EntryRate is entrants into a state per day of the window.
func (f *Fit) EntryRate(state int) float64 {
	return ratio(float64(f.Entrants[state]), float64(f.WindowDays))
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
