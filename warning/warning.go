// Package warning spots emerging challenges in councils' children's
// services, openly and with reasons. For every council and indicator it
// asks three questions of the published figures:
//
//   - Level: is the latest figure outside England's funnel-plot limits for
//     a council of its size, after allowing for the real spread between
//     councils (over-dispersion, by DerSimonian–Laird's τ²)?
//   - Change: is its change from the year before unusual against England's
//     change, on a funnel for changes adjusted the same way?
//   - Trend: has its own series shifted (run rules on an individuals chart
//     of its earlier years)?
//
// The indicator's polarity turns a signal into a concern or a strength;
// indicators that make no judgement give notes, which never count towards
// a council's ranking. Every warning carries its figures and a sentence
// saying what triggered it.
package warning

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/stats"
)

// Kind is the question a warning answers.
type Kind string

// The kinds of signal.
const (
	Level  Kind = "level"  // the latest figure against England's funnel
	Change Kind = "change" // the change from the year before against England's change
	Trend  Kind = "trend"  // the council's own series against its earlier years
)

// Verdict is what a signal means once the indicator's polarity is applied.
type Verdict string

// The verdicts. A note is a signal on an indicator where neither high nor
// low is better (a rate of need, say): worth knowing, never a concern.
const (
	Concern  Verdict = "concern"
	Strength Verdict = "strength"
	Note     Verdict = "note"
)

// Warning is one signal for one council and indicator.
type Warning struct {
	Council   string  `json:"council"`
	Indicator string  `json:"indicator"`
	Title     string  `json:"indicator_title"`
	Area      string  `json:"area"`
	Year      int     `json:"year"`
	Period    string  `json:"period"`
	Kind      Kind    `json:"kind"`
	Verdict   Verdict `json:"verdict"`
	// Direction is "higher" or "lower" than expected (level, change), or
	// "rising" or "falling" (trend).
	Direction string `json:"direction"`
	// Limit is the funnel limit crossed ("95%" or "99.8%"), or the run rule
	// that fired for a trend.
	Limit string `json:"limit"`
	// Z is the over-dispersion-adjusted z-score for level and change.
	Z        float64 `json:"z"`
	Value    float64 `json:"value"`
	Previous float64 `json:"previous,omitempty"` // the year before, for changes
	England  float64 `json:"england"`
	Unit     string  `json:"unit"`
	Words    string  `json:"words"`
	// Weight ranks councils: the sum of their concerns' weights (see
	// weight). Strengths and notes weigh nothing.
	Weight float64 `json:"weight"`
}

// Summary is a council's warnings, for the ranking of emerging challenges.
type Summary struct {
	Council   string    `json:"council"`
	Name      string    `json:"name"`
	Region    string    `json:"region"`
	Score     float64   `json:"score"`
	Concerns  int       `json:"concerns"`
	Strengths int       `json:"strengths"`
	Notes     int       `json:"notes"`
	Warnings  []Warning `json:"warnings"` // concerns by weight, then strengths, then notes
}

// Options tune the signals; Default gives the documented settings.
type Options struct {
	// Dispersion is how the change funnels allow for the real spread
	// between councils: additive (random effects, τ²), multiplicative (φ)
	// or none. Level funnels are the indicator table's, which every funnel
	// plot on the site shows (indicators.FunnelDispersion).
	Dispersion stats.Dispersion
	// Winsor is the share of z-scores pulled in at each tail before the
	// over-dispersion is estimated, so a few extreme councils do not widen
	// everyone's limits.
	Winsor float64
	// TrendBaseline is how many years set a council's usual level and
	// spread, and TrendWindow how many recent years after them are
	// watched: the latest year signals when a rule fires there, its run
	// reaching back as far as the rule needs.
	TrendBaseline, TrendWindow int
	// TrendRules are the run rules applied to the council's series.
	TrendRules []stats.Rule
}

// Default are the settings Sightline publishes with: additive
// over-dispersion (a random effect, τ²) from z-scores winsorised 10% at each
// tail, as Spiegelhalter (2005) and NHS Digital's SHMI do, but with τ²
// chosen so the adjusted z-scores' winsorised spread is that of a standard
// normal (stats.RobustAdditive): DerSimonian–Laird on winsorised z-scores
// underestimates τ² for councils, whose sizes differ a hundredfold, and so
// flags about a fifth of councils at 95% where nothing is wrong (the
// simulation study: 19% against 4.5%). Trends use a baseline of five years
// and watch the four after it.
func Default() Options {
	return Options{Dispersion: stats.RobustAdditive, Winsor: stats.DefaultWinsor, TrendBaseline: 5, TrendWindow: 4, TrendRules: stats.DefaultRules()}
}

