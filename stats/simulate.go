package stats

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// ARLCap is how many monitored points an in-control trend series is
// followed for when measuring the average run length to a false signal;
// runs with no signal by then count as ARLCap (so ARL0 is a lower bound
// when TrendSim.Censored is not zero).
const ARLCap = 1000

// TrendSim is what a Monte Carlo study of trend rules found.
type TrendSim struct {
	Runs int
	// FalseAlarmRate is the share of monitored points (after the baseline,
	// up to the series' length) at which some rule fired on an in-control
	// series: independent N(0,1) points, centre and sigma estimated from
	// the baseline as Signals does.
	FalseAlarmRate float64
	// FalseAlarmInSeries is the chance that an in-control series of the
	// given length signals at least once after its baseline: what a
	// council with nothing changing can expect over those years.
	FalseAlarmInSeries float64
	// ARL0 is the mean number of monitored points to the first false
	// signal, following each in-control series past its length for up to
	// ARLCap points (censored runs count as ARLCap); ARL0Median is the
	// median, less swayed by the few baselines that overstate sigma;
	// Censored is the share of runs that reached ARLCap.
	ARL0, ARL0Median, Censored float64
	// Detected is the share of series in which a sustained shift of
	// `shift` sigmas, starting at the first point after the baseline, was
	// signalled in its direction before the series ended; DetectionDelay
	// is the mean number of points from the shift to that signal (1 when
	// the first shifted point signals), among those series; DetectWithin
	// holds the shares signalled within 1, 2 and 3 points.
	Detected, DetectionDelay float64
	DetectWithin             [3]float64
}

// SimulateTrend measures rules by simulation with a fixed seed: runs
// in-control series of length points (the first baseline set centre and
// sigma) for false alarms, and as many series whose points after the
// baseline are shifted by shift sigmas for detection.
func SimulateTrend(rules []Rule, baseline, length int, shift float64, runs int, seed uint64) TrendSim {
	rng := rand.New(rand.NewPCG(seed, 0x7369676874))
	end := max(length, baseline+ARLCap)
	x := make([]float64, end)
	z := make([]float64, end)
	ms := make([]monitor, len(rules))
	reset := func() {
		for j, r := range rules {
			ms[j] = monitor{Rule: r}
		}
	}
	// fire steps every rule at point i (each must step, for CUSUM's
	// state) and says whether any signalled in direction want (0: either).
	fire := func(i int, want int) bool {
		hit := false
		for j := range ms {
			if d := ms[j].step(z, i); d != 0 && (want == 0 || d == want) {
				hit = true
			}
		}
		return hit
	}
	want := 0
	if shift > 0 {
		want = 1
	} else if shift < 0 {
		want = -1
	}
	var res TrendSim
	res.Runs = runs
	monitored := length - baseline
	if runs <= 0 || baseline < MinBaseline || monitored <= 0 {
		return TrendSim{FalseAlarmRate: math.NaN(), FalseAlarmInSeries: math.NaN(), ARL0: math.NaN(), ARL0Median: math.NaN(), DetectionDelay: math.NaN()}
	}
	rl := make([]float64, 0, runs)
	fa, faSeries, censored := 0, 0, 0
	detected, delaySum := 0, 0
	var within [3]int
	for range runs {
		// In control.
		for i := range length {
			x[i] = rng.NormFloat64()
		}
		c, s := XmR(x[:baseline])
		for i := range length {
			z[i] = (x[i] - c) / s
		}
		reset()
		first := -1
		for i := baseline; i < end; i++ {
			if i >= length {
				if first >= 0 {
					break
				}
				x[i] = rng.NormFloat64()
				z[i] = (x[i] - c) / s
			}
			if fire(i, 0) {
				if i < length {
					fa++
				}
				if first < 0 {
					first = i
				}
			}
		}
		if first >= 0 && first < length {
			faSeries++
		}
		if first < 0 || first-baseline >= ARLCap {
			censored++
			rl = append(rl, ARLCap)
		} else {
			rl = append(rl, float64(first-baseline+1))
		}
		// Shifted.
		for i := range length {
			x[i] = rng.NormFloat64()
			if i >= baseline {
				x[i] += shift
			}
		}
		c, s = XmR(x[:baseline])
		for i := range length {
			z[i] = (x[i] - c) / s
		}
		reset()
		for i := baseline; i < length; i++ {
			if fire(i, want) {
				d := i - baseline + 1
				detected++
				delaySum += d
				for k := range within {
					if d <= k+1 {
						within[k]++
					}
				}
				break
			}
		}
	}
	n := float64(runs)
	res.FalseAlarmRate = float64(fa) / (n * float64(monitored))
	res.FalseAlarmInSeries = float64(faSeries) / n
	res.ARL0 = Mean(rl)
	res.ARL0Median = Median(rl)
	res.Censored = float64(censored) / n
	res.Detected = float64(detected) / n
	res.DetectionDelay = math.NaN()
	if detected > 0 {
		res.DetectionDelay = float64(delaySum) / float64(detected)
	}
	for k := range within {
		res.DetectWithin[k] = float64(within[k]) / n
	}
	return res
}

