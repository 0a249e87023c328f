package peers

import (
	"fmt"
	"math"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/stats"
)

// Prediction is one out-of-sample case: a council's figure for Year+1
// predicted from what was published for Year and before.
//
// Peers carries the matched peers' experience over to the council as a
// share of the gap to England closed: each of the council's first MaxPeers
// peers (matched as of Year: statistical neighbours first, then by context
// distance, each with an improvement already sustained for two periods by
// Year) closed some share of its gap to England in the year after its
// latest concern (GapClosed); the forecast is England's figure for Year
// plus the council's gap in Year times one minus the peers' mean share. A
// share rather than the peers' change in points, because the peers were
// chosen for large improvements from far behind: adding their 15-point
// gains to a council 2 points from England forecasts nonsense, while "close
// the gap as they did" means the same wherever the council starts. The
// peers' own Year+1 figures are not used: they are unknown in Year.
// PeersChange is that rejected formulation (the council's figure plus the
// peers' mean first-year change relative to England's), kept so the choice
// can be checked.
//
// England is England's figure for Year (Year+1 is not yet published);
// Neighbours the mean of the statistical neighbours' figures for Year, by
// that year's model; Persistence the council's own figure for Year, the
// reference every forecast should be judged against.
type Prediction struct {
	Indicator   string   `json:"indicator"`
	Council     string   `json:"council"`
	Year        int      `json:"year"`
	Flagged     bool     `json:"flagged"` // beyond the bad-side limit in Year
	Actual      float64  `json:"actual"`  // the published figure for Year+1
	Peers       float64  `json:"peers"`
	PeersChange float64  `json:"peers_change"`
	England     float64  `json:"england"`
	Neighbours  float64  `json:"neighbours"`
	Persistence float64  `json:"persistence"`
	Scale       float64  `json:"scale"` // SD of councils' figures in Year, for scale-free errors
	PeerCodes   []string `json:"peer_codes"`
	PeerYears   []int    `json:"peer_years"` // each peer's HeldTo, never after Year
}

// Errors holds one error measure for each forecast.
type Errors struct {
	Peers       float64 `json:"peers"`
	PeersChange float64 `json:"peers_change"`
	England     float64 `json:"england"`
	Neighbours  float64 `json:"neighbours"`
	Persistence float64 `json:"persistence"`
}

// Score summarises the forecasts over a set of cases.
type Score struct {
	Indicator string `json:"indicator"` // "all" for every indicator together
	Title     string `json:"title"`
	Subset    string `json:"subset"` // "all" cases, or "flagged" (the council a concern in Year)
	Cases     int    `json:"cases"`
	MAE       Errors `json:"mae"`
	RMSE      Errors `json:"rmse"`
	// ScaledMAE divides each absolute error by the spread (SD) of
	// councils' figures that year, so indicators on different scales can be
	// pooled; the pooled raw MAE is dominated by per-10,000 indicators.
	ScaledMAE Errors `json:"scaled_mae"`
	// Shares of cases where the peers' forecast had the strictly smaller
	// absolute error.
	PeersBeatEngland     float64 `json:"peers_beat_england"`
	PeersBeatNeighbours  float64 `json:"peers_beat_neighbours"`
	PeersBeatBoth        float64 `json:"peers_beat_both"`
	PeersBeatPersistence float64 `json:"peers_beat_persistence"`
}

// Validation is the out-of-sample test of the method.
type Validation struct {
	// Scores come overall first, then by indicator in catalogue order,
	// each for all cases and then (where there are any) flagged ones.
	Scores []Score `json:"scores"`
	// PeersWin says whether the peers' forecast has the smallest scaled
	// MAE over all cases, against England and the neighbours; Verdict says
	// it in words.
	PeersWin bool   `json:"peers_win"`
	Verdict  string `json:"verdict"`
	Method   string `json:"method"`
}

// Backtest makes every prediction: each judged indicator with counts (the
// funnel method), each council with its own figures for a year and the
// next, each year with a next. A case needs all four forecasts, so every
// forecast is scored on the same cases. Indicators run in parallel.
func (m *Matcher) Backtest() []Prediction {
	var inds []*indicators.Indicator
	for _, ind := range indicators.Catalogue() {
		if Judged(ind) && MethodFor(ind) == Funnel {
			inds = append(inds, ind)
		}
	}
	out := make([][]Prediction, len(inds))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, ind := range inds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = m.backtest(ind)
		}()
	}
	wg.Wait()
	var all []Prediction
	for _, p := range out {
		all = append(all, p...)
	}
	return all
}