// Set is every current council's warnings, computed once per load of the
// store.
type Set struct {
	// ByCouncil holds each council's warnings, concerns first.
	ByCouncil map[string][]Warning
	// Ranked lists councils by the weight of their concerns, heaviest
	// first; councils with no concern come last, by name.
	Ranked []Summary
	// Years is the latest year of each indicator the warnings are for.
	Years map[string]int
}

// Compute finds the warnings for councils from the indicator table.
func Compute(tab *indicators.Table, councils []*sightline.Council, o Options) *Set {
	set := &Set{ByCouncil: map[string][]Warning{}, Years: map[string]int{}}
	for _, ind := range indicators.Catalogue() {
		if ind.NationalOnly {
			continue
		}
		year := tab.Latest(ind.ID)
		if year == 0 {
			continue
		}
		set.Years[ind.ID] = year
		for _, w := range levelWarnings(tab, ind, year, councils, o) {
			set.ByCouncil[w.Council] = append(set.ByCouncil[w.Council], w)
		}
		ws, yearly := changeWarnings(tab, ind, year, councils, o)
		for _, w := range ws {
			set.ByCouncil[w.Council] = append(set.ByCouncil[w.Council], w)
		}
		for _, w := range trendWarnings(tab, ind, year, councils, yearly, o) {
			set.ByCouncil[w.Council] = append(set.ByCouncil[w.Council], w)
		}
	}
	for _, c := range councils {
		ws := set.ByCouncil[c.Code]
		sortWarnings(ws)
		s := Summary{Council: c.Code, Name: c.Name, Region: c.RegionName, Warnings: ws}
		for _, w := range ws {
			switch w.Verdict {
			case Concern:
				s.Concerns++
				s.Score += w.Weight
			case Strength:
				s.Strengths++
			default:
				s.Notes++
			}
		}
		s.Score = math.Round(s.Score*10) / 10
		set.Ranked = append(set.Ranked, s)
	}
	sort.SliceStable(set.Ranked, func(i, j int) bool {
		a, b := set.Ranked[i], set.Ranked[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Name < b.Name
	})
	return set
}

// sortWarnings puts concerns first, heaviest first, then strengths, then
// notes; ties by indicator and kind so the order is stable.
func sortWarnings(ws []Warning) {
	rank := map[Verdict]int{Concern: 0, Strength: 1, Note: 2}
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if rank[a.Verdict] != rank[b.Verdict] {
			return rank[a.Verdict] < rank[b.Verdict]
		}
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		if math.Abs(a.Z) != math.Abs(b.Z) {
			return math.Abs(a.Z) > math.Abs(b.Z)
		}
		if a.Indicator != b.Indicator {
			return a.Indicator < b.Indicator
		}
		return a.Kind < b.Kind
	})
}

// weight is how much a concern counts towards a council's ranking: a
// figure beyond the 99.8% limit counts three, beyond 95% one; an unusual
// change two or one; a shift in the council's own series one. The level
// counts most because it is the most certain; a change or a shift is
// earlier news that is more often noise (see the simulation study).
func weight(k Kind, limit string) float64 {
	switch {
	case k == Level && limit == "99.8%":
		return 3
	case k == Level:
		return 1
	case k == Change && limit == "99.8%":
		return 2
	case k == Change:
		return 1
	}
	return 1
}

// verdict applies polarity to a direction ("higher"/"rising" up, else down).
func verdict(p indicators.Polarity, up bool) Verdict {
	switch {
	case p == indicators.NoJudgement:
		return Note
	case up == (p == indicators.HighIsGood):
		return Strength
	}
	return Concern
}

// units gathers councils' counts for an indicator and year, for fitting a
// funnel over every council that published them.
func units(tab *indicators.Table, ind *indicators.Indicator, year int, councils []*sightline.Council) (map[string]stats.Unit, []stats.Unit) {
	by := map[string]stats.Unit{}
	var all []stats.Unit
	for _, c := range councils {
		cell, ok := tab.Cell(ind.ID, c.Code, year)
		if !ok || !cell.HasCounts || cell.Den <= 0 || cell.Shared != "" {
			continue
		}
		u := stats.Unit{O: cell.Num, N: cell.Den}
		by[c.Code] = u
		all = append(all, u)
	}
	return by, all
}

