package peers

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/indicators"
)

// Brief is an improvement brief: for one council and indicator, where the
// council stands, the peers that improved from the same position and what
// their trajectories show, the outcome and enablers the indicator relates
// to, and the evidence in plain words. It is data for a printable page and
// for the API; Table gives it to the xlsx writer.
type Brief struct {
	Council    Area         `json:"council"`
	Indicator  IndicatorRef `json:"indicator"`
	Definition string       `json:"definition"`
	Year       int          `json:"year"`
	Period     string       `json:"period"`
	Standing   Standing     `json:"standing"`
	// Trajectory and Judgements are the council's own, up to Year.
	Trajectory []Point               `json:"trajectory"`
	Judgements []sightline.Judgement `json:"judgements"`
	Peers      []Peer                `json:"peers"`
	Candidates int                   `json:"candidates"`
	Summary    PeerSummary           `json:"summary"`
	Framework  Link                  `json:"framework"`
	// EnablerMeanings explains each enabler the indicator relates to.
	EnablerMeanings []string `json:"enabler_meanings"`
	Evidence        []string `json:"evidence"`
	Criterion       string   `json:"criterion"`
	Caveats         []string `json:"caveats"`
}

// Standing is the council's figure beside its comparators, and its place on
// the funnel.
type Standing struct {
	Value          *float64 `json:"value"`
	Symbol         string   `json:"symbol,omitempty"`
	Shared         string   `json:"shared,omitempty"` // the joint service whose figure this is
	England        *float64 `json:"england"`
	Region         *float64 `json:"region"`
	RegionName     string   `json:"region_name"`
	NeighbourMean  *float64 `json:"neighbour_mean"`
	NeighbourCount int      `json:"neighbour_count"`
	NeighbourModel string   `json:"neighbour_model"`
	Rank           int      `json:"rank,omitempty"` // 1 is best
	Ranked         int      `json:"ranked,omitempty"`
	Band           string   `json:"band,omitempty"` // quartile band A (best) to D
	Position       Position `json:"position"`
	// Lower and Upper are the 95% funnel limits at the council's
	// denominator, on the indicator's scale; null for the spread method.
	Lower *float64 `json:"lower_limit"`
	Upper *float64 `json:"upper_limit"`
}

// PeerSummary is what the listed peers' improvements show together.
type PeerSummary struct {
	Peers      int `json:"peers"`
	Neighbours int `json:"statistical_neighbours"`
	// Medians over the peers' latest episodes: the share of the gap to
	// England closed in the first year, the change over the whole episode
	// (indicator units) and how many years it held.
	MedianGapClosed float64 `json:"median_gap_closed"`
	MedianChange    float64 `json:"median_change"`
	MedianPeriods   float64 `json:"median_periods"`
	// Grades counts the peers' latest Ofsted overall effectiveness grades.
	Grades map[string]int `json:"latest_ofsted_grades"`
}

// Brief writes the improvement brief for a council and indicator as of a
// year (0: the latest).
func (m *Matcher) Brief(council, indicator string, year int) (*Brief, error) {
	mt, err := m.Match(council, indicator, year)
	if err != nil {
		return nil, err
	}
	ind := indicators.ByID(mt.Indicator.ID)
	d := m.Detector(ind)
	code := mt.Council.Code
	b := &Brief{Council: mt.Council, Indicator: mt.Indicator, Definition: ind.Definition, Year: mt.Year, Period: mt.Period,
		Trajectory: m.Trajectory(d, code, mt.Year), Judgements: m.JudgementsAsOf(code, mt.Year), Peers: mt.Peers,
		Candidates: mt.Candidates, Criterion: mt.Criterion}
	b.Standing = m.standing(d, code, mt.Year, mt.Position)
	b.Standing.NeighbourModel = mt.NeighbourModel
	b.Framework, _ = FrameworkLink(ind)
	for _, e := range b.Framework.Enablers {
		for _, x := range Enablers {
			if x.Enabler == e {
				b.EnablerMeanings = append(b.EnablerMeanings, string(e)+": "+x.Meaning)
			}
		}
	}
	b.Summary = summarise(mt.Peers)
	b.Evidence = m.evidence(b, ind)
	b.Caveats = caveats(d)
	return b, nil
}

