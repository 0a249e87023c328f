package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Options control a projection.
type Options struct {
	// Months is the horizon: month ends after the as-of date (36 is three
	// years).
	Months int
	// Runs is the number of simulated futures (1,000 gives percentiles to
	// about ±1 child for a council of a few hundred).
	Runs int
	// Seed makes projections reproducible: the same seed, data and
	// options give the same figures.
	Seed uint64
	// FixedRates switches parameter uncertainty off: every run uses the
	// point estimates (events over exposure). By default each run draws
	// every rate from its gamma posterior, so intervals include the
	// uncertainty of estimating rates from a few years of a council's
	// data, not only the chance in who enters and leaves.
	FixedRates bool
	// Workers run in parallel (0: one per CPU).
	Workers int
}

// PriorEvents is the weight, in events, of the prior each rate's posterior
// starts from: a gamma prior with this shape centred on the rate pooled
// over all age bands for the same category (and destination). It keeps
// rates of rarely occupied states near their category's and is
// negligible where a state has many events.
const PriorEvents = 0.5

// rates are one run's daily rates.
type rates struct {
	leave []float64   // [state]
	move  [][]float64 // [state][category]
	entry []float64   // [state]
}

func newRates(n, nc int) *rates {
	r := &rates{leave: make([]float64, n), move: make([][]float64, n), entry: make([]float64, n)}
	for i := range r.move {
		r.move[i] = make([]float64, nc)
	}
	return r
}

func (r *rates) copyFrom(o *rates) {
	copy(r.leave, o.leave)
	copy(r.entry, o.entry)
	for i := range r.move {
		copy(r.move[i], o.move[i])
	}
}

// Projection holds every run of a projection, for the baseline (scenario
// 0) and each scenario, on the same seeds so that differences are paired.
type Projection struct {
	Fit       *Fit
	Options   Options
	Scenarios []Scenario
	// Months are the month ends: Months[0] is the as-of date (the observed
	// start), Months[m] m months on.
	Months []time.Time

	ns, nc, nm int
	stock      [][]int32   // [scenario][(run*nm+m)*ns+state]
	entrants   [][]int32   // [scenario][run*nm+m]
	leavers    [][]int32   // [scenario][run*nm+m]
	days       [][]float32 // [scenario][(run*nm+m)*nc+cat]: days in care in month m (m ≥ 1)
}

// Project simulates the fitted model forward, for the baseline and each
// scenario: each run draws rates (from their posteriors unless
// FixedRates), then follows every child in care and every simulated
// entrant day by day in continuous time: placement moves and leaving care
// happen at the run's rates for the child's state, age bands change on
// birthdays, and care ends on the leaving-age birthday.
func Project(f *Fit, opts Options, scenarios ...Scenario) (*Projection, error) {
	if opts.Months < 1 {
		return nil, fmt.Errorf("the horizon must be at least one month, not %d", opts.Months)
	}
	if opts.Runs < 1 {
		return nil, fmt.Errorf("at least one run is needed, not %d", opts.Runs)
	}
	sp := f.Space
	p := &Projection{Fit: f, Options: opts, Scenarios: append([]Scenario{{Name: "baseline"}}, scenarios...),
		ns: sp.NumStates(), nc: len(sp.Categories), nm: opts.Months + 1}
	for _, sc := range scenarios {
		if sc.Name == "" || sc.Name == "baseline" {
			return nil, fmt.Errorf("a scenario needs a name other than baseline")
		}
	}
	asOf := dayOf(f.AsOf)
	taus := make([]float64, p.nm)
	for m := range taus {
		d := asOf
		if m > 0 {
			d = monthEnd(asOf, m)
		}
		p.Months = append(p.Months, timeOf(d))
		taus[m] = float64(d) + 0.5
	}
	nsc := len(p.Scenarios)
	p.stock = make([][]int32, nsc)
	p.entrants = make([][]int32, nsc)
	p.leavers = make([][]int32, nsc)
	p.days = make([][]float32, nsc)
	for i := range nsc {
		p.stock[i] = make([]int32, opts.Runs*p.nm*p.ns)
		p.entrants[i] = make([]int32, opts.Runs*p.nm)
		p.leavers[i] = make([]int32, opts.Runs*p.nm)
		p.days[i] = make([]float32, opts.Runs*p.nm*p.nc)
	}
	// Children in care at the start: their band birthdays never change.
	stock := make([]simChild, len(f.Stock))
	for i, m := range f.Stock {
		stock[i] = newSimChild(sp, m.DOB, m.Cat)
	}
	prior := newPrior(f)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(p, taus, prior)
			for run := range next {
				w.run(run, stock)
			}
		}()
	}
	for run := range opts.Runs {
		next <- run
	}
	close(next)
	wg.Wait()
	return p, nil
}