// england is England's proportion or rate (count over denominator) for a
// year, or NaN.
func england(tab *indicators.Table, ind *indicators.Indicator, year int) float64 {
	cell, ok := tab.Cell(ind.ID, sightline.EnglandCode, year)
	if !ok || !cell.HasCounts || cell.Den <= 0 {
		return math.NaN()
	}
	return cell.Num / cell.Den
}

// limitCrossed names the limit a z-score crosses, or "".
func limitCrossed(outside998, outside95 int) string {
	switch {
	case outside998 != 0:
		return "99.8%"
	case outside95 != 0:
		return "95%"
	}
	return ""
}

func levelWarnings(tab *indicators.Table, ind *indicators.Indicator, year int, councils []*sightline.Council, o Options) []Warning {
	if ind.Model == stats.NoModel {
		return nil
	}
	// The table's funnel, so a warning and every funnel plot and
	// significance marker on the site agree.
	target := england(tab, ind, year)
	by, _ := units(tab, ind, year, councils)
	f, ok := tab.Funnel(ind.ID, year)
	if math.IsNaN(target) || !ok {
		return nil
	}
	var out []Warning
	for _, c := range councils {
		u, ok := by[c.Code]
		if !ok {
			continue
		}
		limit := limitCrossed(f.Outside(u, stats.P998), f.Outside(u, stats.P95))
		if limit == "" {
			continue
		}
		z := f.Z(u)
		up := z > 0
		w := Warning{Council: c.Code, Indicator: ind.ID, Title: ind.Title, Area: ind.Area, Year: year, Period: tab.Period(ind.ID, year),
			Kind: Level, Verdict: verdict(ind.Polarity, up), Direction: dir(up, "higher", "lower"), Limit: limit, Z: round(z, 2),
			Value: u.O / u.N * ind.Scale, England: target * ind.Scale, Unit: string(ind.Unit)}
		w.Words = fmt.Sprintf("%s was %s in %s, %s England's %s and beyond the %s limit for a council of its size, allowing for the usual spread between councils.",
			ind.Title, show(w.Value, ind), period(w), dir(up, "above", "below"), show(w.England, ind), limit)
		w.Weight = weightFor(w)
		out = append(out, w)
	}
	return out
}

// changeWarnings finds unusual changes from the year before, and gives
// the year-to-year variance between councils beyond chance that the change
// funnel found (half its τ², since a change has two years' worth), which
// the trend rules use as part of a council's expected spread; -1 when no
// change funnel could be fitted.
func changeWarnings(tab *indicators.Table, ind *indicators.Indicator, year int, councils []*sightline.Council, o Options) ([]Warning, float64) {
	if ind.Model == stats.NoModel {
		return nil, -1
	}
	prevYear := previousYear(tab, ind.ID, year)
	if prevYear == 0 {
		return nil, -1
	}
	t1, t2 := england(tab, ind, prevYear), england(tab, ind, year)
	if math.IsNaN(t1) || math.IsNaN(t2) {
		return nil, -1
	}
	before, _ := units(tab, ind, prevYear, councils)
	after, _ := units(tab, ind, year, councils)
	var codes []string
	var b, a []stats.Unit
	for _, c := range councils {
		ub, ok1 := before[c.Code]
		ua, ok2 := after[c.Code]
		if ok1 && ok2 {
			codes = append(codes, c.Code)
			b, a = append(b, ub), append(a, ua)
		}
	}
	if len(codes) < 10 {
		return nil, -1
	}
	ch := stats.FitChange(ind.Model, t1, t2, b, a, o.Dispersion, o.Winsor)
	yearly := 0.0
	if ch.Over.Adjusted() && ch.Over.Kind != stats.Multiplicative {
		yearly = ch.Over.Tau2 / 2
	}
	var out []Warning
	for i, code := range codes {
		limit := limitCrossed(ch.Outside(b[i], a[i], stats.P998), ch.Outside(b[i], a[i], stats.P95))
		if limit == "" {
			continue
		}
		z := ch.Z(b[i], a[i])
		up := z > 0
		w := Warning{Council: code, Indicator: ind.ID, Title: ind.Title, Area: ind.Area, Year: year, Period: tab.Period(ind.ID, year),
			Kind: Change, Verdict: verdict(ind.Polarity, up), Direction: dir(up, "higher", "lower"), Limit: limit, Z: round(z, 2),
			Value: a[i].O / a[i].N * ind.Scale, Previous: b[i].O / b[i].N * ind.Scale, England: t2 * ind.Scale, Unit: string(ind.Unit)}
		moved := "rose"
		if w.Value < w.Previous {
			moved = "fell"
		}
		w.Words = fmt.Sprintf("%s %s from %s in %s to %s in %s, while England's went from %s to %s: a change %s than England's, beyond the %s limit for changes.",
			ind.Title, moved, show(w.Previous, ind), periodOf(tab, ind.ID, prevYear), show(w.Value, ind), period(w),
			show(t1*ind.Scale, ind), show(w.England, ind), dir(up, "higher", "lower"), limit)
		w.Weight = weightFor(w)
		out = append(out, w)
	}
	return out, yearly
}

