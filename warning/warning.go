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
	// Dispersion is how the funnels allow for the real spread between
	// councils: additive (random effects, τ²), multiplicative (φ) or none.
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
// over-dispersion with 10% winsorisation at each tail, as NHS Digital does
// for SHMI and Spiegelhalter (2005) recommends, and trend rules over at
// least five earlier years.
func Default() Options {
	return Options{Dispersion: stats.Additive, Winsor: 0.1, TrendBaseline: 5, TrendWindow: 4, TrendRules: stats.DefaultRules()}
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
		for _, w := range changeWarnings(tab, ind, year, councils, o) {
			set.ByCouncil[w.Council] = append(set.ByCouncil[w.Council], w)
		}
		for _, c := range councils {
			if w, ok := trendWarning(tab, ind, year, c.Code, o); ok {
				set.ByCouncil[c.Code] = append(set.ByCouncil[c.Code], w)
			}
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
	target := england(tab, ind, year)
	by, all := units(tab, ind, year, councils)
	if math.IsNaN(target) || len(all) < 10 {
		return nil
	}
	f := stats.FitFunnel(ind.Model, target, all, o.Dispersion, o.Winsor)
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

func changeWarnings(tab *indicators.Table, ind *indicators.Indicator, year int, councils []*sightline.Council, o Options) []Warning {
	if ind.Model == stats.NoModel {
		return nil
	}
	prevYear := previousYear(tab, ind.ID, year)
	if prevYear == 0 {
		return nil
	}
	t1, t2 := england(tab, ind, prevYear), england(tab, ind, year)
	if math.IsNaN(t1) || math.IsNaN(t2) {
		return nil
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
		return nil
	}
	ch := stats.FitChange(ind.Model, t1, t2, b, a, o.Dispersion, o.Winsor)
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
	return out
}

// trendWarning asks whether the council's latest figure signals a shift in
// its own series: run rules on an individuals chart whose centre and
// spread come from its earlier years.
func trendWarning(tab *indicators.Table, ind *indicators.Indicator, year int, council string, o Options) (Warning, bool) {
	var xs []float64
	var years []int
	for _, y := range tab.Years(ind.ID) {
		if y > year {
			continue
		}
		cell, ok := tab.Cell(ind.ID, council, y)
		if !ok || !cell.Value.IsNumber() || cell.Shared != "" {
			xs, years = nil, nil // a gap breaks the series: start again after it
			continue
		}
		xs = append(xs, cell.Value.Num)
		years = append(years, y)
	}
	if len(xs) < o.TrendBaseline+1 || years[len(years)-1] != year {
		return Warning{}, false
	}
	if n := o.TrendBaseline + o.TrendWindow; len(xs) > n {
		xs, years = xs[len(xs)-n:], years[len(years)-n:]
	}
	var last *stats.Signal
	for _, s := range stats.Signals(xs, o.TrendBaseline, o.TrendRules) {
		if s.Index == len(xs)-1 {
			s := s
			if last == nil || ruleStrength(s.Rule) > ruleStrength(last.Rule) {
				last = &s
			}
		}
	}
	if last == nil {
		return Warning{}, false
	}
	up := last.Direction > 0
	centre, _ := stats.XmR(xs[:o.TrendBaseline])
	w := Warning{Council: council, Indicator: ind.ID, Title: ind.Title, Area: ind.Area, Year: year, Period: tab.Period(ind.ID, year),
		Kind: Trend, Verdict: verdict(ind.Polarity, up), Direction: dir(up, "rising", "falling"), Limit: last.Rule,
		Value: xs[len(xs)-1], England: englandValue(tab, ind, year), Unit: string(ind.Unit)}
	w.Words = fmt.Sprintf("%s: %s in %s, against the council's usual level of about %s over %s to %s: %s.",
		ind.Title, show(w.Value, ind), period(w), show(centre, ind), periodOf(tab, ind.ID, years[0]), periodOf(tab, ind.ID, years[o.TrendBaseline-1]), last.Words)
	w.Weight = weightFor(w)
	return w, true
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