func (m *Matcher) standing(d *Detector, council string, year int, pos Position) Standing {
	s := Standing{Position: pos, Value: pos.Value, Symbol: pos.Symbol}
	if c, ok := m.tab.Cell(d.ind.ID, council, year); ok {
		s.Shared = c.Shared
		if c.HasCounts {
			if lo, hi, ok := d.Limits(year, c.Den); ok {
				lo, hi = sightline.Round(lo, d.ind.Decimals+1), sightline.Round(hi, d.ind.Decimals+1)
				s.Lower, s.Upper = &lo, &hi
			}
		}
	}
	if v, ok := d.value(englandCode, year, false); ok {
		s.England = &v
	}
	if cmp := m.tab.Compare(d.ind.ID, council, year); cmp != nil {
		s.Rank, s.Ranked, s.Band = cmp.Rank, cmp.Ranked, cmp.Band
		if cmp.Region.IsNumber() {
			v := cmp.Region.Num
			s.Region = &v
		}
	}
	if c := m.reg.Council(council); c != nil {
		s.RegionName = c.RegionName
	}
	nb, _ := m.neighboursAsOf(council, year)
	var vals []float64
	seen := map[string]bool{}
	for _, n := range nb {
		if seen[n.Neighbour] {
			continue
		}
		seen[n.Neighbour] = true
		if v, ok := d.value(n.Neighbour, year, false); ok {
			vals = append(vals, v)
		}
	}
	if len(vals) > 0 {
		mean := 0.0
		for _, v := range vals {
			mean += v
		}
		mean = sightline.Round(mean/float64(len(vals)), d.ind.Decimals+1)
		s.NeighbourMean, s.NeighbourCount = &mean, len(vals)
	}
	return s
}