// trendWarnings asks, for each council, whether its latest figure signals
// a shift in its own series: run rules on an individuals chart centred on
// its baseline years. The series is the council's gap to England, so that
// a change in every council at once (a national trend, new guidance) is
// not read as a challenge emerging in one.
//
// The chart's spread matters most. Where the indicator has counts it
// starts from what the council's figure should vary by from year to year:
// its sampling error at its size plus the year-to-year variation between
// councils beyond chance (yearly, from the change funnel), since a spread
// estimated from five or six annual points is so uncertain that the rules
// raise false alarms at several times their textbook rate (stats Study:
// 9.6% of council-years against 2.6%). Without counts it comes from the
// baseline's moving ranges, and such a warning weighs half. Either way,
// councils' positions drift over several years more than one year's
// variation implies, so the spread is then widened by the robust spread
// (1.4826 × MAD) of every council's latest standardised deviation, when
// that exceeds one: the multiplicative over-dispersion of the funnels,
// applied to trends.
func trendWarnings(tab *indicators.Table, ind *indicators.Indicator, year int, councils []*sightline.Council, yearly float64, o Options) []Warning {
	type series struct {
		council       string
		xs            []float64
		years         []int
		last          indicators.Cell
		centre, sigma float64
		known         bool
	}
	var all []series
	theta := england(tab, ind, year)
	for _, c := range councils {
		sr := series{council: c.Code}
		for _, y := range tab.Years(ind.ID) {
			if y > year {
				continue
			}
			cell, ok := tab.Cell(ind.ID, c.Code, y)
			eng := englandValue(tab, ind, y)
			if !ok || !cell.Value.IsNumber() || cell.Shared != "" || math.IsNaN(eng) {
				sr.xs, sr.years = nil, nil // a gap breaks the series: start again after it
				continue
			}
			sr.xs = append(sr.xs, cell.Value.Num-eng)
			sr.years = append(sr.years, y)
			sr.last = cell
		}
		if len(sr.xs) < o.TrendBaseline+1 || sr.years[len(sr.years)-1] != year {
			continue
		}
		if n := o.TrendBaseline + o.TrendWindow; len(sr.xs) > n {
			sr.xs, sr.years = sr.xs[len(sr.xs)-n:], sr.years[len(sr.years)-n:]
		}
		base := sr.xs[:o.TrendBaseline]
		_, sr.sigma = stats.XmR(base)
		sr.centre = stats.Mean(base)
		if ind.Model != stats.NoModel && yearly >= 0 && sr.last.HasCounts && sr.last.Den > 0 && !math.IsNaN(theta) {
			se := stats.NullSE(ind.Model, theta, sr.last.Den)
			sr.sigma, sr.known = math.Sqrt(se*se+yearly)*ind.Scale, true
		}
		if sr.sigma > 0 {
			all = append(all, sr)
		}
	}
	if len(all) < 10 {
		return nil
	}
	zs := make([]float64, len(all))
	for i, sr := range all {
		zs[i] = (sr.xs[len(sr.xs)-1] - sr.centre) / sr.sigma
	}
	med := stats.Median(zs)
	dev := make([]float64, len(zs))
	for i, z := range zs {
		dev[i] = math.Abs(z - med)
	}
	widen := math.Max(1, 1.4826*stats.Median(dev))
	var out []Warning
	for _, sr := range all {
		sigma := sr.sigma * widen
		var fired *stats.Signal
		for _, sg := range stats.SignalsWith(sr.xs, sr.centre, sigma, o.TrendBaseline, o.TrendRules) {
			if sg.Index == len(sr.xs)-1 && (fired == nil || ruleStrength(sg.Rule) > ruleStrength(fired.Rule)) {
				sg := sg
				fired = &sg
			}
		}
		if fired == nil {
			continue
		}
		up := fired.Direction > 0
		eng := englandValue(tab, ind, year)
		w := Warning{Council: sr.council, Indicator: ind.ID, Title: ind.Title, Area: ind.Area, Year: year, Period: tab.Period(ind.ID, year),
			Kind: Trend, Verdict: verdict(ind.Polarity, up), Direction: dir(up, "rising", "falling"), Limit: fired.Rule,
			Z: round((sr.xs[len(sr.xs)-1]-sr.centre)/sigma, 2), Value: sr.last.Value.Num, England: eng, Unit: string(ind.Unit)}
		w.Words = fmt.Sprintf("%s was %s in %s against England's %s: measured against England, the council has moved %s its usual position (%s over %s to %s); %s.",
			ind.Title, show(w.Value, ind), period(w), show(eng, ind), dir(up, "up from", "down from"), gap(sr.centre, ind),
			periodOf(tab, ind.ID, sr.years[0]), periodOf(tab, ind.ID, sr.years[o.TrendBaseline-1]),
			strings.Replace(fired.Words, "the council's usual level", "its usual position", 1))
		w.Weight = weightFor(w)
		if !sr.known && w.Weight > 0 {
			w.Weight /= 2
		}
		out = append(out, w)
	}
	return out
}