// FunnelSetting describes a simulated set of councils for SimulateFunnel.
type FunnelSetting struct {
	Model  Model
	Target float64 // England's true proportion or rate, on the O/N scale
	// Denominators, one per council, if given; otherwise Councils
	// denominators drawn log-uniformly between MinN and MaxN.
	Denominators  []float64
	Councils      int
	MinN, MaxN    float64
	TauPersistent float64 // SD of councils' own lasting differences from the target (O/N scale)
	TauYearly     float64 // SD of further differences drawn afresh each year
	Kind          Dispersion
	Winsor        float64
	P             float64 // one-tail probability of the limits: P95 or P998
	Change        bool    // judge year-on-year change (FitChange) instead of level (FitFunnel)
	Shift         float64 // sustained shift, in SDs of a council's own year-to-year variation
	Shifted       int     // how many councils shift
	Years         int     // years followed after the shift begins, for detection and FalseAlarmInSeries
	ARLYears      int     // years councils that did not shift are followed for ARL0 (at least Years)
	Runs          int
	Seed          uint64
}

// FunnelSim is what a Monte Carlo study of a funnel found.
type FunnelSim struct {
	// FalseAlarmRate is the share of council-years, among councils that
	// did not shift, flagged outside the limits (either side);
	// FalseAlarmInSeries the share of those councils flagged at least once
	// over the Years followed.
	FalseAlarmRate, FalseAlarmInSeries float64
	// ARL0 is the mean number of years to the first false flag, each
	// council followed for ARLYears (censored councils count as ARLYears,
	// so this is a lower bound when Censored > 0). Councils differ
	// lastingly, so the few far from England are flagged year after year
	// and the rest almost never: the mean hides that, FalseAlarmInSeries
	// shows it.
	ARL0, Censored float64
	// Detected, DetectionDelay and DetectWithin are as in TrendSim, for
	// the shifted councils flagged in the direction of the shift. Councils
	// already flagged that way the year before the shift are left out:
	// their warning would not be news.
	Detected, DetectionDelay float64
	DetectWithin             [3]float64
	// Phi, Tau2 are the mean estimated φ̂ and τ̂²; AdjustedShare the share
	// of years whose fit widened the limits.
	Phi, Tau2, AdjustedShare float64
}