// prior holds each rate's gamma posterior: shape and rate parameters.
type prior struct {
	leaveA, leaveB []float64
	moveA, moveB   [][]float64
	entryA, entryB []float64
}

func newPrior(f *Fit) *prior {
	sp := f.Space
	n, nc, nb := sp.NumStates(), len(sp.Categories), len(sp.Bands)
	pr := &prior{leaveA: make([]float64, n), leaveB: make([]float64, n), moveA: make([][]float64, n), moveB: make([][]float64, n),
		entryA: make([]float64, n), entryB: make([]float64, n)}
	// post is the gamma posterior of k events in exposure e, with the
	// prior centred on the pooled rate; a rate never observed anywhere in
	// its category stays at zero (shape 0).
	post := func(k, e, pooled float64) (float64, float64) {
		if pooled <= 0 {
			return 0, 1
		}
		return k + PriorEvents, e + PriorEvents/pooled
	}
	for c := range nc {
		var k, e float64
		entries := 0.0
		for b := range nb {
			s := sp.State(b, c)
			k += float64(f.Leaves[s])
			e += f.Exposure[s]
			entries += float64(f.Entrants[s])
		}
		pooledEntry := ratio(entries, float64(f.WindowDays*nb))
		for b := range nb {
			s := sp.State(b, c)
			pr.leaveA[s], pr.leaveB[s] = post(float64(f.Leaves[s]), f.Exposure[s], ratio(k, e))
			pr.entryA[s], pr.entryB[s] = post(float64(f.Entrants[s]), float64(f.WindowDays), pooledEntry)
			pr.moveA[s], pr.moveB[s] = make([]float64, nc), make([]float64, nc)
		}
		for to := range nc {
			if to == c {
				continue
			}
			var mk float64
			for b := range nb {
				mk += float64(f.Moves[sp.State(b, c)][to])
			}
			for b := range nb {
				s := sp.State(b, c)
				pr.moveA[s][to], pr.moveB[s][to] = post(float64(f.Moves[s][to]), f.Exposure[s], ratio(mk, e))
			}
		}
	}
	return pr
}

// simChild is a child being simulated: the days its band changes and it
// reaches the leaving age.
type simChild struct {
	bounds [8]int // birthdays starting each band after the first; unused entries are huge
	leave  int
	cat    int
}

func newSimChild(sp StateSpace, dob, cat int) simChild {
	c := simChild{leave: birthday(dob, sp.LeaveAge), cat: cat}
	for i := range c.bounds {
		c.bounds[i] = math.MaxInt32
	}
	for b := 1; b < len(sp.Bands) && b <= len(c.bounds); b++ {
		c.bounds[b-1] = birthday(dob, sp.Bands[b].From)
	}
	return c
}

func (c *simChild) bandAt(t float64) int {
	b := 0
	for b < len(c.bounds) && float64(c.bounds[b]) <= t {
		b++
	}
	return b
}

type worker struct {
	p      *Projection
	taus   []float64
	prior  *prior
	base   *rates
	rs     []*rates
	pcg    *rand.PCG
	rng    *rand.Rand
	arrive []arrival
	total  []float64 // scratch: entry rate per band, per scenario
	// This run's drift: factors on leaving and entry rates for each
	// projected year, and the years' ends.
	lf, ef, yb []float64
}

type arrival struct {
	t                 float64
	band              int
	uKeep, uCat, uAge float64
	stream            uint64
}

func newWorker(p *Projection, taus []float64, pr *prior) *worker {
	w := &worker{p: p, taus: taus, prior: pr, base: newRates(p.ns, p.nc)}
	for range p.Scenarios {
		w.rs = append(w.rs, newRates(p.ns, p.nc))
	}
	w.pcg = rand.NewPCG(0, 0)
	w.rng = rand.New(w.pcg)
	years := (p.nm - 1 + 11) / 12
	w.lf, w.ef, w.yb = make([]float64, years), make([]float64, years), make([]float64, years)
	for k := range w.yb {
		w.yb[k] = taus[min(12*(k+1), p.nm-1)]
	}
	w.yb[years-1] = math.Inf(1)
	return w
}