// ruleStrength orders run rules when several fire at once: the one beyond
// three standard deviations is the clearest.
func ruleStrength(rule string) int {
	if rule == stats.Beyond3Sigma.Name() {
		return 2
	}
	return 1
}

func weightFor(w Warning) float64 {
	if w.Verdict != Concern {
		return 0
	}
	return weight(w.Kind, w.Limit)
}

// previousYear is the indicator's year before year, or 0.
func previousYear(tab *indicators.Table, id string, year int) int {
	prev := 0
	for _, y := range tab.Years(id) {
		if y < year && y > prev {
			prev = y
		}
	}
	return prev
}

// englandValue is England's published figure, for trend warnings, or NaN.
func englandValue(tab *indicators.Table, ind *indicators.Indicator, year int) float64 {
	cell, ok := tab.Cell(ind.ID, sightline.EnglandCode, year)
	if !ok || !cell.Value.IsNumber() {
		return math.NaN()
	}
	return cell.Value.Num
}

func dir(up bool, a, b string) string {
	if up {
		return a
	}
	return b
}

func round(v float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(v*p) / p
}

// show formats a figure in the indicator's unit for a sentence.
func show(v float64, ind *indicators.Indicator) string {
	if math.IsNaN(v) {
		return "not published"
	}
	s := sightline.Number(v).Format(ind.Decimals)
	switch ind.Unit {
	case indicators.Percent:
		return s + "%"
	case indicators.PerTenThousand:
		return s + " per 10,000"
	case indicators.Pounds:
		return "£" + s
	}
	return s
}

// gap says how far a figure sits from England's, in the indicator's unit.
func gap(d float64, ind *indicators.Indicator) string {
	side := "above"
	if d < 0 {
		side, d = "below", -d
	}
	v := sightline.Number(d).Format(ind.Decimals)
	switch ind.Unit {
	case indicators.Percent:
		v += " percentage points"
	case indicators.PerTenThousand:
		v += " per 10,000"
	case indicators.Pounds:
		v = "£" + v
	}
	return v + " " + side + " England"
}

func period(w Warning) string {
	if w.Period != "" {
		return indicators.PeriodLabel(w.Period)
	}
	return fmt.Sprint(w.Year)
}

func periodOf(tab *indicators.Table, id string, year int) string {
	if p := tab.Period(id, year); p != "" {
		return indicators.PeriodLabel(p)
	}
	return fmt.Sprint(year)
}