// SimulateFunnel measures a funnel (level or change) by simulation with a
// fixed seed. Each council has a lasting difference from the target
// (TauPersistent) and a fresh one each year (TauYearly), and its count is
// binomial or Poisson around the result; England's figure each year is
// the pooled rate of all councils, as Sightline computes it. Year 0 is
// before the shift; years 1 to Years follow it. One SD of a council's own
// year-to-year variation is sqrt(θ(1−θ)/n + TauYearly²) (θ/n for rates).
func SimulateFunnel(set FunnelSetting) FunnelSim {
	rng := rand.New(rand.NewPCG(set.Seed, 0x66756e6e656c))
	src := rand.NewPCG(set.Seed^0x9e3779b97f4a7c15, 1)
	var res FunnelSim
	want := 1
	if set.Shift < 0 {
		want = -1
	}
	var fa, cy, faSeries, ctl, censored, detected, eligible, delaySum int
	var rlSum float64
	var within [3]int
	var phiSum, tauSum float64
	var fits, adjusted int
	for range set.Runs {
		ns := set.Denominators
		if len(ns) == 0 {
			ns = make([]float64, set.Councils)
			for i := range ns {
				ns[i] = math.Round(set.MinN * math.Exp(rng.Float64()*math.Log(set.MaxN/set.MinN)))
			}
		}
		k := len(ns)
		u := make([]float64, k)
		for i := range u {
			u[i] = set.TauPersistent * rng.NormFloat64()
		}
		shifted := make([]bool, k)
		for _, i := range rng.Perm(k)[:min(set.Shifted, k)] {
			shifted[i] = true
		}
		first := make([]int, k) // first flagged year in the wanted (shifted) or any (not shifted) direction
		before := make([]bool, k)
		prev := make([]Unit, k)
		cur := make([]Unit, k)
		var prevT float64
		horizon := max(set.Years, set.ARLYears)
		for y := 0; y <= horizon; y++ {
			so, sn := 0.0, 0.0
			for i, n := range ns {
				th := set.Target + u[i] + set.TauYearly*rng.NormFloat64()
				if y >= 1 && shifted[i] {
					sd := NullSE(set.Model, set.Target, n)
					th += set.Shift * math.Sqrt(sd*sd+set.TauYearly*set.TauYearly)
				}
				cur[i] = Unit{O: draw(set.Model, th, n, src), N: n}
				so += cur[i].O
				sn += n
			}
			t := so / sn
			var flag func(i int) int
			switch {
			case set.Change && y >= 1:
				c := FitChange(set.Model, prevT, t, prev, cur, set.Kind, set.Winsor)
				phiSum, tauSum, fits = phiSum+c.Over.Phi, tauSum+c.Over.Tau2, fits+1
				if c.Over.Adjusted() {
					adjusted++
				}
				flag = func(i int) int { return c.Outside(prev[i], cur[i], set.P) }
			case !set.Change:
				f := FitFunnel(set.Model, t, cur, set.Kind, set.Winsor)
				if y >= 1 {
					phiSum, tauSum, fits = phiSum+f.Over.Phi, tauSum+f.Over.Tau2, fits+1
					if f.Over.Adjusted() {
						adjusted++
					}
				}
				flag = func(i int) int { return f.Outside(cur[i], set.P) }
			}
			if flag != nil {
				for i := range ns {
					d := flag(i)
					switch {
					case y == 0:
						before[i] = d == want
					case shifted[i]:
						if d == want && first[i] == 0 && y <= set.Years {
							first[i] = y
						}
					default:
						if d != 0 && first[i] == 0 {
							first[i] = y
						}
						if y <= set.Years {
							cy++
							if d != 0 {
								fa++
							}
						}
					}
				}
			}
			prev, cur = cur, prev
			prevT = t
		}
		for i := range ns {
			if !shifted[i] {
				ctl++
				switch {
				case first[i] == 0:
					censored++
					rlSum += float64(horizon)
				case first[i] <= set.Years:
					faSeries++
					fallthrough
				default:
					rlSum += float64(first[i])
				}
				continue
			}
			if before[i] && !set.Change {
				continue
			}
			eligible++
			if d := first[i]; d > 0 {
				detected++
				delaySum += d
				for k := range within {
					if d <= k+1 {
						within[k]++
					}
				}
			}
		}
	}
	res.FalseAlarmRate = ratio(fa, cy)
	res.FalseAlarmInSeries = ratio(faSeries, ctl)
	res.ARL0 = rlSum / float64(ctl)
	res.Censored = ratio(censored, ctl)
	res.Detected = ratio(detected, eligible)
	res.DetectionDelay = ratio(delaySum, detected)
	for k := range within {
		res.DetectWithin[k] = ratio(within[k], eligible)
	}
	res.Phi, res.Tau2, res.AdjustedShare = phiSum/float64(fits), tauSum/float64(fits), ratio(adjusted, fits)
	return res
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// draw is a binomial or Poisson count with mean theta·n, theta clamped to
// its valid range.
func draw(m Model, theta, n float64, src rand.Source) float64 {
	switch m {
	case Binomial:
		theta = math.Min(math.Max(theta, 1e-9), 1-1e-9)
		return distuv.Binomial{N: n, P: theta, Src: src}.Rand()
	case Poisson:
		theta = math.Max(theta, 1e-9)
		return distuv.Poisson{Lambda: theta * n, Src: src}.Rand()
	}
	return math.NaN()
}

// StudyRow is one signal's line in the simulation study's table.
type StudyRow struct {
	Signal string
	// FalseAlarmPerPoint: share of in-control points (council-years)
	// flagged. FalseAlarmInSeries: share of in-control councils flagged at
	// least once over the StudyYears followed.
	FalseAlarmPerPoint, FalseAlarmInSeries float64
	// ARL0: mean points (years) to the first false signal, censored as
	// TrendSim and FunnelSim say: trend rows at ARLCap (1,000) points,
	// funnel rows at StudyFunnelYears (100) years.
	ARL0 float64
	// Delay1Sigma: mean years from a sustained one-sigma shift to its
	// first signal, among councils where it was signalled within
	// StudyYears; Detected is that share; Detect1y..3y the shares signalled
	// within one, two and three years.
	Delay1Sigma, Detected, Detect1y, Detect2y, Detect3y float64
}

// The settings of Study, chosen to look like Sightline's data. Trend
// series: 13 annual points (2013 to 2025), the first StudyBaseline the
// baseline, so StudyYears are watched. Funnels: 150 councils whose
// denominators are spread log-uniformly from 20 to 20,000 (care leavers
// to referrals), around England's re-referral proportion, 22.5%, with the
// spread councils' re-referral proportions show in the bundled data
// (τ 0.033–0.055 in 2013–2025 with a year-to-year correlation of about
// 0.7, so 0.029 lasting and 0.019 fresh each year), followed for
// StudyYears; StudyShifted councils shift by one sigma of their own
// year-to-year variation.
const (
	StudyLength      = 13
	StudyBaseline    = 6
	StudyYears       = StudyLength - StudyBaseline
	StudyCouncils    = 150
	StudyMinN        = 20
	StudyMaxN        = 20000
	StudyTarget      = 0.225
	StudyTauLasting  = 0.029
	StudyTauYearly   = 0.019
	StudyShifted     = 10
	StudyFunnelYears = 100 // years followed for a funnel's ARL0
)

// StudyColumns heads the table Cells fills.
var StudyColumns = []string{"signal", "false alarms per point", "false alarm within 7 years", "ARL0", "delay after 1σ shift", "detected within 7 years", "within 1 year", "within 2 years", "within 3 years"}

// Cells formats a row for a text or CSV table, proportions to three
// places and run lengths and delays to one.
func (r StudyRow) Cells() []string {
	f := func(x float64, d int) string {
		if math.IsNaN(x) {
			return "–"
		}
		return fmt.Sprintf("%.*f", d, x)
	}
	return []string{r.Signal, f(r.FalseAlarmPerPoint, 4), f(r.FalseAlarmInSeries, 3), f(r.ARL0, 1), f(r.Delay1Sigma, 1),
		f(r.Detected, 3), f(r.Detect1y, 3), f(r.Detect2y, 3), f(r.Detect3y, 3)}
}

// DefaultStudy is Study at the size `sightline warn --simulate` prints:
// 20,000 trend series and 40 funnel runs (6,000 councils over 7 years)
// per row, seed 1; a few seconds on one core.
func DefaultStudy() []StudyRow { return Study(20000, 40, 1) }

// Study measures every warning signal by simulation, with the settings
// above: funnels (level and change; 95% and 99.8%; with no, multiplicative,
// additive and robust additive over-dispersion adjustment) on councils that
// really are over-dispersed, then each trend rule, the rules combined and
// CUSUMs on 13-point series. trendRuns series and funnelRuns sets of 150
// councils per row; the same seed gives the same table.
func Study(trendRuns, funnelRuns int, seed uint64) []StudyRow {
	var rows []StudyRow
	type fcase struct {
		name   string
		change bool
		kind   Dispersion
		winsor float64
	}
	fcases := []fcase{
		{"funnel", false, NoDispersion, 0},
		{"funnel", false, Multiplicative, DefaultWinsor},
		{"funnel", false, Additive, DefaultWinsor},
		{"funnel", false, Additive, 0},
		{"funnel", false, RobustAdditive, DefaultWinsor},
		{"change funnel", true, NoDispersion, 0},
		{"change funnel", true, Additive, DefaultWinsor},
		{"change funnel", true, RobustAdditive, DefaultWinsor},
	}
	for _, c := range fcases {
		for _, p := range []float64{P95, P998} {
			adj := "no adjustment"
			if c.kind != NoDispersion {
				adj = fmt.Sprintf("%s, winsorised %g%%", c.kind, 100*c.winsor)
			}
			r := SimulateFunnel(FunnelSetting{
				Model: Binomial, Target: StudyTarget, Councils: StudyCouncils, MinN: StudyMinN, MaxN: StudyMaxN,
				TauPersistent: StudyTauLasting, TauYearly: StudyTauYearly, Kind: c.kind, Winsor: c.winsor, P: p,
				Change: c.change, Shift: 1, Shifted: StudyShifted, Years: StudyYears, ARLYears: StudyFunnelYears,
				Runs: funnelRuns, Seed: seed,
			})
			rows = append(rows, StudyRow{
				Signal:             fmt.Sprintf("%s %s (%s)", c.name, level(p), adj),
				FalseAlarmPerPoint: r.FalseAlarmRate, FalseAlarmInSeries: r.FalseAlarmInSeries, ARL0: r.ARL0,
				Delay1Sigma: r.DetectionDelay, Detected: r.Detected,
				Detect1y: r.DetectWithin[0], Detect2y: r.DetectWithin[1], Detect3y: r.DetectWithin[2],
			})
		}
	}
	type tcase struct {
		name     string
		rules    []Rule
		baseline int
	}
	var tcases []tcase
	for _, r := range []Rule{Beyond3Sigma, TwoOfThree, FourOfFive, SameSide(6), SameSide(7), SameSide(8), Steady(5), Steady(6)} {
		tcases = append(tcases, tcase{"XmR " + r.String(), []Rule{r}, StudyBaseline})
	}
	side6 := []Rule{Beyond3Sigma, TwoOfThree, FourOfFive, SameSide(6), Steady(DefaultSteady)}
	tcases = append(tcases,
		tcase{"XmR default rules combined", DefaultRules(), StudyBaseline},
		tcase{"XmR default rules with 6 on one side", side6, StudyBaseline},
		tcase{"XmR default rules, baseline 5", DefaultRules(), 5},
		tcase{"XmR default rules, baseline 8", DefaultRules(), 8},
		tcase{"CUSUM k=0.5 h=4", []Rule{CUSUM(DefaultCUSUMK, DefaultCUSUMH)}, StudyBaseline},
		tcase{"CUSUM k=0.5 h=5", []Rule{CUSUM(DefaultCUSUMK, 5)}, StudyBaseline},
		tcase{"XmR one point beyond 3σ, sigma known", []Rule{Beyond3Sigma}, knownBaseline},
		tcase{"XmR default rules combined, sigma known", DefaultRules(), knownBaseline},
		tcase{"CUSUM k=0.5 h=4, sigma known", []Rule{CUSUM(DefaultCUSUMK, DefaultCUSUMH)}, knownBaseline},
	)
	for _, c := range tcases {
		name := c.name
		if c.baseline != StudyBaseline && c.baseline != knownBaseline {
			name += fmt.Sprintf(" (%d watched)", StudyLength-c.baseline)
		}
		length := StudyLength
		if c.baseline == knownBaseline {
			length = knownBaseline + StudyYears
		}
		r := SimulateTrend(c.rules, c.baseline, length, 1, trendRuns, seed)
		rows = append(rows, StudyRow{
			Signal:             name,
			FalseAlarmPerPoint: r.FalseAlarmRate, FalseAlarmInSeries: r.FalseAlarmInSeries, ARL0: r.ARL0,
			Delay1Sigma: r.DetectionDelay, Detected: r.Detected,
			Detect1y: r.DetectWithin[0], Detect2y: r.DetectWithin[1], Detect3y: r.DetectWithin[2],
		})
	}
	return rows
}

// knownBaseline is a baseline long enough (1,000 points) that centre and
// sigma are as good as known: the textbook case the short baselines are
// compared with.
const knownBaseline = 1000

// level names a one-tail probability's two-sided limit.
func level(p float64) string {
	switch p {
	case P95:
		return "95%"
	case P998:
		return "99.8%"
	}
	return fmt.Sprintf("%g%%", 100*(1-2*p))
}