// run simulates one run for every scenario.
func (w *worker) run(run int, stock []simChild) {
	p, f, sp := w.p, w.p.Fit, w.p.Fit.Space
	seed := p.Options.Seed
	// This run's rates.
	w.pcg.Seed(seed, uint64(run)<<32|0xFFFFFFFF)
	src := rand.NewPCG(seed^0x9E3779B97F4A7C15, uint64(run))
	draw := func(a, b, point float64) float64 {
		if p.Options.FixedRates {
			return point
		}
		if a <= 0 {
			return 0
		}
		return distuv.Gamma{Alpha: a, Beta: b, Src: src}.Rand()
	}
	for s := range p.ns {
		w.base.leave[s] = draw(w.prior.leaveA[s], w.prior.leaveB[s], f.LeaveRate(s))
		w.base.entry[s] = draw(w.prior.entryA[s], w.prior.entryB[s], f.EntryRate(s))
		for c := range p.nc {
			w.base.move[s][c] = draw(w.prior.moveA[s][c], w.prior.moveB[s][c], f.MoveRate(s, c))
		}
	}
	// Drift: a random walk in the log rates from year to year.
	lf, ef := 1.0, 1.0
	for k := range w.lf {
		if !p.Options.FixedRates {
			lf *= math.Exp(f.LeaveDrift * w.rng.NormFloat64())
			ef *= math.Exp(f.EntryDrift * w.rng.NormFloat64())
		}
		w.lf[k], w.ef[k] = lf, ef
	}
	for i, sc := range p.Scenarios {
		w.rs[i].copyFrom(w.base)
		sc.apply(w.rs[i], sp)
	}
	// Candidate entrants by band and projected year, at the highest rate
	// any scenario has, so that every scenario thins the same candidates
	// (paired runs), and a year's candidates do not depend on the horizon.
	t0, tEnd := w.taus[0], w.taus[len(w.taus)-1]
	w.arrive = w.arrive[:0]
	w.total = w.total[:0]
	for b := range sp.Bands {
		most := 0.0
		for i := range p.Scenarios {
			tot := 0.0
			for c := range p.nc {
				tot += w.rs[i].entry[sp.State(b, c)]
			}
			w.total = append(w.total, tot)
			most = max(most, tot)
		}
		for k := range w.yb {
			lambda := most * w.ef[k]
			if lambda <= 0 {
				continue
			}
			from, to := t0, min(w.yb[k], tEnd)
			if k > 0 {
				from = w.yb[k-1]
			}
			w.pcg.Seed(seed+1, uint64(run)<<16|uint64(b)<<8|uint64(k))
			t := from
			for n := uint64(0); ; n++ {
				t += w.rng.ExpFloat64() / lambda
				if t >= to {
					break
				}
				w.arrive = append(w.arrive, arrival{t: t, band: b, uKeep: w.rng.Float64() * lambda, uCat: w.rng.Float64(), uAge: w.rng.Float64(),
					stream: uint64(run)<<40 | uint64(b)<<32 | uint64(k)<<24 | n})
			}
		}
	}
	nsc := len(p.Scenarios)
	for i := range p.Scenarios {
		out := p.runOut(i, run)
		r := w.rs[i]
		for j := range stock {
			c := stock[j]
			w.pcg.Seed(seed+2, uint64(run)<<32|uint64(j))
			w.follow(r, &c, t0, out)
		}
		for _, a := range w.arrive {
			tot := w.total[a.band*nsc+i]
			if a.uKeep >= tot*w.ef[w.yearOf(a.t)] {
				continue
			}
			// The category, by inverse CDF over the band's entry rates.
			cat, acc := p.nc-1, 0.0
			for c := range p.nc {
				acc += r.entry[sp.State(a.band, c)]
				if a.uCat*tot < acc {
					cat = c
					break
				}
			}
			st := sp.State(a.band, cat)
			arriveDay := int(math.Floor(a.t))
			dob := entrantDOB(f, sp, st, a.band, arriveDay, a.uAge)
			c := newSimChild(sp, dob, cat)
			m := sort.SearchFloat64s(w.taus, a.t)
			out.entrants[m]++
			w.pcg.Seed(seed+3, a.stream)
			w.follow(r, &c, a.t, out)
		}
	}
}