func (m *Matcher) backtest(ind *indicators.Indicator) []Prediction {
	d := m.Detector(ind)
	years := m.tab.Years(ind.ID)
	var out []Prediction
	for _, t := range years {
		if !containsInt(years, t+1) {
			continue
		}
		eng, ok := d.value(englandCode, t, false)
		if !ok {
			continue
		}
		var vals []float64
		for _, u := range m.tab.Units(ind.ID, t) {
			if v, ok := d.value(u, t, true); ok {
				vals = append(vals, v)
			}
		}
		scale := sd(vals)
		for _, c := range m.reg.Councils() {
			if m.reg.Canonical(c.Code) != c.Code {
				continue
			}
			now, ok1 := d.value(c.Code, t, true)
			next, ok2 := d.value(c.Code, t+1, true)
			if !ok1 || !ok2 {
				continue
			}
			nbMean, ok := m.neighbourMean(d, c.Code, t)
			if !ok {
				continue
			}
			cands, _ := m.rank(d, c.Code, t)
			if len(cands) > m.opt.MaxPeers {
				cands = cands[:m.opt.MaxPeers]
			}
			if len(cands) == 0 {
				continue
			}
			p := Prediction{Indicator: ind.ID, Council: c.Code, Year: t, Flagged: d.own[unitYear{c.Code, t}].Concern(),
				Actual: next, England: eng, Neighbours: nbMean, Persistence: now, Scale: scale}
			var closed, change float64
			for _, cand := range cands {
				e := cand.episodes[len(cand.episodes)-1]
				closed += e.GapClosed()
				change += e.RelativeFirstChange()
				p.PeerCodes = append(p.PeerCodes, cand.council)
				p.PeerYears = append(p.PeerYears, e.HeldTo)
			}
			n := float64(len(cands))
			p.Peers = eng + (now-eng)*(1-closed/n)
			p.PeersChange = now + change/n
			out = append(out, p)
		}
	}
	return out
}