func summarise(ps []Peer) PeerSummary {
	s := PeerSummary{Peers: len(ps), Grades: map[string]int{}}
	var gaps, changes, periods []float64
	for i := range ps {
		p := &ps[i]
		if p.Neighbour {
			s.Neighbours++
		}
		e := p.Latest()
		if g := e.GapClosed(); !math.IsNaN(g) && !math.IsInf(g, 0) {
			gaps = append(gaps, g)
		}
		changes = append(changes, e.Change())
		periods = append(periods, float64(e.Periods))
		if n := len(p.Judgements); n > 0 {
			s.Grades[string(p.Judgements[n-1].Overall)]++
		}
	}
	if len(ps) > 0 {
		s.MedianGapClosed = sightline.Round(median(gaps), 3)
		s.MedianChange = sightline.Round(median(changes), 3)
		s.MedianPeriods = median(periods)
	}
	return s
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// evidence is the brief in sentences a director or a member could read
// aloud.
func (m *Matcher) evidence(b *Brief, ind *indicators.Indicator) []string {
	fv := func(v float64) string { return formatValue(v, ind) }
	var out []string
	st := b.Standing
	name := b.Council.Name
	if st.Value == nil {
		out = append(out, fmt.Sprintf("%s has no published figure for %s in %s.", name, lowerFirst(ind.Title), b.Period))
	} else {
		s := fmt.Sprintf("In %s, %s's figure for %s was %s", b.Period, name, lowerFirst(ind.Title), fv(*st.Value))
		var comps []string
		if st.England != nil {
			comps = append(comps, "England "+fv(*st.England))
		}
		if st.Region != nil {
			comps = append(comps, st.RegionName+" "+fv(*st.Region))
		}
		if st.NeighbourMean != nil {
			comps = append(comps, fmt.Sprintf("the mean of its %d statistical neighbours (%s model) %s", st.NeighbourCount, st.NeighbourModel, fv(*st.NeighbourMean)))
		}
		if len(comps) > 0 {
			s += ", against " + joinAnd(comps)
		}
		s += "."
		if st.Rank > 0 {
			s += fmt.Sprintf(" It ranked %d of %d councils (quartile band %s; %s).", st.Rank, st.Ranked, st.Band, ind.Polarity)
		}
		if st.Shared != "" {
			s += " The figure is shared with the joint service " + st.Shared + "."
		}
		out = append(out, s)
		out = append(out, standingSentence(b, ind))
	}
	switch {
	case b.Candidates == 0:
		out = append(out, fmt.Sprintf("No council in England was in this position and then sustained a significant improvement by %d, by the criterion below. "+
			"There is no peer to learn from on this indicator yet; the neighbours' and England's figures remain the comparison.", b.Year))
	default:
		s := fmt.Sprintf("%d councils in England had been in this position and then improved significantly, holding it for at least two years, by %d. "+
			"The brief lists %d: %d statistical neighbours of %s, then the councils most like it in size, demand and region.",
			b.Candidates, b.Year, b.Summary.Peers, b.Summary.Neighbours, name)
		if b.Candidates == 1 {
			s = strings.Replace(s, "councils in England had", "council in England had", 1)
		}
		out = append(out, s)
	}
	for i := range b.Peers {
		if i == 3 {
			break
		}
		p := &b.Peers[i]
		e := p.Latest()
		who := p.Name
		if p.Neighbour {
			who += fmt.Sprintf(" (statistical neighbour, rank %d)", p.NeighbourRank)
		} else if p.Distance != nil {
			who += fmt.Sprintf(" (%s, context distance %.2f)", p.RegionName, *p.Distance)
		}
		s := fmt.Sprintf("%s was at %s in %d against England's %s; a year later it was at %s, and %s by %d (England %s): it closed %.0f%% of its gap to England in the first year and held the improvement %d years.",
			who, fv(e.Before), e.ConcernYear, fv(e.EnglandBefore), fv(e.AfterOneYear), fv(e.After), e.HeldTo, fv(e.EnglandAfter),
			100*e.GapClosed(), e.Periods)
		if n := len(p.Judgements); n > 0 {
			j := p.Judgements[n-1]
			s += fmt.Sprintf(" Ofsted judged it %s overall (inspected %s).", strings.ToLower(string(j.Overall)), j.InspectionDate.Format("January 2006"))
		}
		out = append(out, s)
	}
	if b.Summary.Peers > 1 {
		out = append(out, fmt.Sprintf("Across the %d peers, the median share of the gap to England closed in the first year was %.0f%%, the median change over the improvement %s, held for a median of %g years.",
			b.Summary.Peers, 100*b.Summary.MedianGapClosed, formatChange(b.Summary.MedianChange, ind), b.Summary.MedianPeriods))
	}
	if b.Framework.Area != "" {
		s := ""
		if b.Framework.Outcome != "" {
			s = fmt.Sprintf("This indicator evidences the national framework outcome for %s: %s. ", strings.ToLower(b.Framework.Area), b.Framework.Outcome)
		} else {
			s = fmt.Sprintf("This indicator measures an enabler (%s) rather than an outcome. ", strings.ToLower(b.Framework.Area))
		}
		var es []string
		for _, e := range b.Framework.Enablers {
			es = append(es, string(e))
		}
		s += fmt.Sprintf("The key enablers of improvement it relates to are %s, because %s.", joinAnd(es), b.Framework.Why)
		out = append(out, s)
	}
	return out
}

func standingSentence(b *Brief, ind *indicators.Indicator) string {
	pos := b.Standing.Position
	method := "the funnel around England's figure, widened for the usual spread between councils"
	if b.Indicator.Method == Spread {
		method = "the spread of councils' figures (no counts are published for a funnel)"
	}
	switch pos.Standing {
	case Worse:
		s := fmt.Sprintf("That is worse than expected, beyond the 95%% limit of %s", method)
		if b.Standing.Lower != nil && b.Standing.Upper != nil {
			s += fmt.Sprintf(" (%s to %s for a council of its size)", formatValue(*b.Standing.Lower, ind), formatValue(*b.Standing.Upper, ind))
		}
		return s + ": the position the peers below were in."
	case Better:
		return fmt.Sprintf("That is better than expected, beyond the 95%% limit of %s. The peers below improved from a position on the other side; they are listed for comparison.", method)
	case Similar:
		return fmt.Sprintf("That is within the 95%% limits of %s: not a concern by this test. The peers below improved from a worse position; they are listed for comparison.", method)
	}
	return "Its position cannot be judged this year."
}

func caveats(d *Detector) []string {
	out := []string{
		"Peers were chosen because they improved: their experience shows what was achieved from the same position, not what will happen. " +
			"`sightline peers --validate` tests how well it forecasts a council's next figure against England's and the neighbours' figures.",
		"Figures are the latest published, which may revise earlier years. Improvement is judged relative to England's change over the same years.",
		"Statistical neighbours are DfE's 2025 model from 2025 and the 2021 groupings before; the context distance uses child population, " +
			"children in need, looked after, referral and child protection rates, region and type of council (no deprivation measure is bundled).",
	}
	if d.Method() == Spread {
		out = append(out, "No counts are published for this indicator, so positions and changes are judged against the spread of councils' figures, not a funnel: an unusual figure, not necessarily beyond chance.")
	}
	return out
}

// Table gives the brief as one table for export.WriteXLSX (or WriteCSV):
// each row is a section (standing, trajectory, peer, ofsted, framework,
// evidence, method) with a council, a year, a value, England's figure and
// a note.
func (b *Brief) Table() *export.Table {
	dp := b.Indicator.Decimals
	t := &export.Table{
		Title:   fmt.Sprintf("Improvement brief: %s, %s, %s", b.Council.Name, b.Indicator.Title, b.Period),
		Source:  "Source: Sightline, from DfE, ONS, OHID and Ofsted published statistics; peers by sustained improvement on the change funnel.",
		Columns: []string{"section", "council_code", "council_name", "year", "value", "england", "detail"},
	}
	num := func(v *float64) export.Cell {
		if v == nil {
			return export.T("")
		}
		return export.V(sightline.Number(*v), dp)
	}
	row := func(section, code, name string, year int, v, e *float64, detail string) {
		y := export.T("")
		if year != 0 {
			y = export.N(year)
		}
		t.Rows = append(t.Rows, []export.Cell{export.T(section), export.T(code), export.T(name), y, num(v), num(e), export.T(detail)})
	}
	st := b.Standing
	detail := fmt.Sprintf("standing: %s", orDash(st.Position.Standing))
	if st.Position.Z != nil {
		detail += fmt.Sprintf("; z %.2f", *st.Position.Z)
	}
	if st.Lower != nil && st.Upper != nil {
		detail += fmt.Sprintf("; 95%% limits %s to %s", strconv.FormatFloat(*st.Lower, 'f', dp+1, 64), strconv.FormatFloat(*st.Upper, 'f', dp+1, 64))
	}
	if st.Rank > 0 {
		detail += fmt.Sprintf("; rank %d of %d; band %s", st.Rank, st.Ranked, st.Band)
	}
	row("standing", b.Council.Code, b.Council.Name, b.Year, st.Value, st.England, detail)
	row("standing", b.Council.RegionCode, st.RegionName, b.Year, st.Region, st.England, "region")
	row("standing", "", "statistical neighbours", b.Year, st.NeighbourMean, st.England, fmt.Sprintf("mean of %d, %s model", st.NeighbourCount, st.NeighbourModel))
	for _, p := range b.Trajectory {
		row("trajectory", b.Council.Code, b.Council.Name, p.Year, p.Value, p.England, orDash(p.Standing))
	}
	for _, j := range b.Judgements {
		row("ofsted", b.Council.Code, b.Council.Name, j.InspectionDate.Year(), nil, nil, judgementText(j))
	}
	for i := range b.Peers {
		p := &b.Peers[i]
		how := "by context distance"
		if p.Neighbour {
			how = fmt.Sprintf("statistical neighbour, rank %d", p.NeighbourRank)
		}
		if p.Distance != nil {
			how += fmt.Sprintf("; distance %.3f", *p.Distance)
		}
		for _, e := range p.Episodes {
			before, after := e.Before, e.After
			row("peer", p.Code, p.Name, e.ConcernYear, &before, &e.EnglandBefore,
				fmt.Sprintf("%s; concern in %d, improved to %s by %d (%d years held, %.0f%% of the gap closed in the first year)",
					how, e.ConcernYear, strconv.FormatFloat(after, 'f', dp, 64), e.HeldTo, e.Periods, 100*e.GapClosed()))
		}
		for _, pt := range p.Trajectory {
			row("peer trajectory", p.Code, p.Name, pt.Year, pt.Value, pt.England, orDash(pt.Standing))
		}
		for _, j := range p.Judgements {
			row("ofsted", p.Code, p.Name, j.InspectionDate.Year(), nil, nil, judgementText(j))
		}
	}
	if b.Framework.Outcome != "" {
		row("framework", "", "", 0, nil, nil, "outcome ("+b.Framework.Area+"): "+b.Framework.Outcome)
	}
	for _, e := range b.EnablerMeanings {
		row("framework", "", "", 0, nil, nil, "enabler: "+e)
	}
	for _, e := range b.Evidence {
		row("evidence", "", "", 0, nil, nil, e)
	}
	row("method", "", "", 0, nil, nil, b.Criterion)
	for _, c := range b.Caveats {
		row("method", "", "", 0, nil, nil, c)
	}
	return t
}

func judgementText(j sightline.Judgement) string {
	return fmt.Sprintf("%s, inspected %s: overall %s; leaders %s; help and protection %s; children in care %s; care leavers %s",
		j.Type, j.InspectionDate.Format("2006-01-02"), j.Overall, j.Leaders, j.HelpAndProtection, j.ChildrenInCare, j.CareLeavers)
}

// formatValue renders a figure in the indicator's unit and precision.
func formatValue(v float64, ind *indicators.Indicator) string {
	s := strconv.FormatFloat(sightline.Round(v, ind.Decimals), 'f', ind.Decimals, 64)
	switch ind.Unit {
	case indicators.Percent:
		return s + "%"
	case indicators.Pounds:
		return "£" + s
	case indicators.Score:
		return s
	}
	return s + " " + string(ind.Unit)
}

// formatChange renders a change: percentage points for percentages.
func formatChange(v float64, ind *indicators.Indicator) string {
	s := strconv.FormatFloat(sightline.Round(v, ind.Decimals), 'f', ind.Decimals, 64)
	if v > 0 {
		s = "+" + s
	}
	switch ind.Unit {
	case indicators.Percent:
		return s + " percentage points"
	case indicators.Score:
		return s + " points"
	}
	return s + " " + string(ind.Unit)
}

func lowerFirst(s string) string {
	if s == "" || len(s) > 1 && strings.ToUpper(s[:2]) == s[:2] {
		return s // an initialism such as "KS"
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