// entrantDOB gives a simulated entrant a date of birth: an age drawn from
// the real entrants into the state, or uniform over the band when the
// window had none.
func entrantDOB(f *Fit, sp StateSpace, st, band, day int, u float64) int {
	if ages := f.EntryAges[st]; len(ages) > 0 {
		a := ages[min(int(u*float64(len(ages))), len(ages)-1)]
		return birthdayBack(day-a.Days, a.Years)
	}
	lo := sp.Bands[band].From
	hi := sp.LeaveAge
	if band+1 < len(sp.Bands) {
		hi = sp.Bands[band+1].From
	}
	// Uniform over the band's ages in days, measured back from the day.
	span := float64(birthdayBack(day, lo) - birthdayBack(day, hi))
	return birthdayBack(day, lo) - int(u*span)
}

// birthdayBack is the date of birth of someone turning n on day.
func birthdayBack(day, n int) int {
	y, m, d := civilFromDays(day)
	if m == 2 && d == 29 && !leap(y-n) {
		m, d = 3, 1
	}
	return daysFromCivil(y-n, m, d)
}

type runOut struct {
	stock             []int32 // [m*ns+state]
	entrants, leavers []int32 // [m]
	days              []float32
	ns, nc            int
}

func (p *Projection) runOut(sc, run int) runOut {
	return runOut{
		stock:    p.stock[sc][run*p.nm*p.ns : (run+1)*p.nm*p.ns],
		entrants: p.entrants[sc][run*p.nm : (run+1)*p.nm],
		leavers:  p.leavers[sc][run*p.nm : (run+1)*p.nm],
		days:     p.days[sc][run*p.nm*p.nc : (run+1)*p.nm*p.nc],
		ns:       p.ns, nc: p.nc,
	}
}

// follow simulates one child from time t to the horizon or until they
// leave care.
func (w *worker) follow(r *rates, c *simChild, t float64, out runOut) {
	sp := w.p.Fit.Space
	// A quarter-day past the last month end, so that it is counted.
	tEnd := w.taus[len(w.taus)-1] + 0.25
	cat := c.cat
	for t < tEnd {
		if float64(c.leave) <= t {
			w.leave(t, out)
			return
		}
		band := c.bandAt(t)
		st := sp.State(band, cat)
		yk := w.yearOf(t)
		limit := min(tEnd, float64(c.leave), w.yb[yk])
		if band < len(c.bounds) {
			limit = min(limit, float64(c.bounds[band]))
		}
		leave := r.leave[st] * w.lf[yk]
		total := leave
		for k, m := range r.move[st] {
			if k != cat {
				total += m
			}
		}
		dt := math.Inf(1)
		if total > 0 {
			dt = w.rng.ExpFloat64() / total
		}
		if t+dt >= limit {
			w.segment(t, limit, st, cat, out)
			t = limit
			continue
		}
		w.segment(t, t+dt, st, cat, out)
		t += dt
		u := w.rng.Float64() * total
		if u < leave {
			w.leave(t, out)
			return
		}
		u -= leave
		for k, m := range r.move[st] {
			if k == cat {
				continue
			}
			if u < m {
				cat = k
				break
			}
			u -= m
		}
	}
}

// yearOf is the projected year a time falls in.
func (w *worker) yearOf(t float64) int {
	k := 0
	for t >= w.yb[k] {
		k++
	}
	return k
}

func (w *worker) leave(t float64, out runOut) {
	if t >= w.taus[len(w.taus)-1] {
		return
	}
	out.leavers[sort.SearchFloat64s(w.taus, t)]++
}

// segment records a stretch in one state: counted at every month end it
// covers, and its days added to each month's care days.
func (w *worker) segment(a, b float64, st, cat int, out runOut) {
	taus := w.taus
	m := sort.SearchFloat64s(taus, a) // first month end at or after a
	if m == len(taus) {
		return
	}
	if m > 0 {
		out.days[m*out.nc+cat] += float32(min(b, taus[m]) - a)
	}
	for ; m < len(taus) && taus[m] < b; m++ {
		out.stock[m*out.ns+st]++
		if m+1 < len(taus) {
			out.days[(m+1)*out.nc+cat] += float32(min(b, taus[m+1]) - taus[m])
		}
	}
}