// neighbourMean is the mean of the statistical neighbours' figures for a
// year, by that year's model, or ok false when none has one.
func (m *Matcher) neighbourMean(d *Detector, council string, year int) (float64, bool) {
	nb, _ := m.neighboursAsOf(council, year)
	var s float64
	n := 0
	seen := map[string]bool{}
	for _, x := range nb {
		if seen[x.Neighbour] {
			continue
		}
		seen[x.Neighbour] = true
		if v, ok := d.value(x.Neighbour, year, false); ok {
			s += v
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return s / float64(n), true
}

func sd(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	m := stats.Mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// Validate runs the backtest and scores it overall and by indicator, for all
// cases and for flagged ones (the councils the method is meant for).
func (m *Matcher) Validate() *Validation {
	return ScorePredictions(m.Backtest(), m.opt.MaxPeers)
}

// ScorePredictions scores predictions: overall and by indicator (catalogue
// order), each for all cases and for flagged cases.
func ScorePredictions(preds []Prediction, maxPeers int) *Validation {
	v := &Validation{Method: fmt.Sprintf("For every council, judged indicator with counts and year t with a figure for t+1: "+
		"(a) peers: England's figure for t plus the council's gap to England at t, less the mean share of their gap that its first %d "+
		"peers (statistical neighbours first, then by context distance; each in the same position before and with an improvement sustained "+
		"by t) closed in the year after their concern; (b) England's figure for t; "+
		"(c) the statistical neighbours' mean for t; persistence (the council's own figure for t) for reference. "+
		"Errors against the published figure for t+1.", maxPeers)}
	byInd := map[string][]Prediction{}
	for _, p := range preds {
		byInd[p.Indicator] = append(byInd[p.Indicator], p)
	}
	add := func(id, title string, ps []Prediction) {
		v.Scores = append(v.Scores, score(id, title, "all", ps))
		var fl []Prediction
		for _, p := range ps {
			if p.Flagged {
				fl = append(fl, p)
			}
		}
		if len(fl) > 0 {
			v.Scores = append(v.Scores, score(id, title, "flagged", fl))
		}
	}
	add("all", "All indicators", preds)
	for _, ind := range indicators.Catalogue() {
		if ps := byInd[ind.ID]; len(ps) > 0 {
			add(ind.ID, ind.Title, ps)
		}
	}
	all := v.Scores[0]
	v.PeersWin = all.Cases > 0 && all.ScaledMAE.Peers < all.ScaledMAE.England && all.ScaledMAE.Peers < all.ScaledMAE.Neighbours
	v.Verdict = verdict(v)
	return v
}

func score(id, title, subset string, ps []Prediction) Score {
	s := Score{Indicator: id, Title: title, Subset: subset, Cases: len(ps)}
	if len(ps) == 0 {
		return s
	}
	var mae, sq, scaled [5]float64
	var scaledN float64
	var be, bn, bb, bp int
	for _, p := range ps {
		e := [5]float64{math.Abs(p.Peers - p.Actual), math.Abs(p.PeersChange - p.Actual), math.Abs(p.England - p.Actual),
			math.Abs(p.Neighbours - p.Actual), math.Abs(p.Persistence - p.Actual)}
		for i, x := range e {
			mae[i] += x
			sq[i] += x * x
			if p.Scale > 0 {
				scaled[i] += x / p.Scale
			}
		}
		if p.Scale > 0 {
			scaledN++
		}
		ep, ee, en, eq := e[0], e[2], e[3], e[4]
		if ep < ee {
			be++
		}
		if ep < en {
			bn++
		}
		if ep < ee && ep < en {
			bb++
		}
		if ep < eq {
			bp++
		}
	}
	n := float64(len(ps))
	errs := func(a [5]float64, f func(float64) float64) Errors {
		return Errors{f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4])}
	}
	s.MAE = errs(mae, func(x float64) float64 { return x / n })
	s.RMSE = errs(sq, func(x float64) float64 { return math.Sqrt(x / n) })
	s.ScaledMAE = errs(scaled, func(x float64) float64 { return x / scaledN })
	s.PeersBeatEngland, s.PeersBeatNeighbours, s.PeersBeatBoth, s.PeersBeatPersistence = float64(be)/n, float64(bn)/n, float64(bb)/n, float64(bp)/n
	return s
}

// verdict says plainly whether the peers' mean wins, overall and for the
// flagged councils, and against persistence.
func verdict(v *Validation) string {
	all, fl := v.Scores[0], Score{}
	if len(v.Scores) > 1 && v.Scores[1].Indicator == "all" {
		fl = v.Scores[1]
	}
	if all.Cases == 0 {
		return "No cases: the backtest found no council with peers and a next year's figure."
	}
	word := func(win bool) string {
		if win {
			return "wins"
		}
		return "does not win"
	}
	winAll := all.ScaledMAE.Peers < all.ScaledMAE.England && all.ScaledMAE.Peers < all.ScaledMAE.Neighbours
	winFl := fl.Cases > 0 && fl.ScaledMAE.Peers < fl.ScaledMAE.England && fl.ScaledMAE.Peers < fl.ScaledMAE.Neighbours
	winIndicators, indicatorsScored := 0, 0
	for _, s := range v.Scores[1:] {
		if s.Indicator != "all" && s.Subset == "all" && s.Cases > 0 {
			indicatorsScored++
			if s.MAE.Peers < s.MAE.England && s.MAE.Peers < s.MAE.Neighbours {
				winIndicators++
			}
		}
	}
	out := fmt.Sprintf("The peers' forecast %s over all %d cases (scaled MAE %.3f against England %.3f and neighbours %.3f; "+
		"better than both in %.0f%% of cases) and %s for the %d flagged cases (%.3f against %.3f and %.3f). "+
		"It has the smallest MAE of the three for %d of %d indicators.",
		word(winAll), all.Cases, all.ScaledMAE.Peers, all.ScaledMAE.England, all.ScaledMAE.Neighbours, 100*all.PeersBeatBoth,
		word(winFl), fl.Cases, fl.ScaledMAE.Peers, fl.ScaledMAE.England, fl.ScaledMAE.Neighbours, winIndicators, indicatorsScored)
	if all.ScaledMAE.Persistence <= all.ScaledMAE.Peers {
		out += fmt.Sprintf(" But the council's own figure for the year (persistence, scaled MAE %.3f) beats every forecast, the peers' "+
			"included: councils close their gaps far more slowly than the peers who improved did, so the peers show what was achieved, "+
			"not what will happen next year.", all.ScaledMAE.Persistence)
	} else {
		out += fmt.Sprintf(" It also beats persistence (scaled MAE %.3f): the peers' experience carries information about next year.", all.ScaledMAE.Persistence)
	}
	return out
}

// Table gives the validation as one table for export.WriteXLSX or
// WriteCSV, a row per score.
func (v *Validation) Table() *export.Table {
	t := &export.Table{
		Title:  "Peers' forecast tested out of sample against England and statistical neighbours",
		Source: "Source: Sightline backtest on DfE, ONS and OHID published statistics. " + v.Method + " " + v.Verdict,
		Columns: []string{"indicator", "title", "subset", "cases",
			"mae_peers", "mae_england", "mae_neighbours", "mae_persistence", "mae_peers_change",
			"rmse_peers", "rmse_england", "rmse_neighbours", "rmse_persistence",
			"scaled_mae_peers", "scaled_mae_england", "scaled_mae_neighbours", "scaled_mae_persistence",
			"share_peers_beat_england", "share_peers_beat_neighbours", "share_peers_beat_both", "share_peers_beat_persistence"},
	}
	n := func(x float64, dp int) export.Cell { return export.V(sightline.Number(x), dp) }
	for _, s := range v.Scores {
		t.Rows = append(t.Rows, []export.Cell{export.T(s.Indicator), export.T(s.Title), export.T(s.Subset), export.N(s.Cases),
			n(s.MAE.Peers, 3), n(s.MAE.England, 3), n(s.MAE.Neighbours, 3), n(s.MAE.Persistence, 3), n(s.MAE.PeersChange, 3),
			n(s.RMSE.Peers, 3), n(s.RMSE.England, 3), n(s.RMSE.Neighbours, 3), n(s.RMSE.Persistence, 3),
			n(s.ScaledMAE.Peers, 3), n(s.ScaledMAE.England, 3), n(s.ScaledMAE.Neighbours, 3), n(s.ScaledMAE.Persistence, 3),
			n(s.PeersBeatEngland, 3), n(s.PeersBeatNeighbours, 3), n(s.PeersBeatBoth, 3), n(s.PeersBeatPersistence, 3)})
	}
	return t
}
