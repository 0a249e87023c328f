package peers

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
)

// Options tune matching. The zero value means the defaults.
type Options struct {
	Criterion Criterion // DefaultCriterion() when P is 0
	MaxPeers  int       // peers listed, statistical neighbours first; 10 when 0
}

// DefaultMaxPeers is how many peers a match lists: enough to see a pattern,
// few enough to read each one's story.
const DefaultMaxPeers = 10

// Matcher matches councils to peers on every judged indicator. It holds the
// indicator table and the Ofsted judgements, and caches each year's context
// space and each indicator's detector; it is safe for concurrent use.
type Matcher struct {
	tab        *indicators.Table
	reg        *geography.Register
	judgements map[string][]sightline.Judgement // by canonical council code, oldest first
	opt        Options

	mu        sync.Mutex
	spaces    map[int]*Space
	detectors map[string]*Detector
}

// NewMatcher prepares matching over a computed indicator table; judgements
// are the store's Ofsted inspections (any order).
func NewMatcher(tab *indicators.Table, reg *geography.Register, judgements []sightline.Judgement, opt Options) *Matcher {
	if opt.Criterion.P == 0 {
		opt.Criterion = DefaultCriterion()
	}
	if opt.MaxPeers <= 0 {
		opt.MaxPeers = DefaultMaxPeers
	}
	m := &Matcher{tab: tab, reg: reg, judgements: map[string][]sightline.Judgement{}, opt: opt,
		spaces: map[int]*Space{}, detectors: map[string]*Detector{}}
	for _, j := range judgements {
		c := reg.Canonical(j.Council)
		m.judgements[c] = append(m.judgements[c], j)
	}
	for _, js := range m.judgements {
		sort.Slice(js, func(a, b int) bool { return js[a].InspectionDate.Before(js[b].InspectionDate) })
	}
	return m
}

// Space returns the context space of a year, built on first use. It is
// built outside the lock, so a slow first build does not hold up other
// years; should two callers race, the first stored wins.
func (m *Matcher) Space(year int) *Space {
	m.mu.Lock()
	s, ok := m.spaces[year]
	m.mu.Unlock()
	if ok {
		return s
	}
	s = NewSpace(m.tab, m.reg, year)
	m.mu.Lock()
	defer m.mu.Unlock()
	if prev, ok := m.spaces[year]; ok {
		return prev
	}
	m.spaces[year] = s
	return s
}

// Detector returns an indicator's detector, built on first use (outside
// the lock, as Space).
func (m *Matcher) Detector(ind *indicators.Indicator) *Detector {
	m.mu.Lock()
	d, ok := m.detectors[ind.ID]
	m.mu.Unlock()
	if ok {
		return d
	}
	d = NewDetector(m.tab, ind, m.opt.Criterion)
	m.mu.Lock()
	defer m.mu.Unlock()
	if prev, ok := m.detectors[ind.ID]; ok {
		return prev
	}
	m.detectors[ind.ID] = d
	return d
}

// Area names a council in a match.
type Area struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
}

// IndicatorRef describes the indicator matched on, enough to label figures.
type IndicatorRef struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Unit     string `json:"unit"`
	Decimals int    `json:"decimals"`
	Polarity string `json:"polarity"`
	Method   Method `json:"method"`
}

// Point is one year of a trajectory, with England's figure and where the
// council stood.
type Point struct {
	Year     int      `json:"year"`
	Period   string   `json:"period"`
	Value    *float64 `json:"value"`
	Symbol   string   `json:"symbol,omitempty"`
	England  *float64 `json:"england"`
	Standing string   `json:"standing"`
}

// Peer is a council that was in the same position on the indicator and then
// improved, with what it went through and how Ofsted judged it.
type Peer struct {
	Area
	// Neighbour marks a statistical neighbour of the matched council;
	// NeighbourRank is its rank in the model (1 closest).
	Neighbour     bool `json:"statistical_neighbour"`
	NeighbourRank int  `json:"neighbour_rank,omitempty"`
	// Distance is the context distance in the match year (see Distance);
	// null where either council lacks the figures to compare.
	Distance   *float64              `json:"context_distance"`
	Episodes   []Episode             `json:"episodes"`
	Trajectory []Point               `json:"trajectory"`
	Judgements []sightline.Judgement `json:"judgements"`
}

// Latest is the peer's most recent sustained improvement.
func (p *Peer) Latest() Episode { return p.Episodes[len(p.Episodes)-1] }

// Match is the answer to "who was where we are, and got out of it?" for one
// council, indicator and year, using only figures published for that year
// and earlier.
type Match struct {
	Council   Area         `json:"council"`
	Indicator IndicatorRef `json:"indicator"`
	Year      int          `json:"year"`
	Period    string       `json:"period"`
	Position  Position     `json:"position"`
	// NeighbourModel is the statistical neighbour model used for the
	// year: "2025" from 2025, the "2021" groupings before.
	NeighbourModel string `json:"neighbour_model"`
	// Candidates counts every council in England with a sustained
	// improvement known by Year; Peers are the first MaxPeers of them,
	// statistical neighbours first, then by context distance.
	Candidates int        `json:"candidates"`
	Peers      []Peer     `json:"peers"`
	Criterion  string     `json:"criterion"`
	Context    []Variable `json:"context_variables"`
}

// neighboursAsOf returns a council's statistical neighbours as a council
// would have had them in year: the 2025 model from 2025, the 2021
// groupings before (the older of the two that Sightline holds); the other
// where the preferred one does not cover the council. Codes are canonical.
func (m *Matcher) neighboursAsOf(council string, year int) ([]sightline.Neighbour, string) {
	order := []string{"2021", "2025"}
	if year >= 2025 {
		order = []string{"2025", "2021"}
	}
	for _, model := range order {
		nb := m.tab.NeighboursIn(council, model)
		if len(nb) == 0 {
			continue
		}
		out := make([]sightline.Neighbour, len(nb))
		copy(out, nb)
		for i := range out {
			out[i].Neighbour = m.reg.Canonical(out[i].Neighbour)
		}
		sort.SliceStable(out, func(a, b int) bool { return out[a].Rank < out[b].Rank })
		return out, model
	}
	return nil, ""
}

// candidate is a council with a sustained improvement known by the year.
type candidate struct {
	council       string
	neighbourRank int // 0 when not a statistical neighbour
	distance      float64
	episodes      []Episode
}

// related lists the councils whose history is the council's own: its
// predecessors and successors in a reorganisation, and the council itself.
func (m *Matcher) related(council string) map[string]bool {
	out := map[string]bool{council: true}
	if c := m.reg.Council(council); c != nil {
		for _, p := range c.Predecessors {
			out[m.reg.Canonical(p)] = true
		}
		for _, s := range c.Successors {
			out[m.reg.Canonical(s)] = true
		}
	}
	return out
}

// rank orders the councils with a sustained improvement on the indicator
// known by year: statistical neighbours by their rank, then the rest by
// context distance, then those that cannot be compared, by code. It
// returns every candidate; callers take the first MaxPeers.
func (m *Matcher) rank(d *Detector, council string, year int) ([]candidate, string) {
	skip := m.related(council)
	nb, model := m.neighboursAsOf(council, year)
	nbRank := map[string]int{}
	for _, n := range nb {
		if _, seen := nbRank[n.Neighbour]; !seen {
			nbRank[n.Neighbour] = n.Rank
		}
	}
	space := m.Space(year)
	var out []candidate
	for _, c := range m.reg.Councils() {
		if skip[c.Code] || m.reg.Canonical(c.Code) != c.Code {
			continue
		}
		eps := d.Episodes(c.Code, year)
		if len(eps) == 0 {
			continue
		}
		out = append(out, candidate{council: c.Code, neighbourRank: nbRank[c.Code], distance: space.Distance(council, c.Code), episodes: eps})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.neighbourRank > 0) != (b.neighbourRank > 0) {
			return a.neighbourRank > 0
		}
		if a.neighbourRank > 0 {
			return a.neighbourRank < b.neighbourRank
		}
		if a.distance != b.distance {
			return a.distance < b.distance
		}
		return a.council < b.council
	})
	return out, model
}

// Match finds the peers for a council on an indicator as of a year (0: the
// indicator's latest). The council need not be a concern that year; its
// Position says whether it is, and the peers are those that improved from
// a concern on the bad side either way.
func (m *Matcher) Match(council, indicator string, year int) (*Match, error) {
	ind := indicators.ByID(indicator)
	if ind == nil {
		return nil, fmt.Errorf("no indicator %q", indicator)
	}
	if !Judged(ind) {
		return nil, fmt.Errorf("indicator %s makes no judgement of better or worse (or is national only), so no council improved on it", ind.ID)
	}
	council = m.reg.Canonical(council)
	co := m.reg.Council(council)
	if co == nil {
		return nil, fmt.Errorf("no council %q", council)
	}
	if year == 0 {
		year = m.tab.Latest(ind.ID)
	}
	if !containsInt(m.tab.Years(ind.ID), year) {
		return nil, fmt.Errorf("indicator %s has no figures for %d (years %v)", ind.ID, year, m.tab.Years(ind.ID))
	}
	d := m.Detector(ind)
	cands, model := m.rank(d, council, year)
	res := &Match{Council: m.area(council), Year: year, Period: indicators.PeriodLabel(m.tab.Period(ind.ID, year)),
		Indicator: IndicatorRef{ID: ind.ID, Title: ind.Title, Unit: string(ind.Unit), Decimals: ind.Decimals, Polarity: string(ind.Polarity), Method: d.Method()},
		Position:  d.Position(council, year), NeighbourModel: model, Candidates: len(cands), Criterion: d.Describe(), Context: Variables,
		Peers: []Peer{}}
	for i, c := range cands {
		if i == m.opt.MaxPeers {
			break
		}
		p := Peer{Area: m.area(c.council), Neighbour: c.neighbourRank > 0, NeighbourRank: c.neighbourRank,
			Episodes: c.episodes, Trajectory: m.Trajectory(d, c.council, year), Judgements: m.JudgementsAsOf(c.council, year)}
		if !math.IsInf(c.distance, 0) {
			dist := sightline.Round(c.distance, 3)
			p.Distance = &dist
		}
		res.Peers = append(res.Peers, p)
	}
	return res, nil
}

// Trajectory is a council's series on the indicator up to year, with
// England's figure and its standing each year.
func (m *Matcher) Trajectory(d *Detector, council string, year int) []Point {
	var out []Point
	for _, y := range m.tab.Years(d.ind.ID) {
		if y > year {
			break
		}
		c, ok := m.tab.Cell(d.ind.ID, council, y)
		if !ok {
			continue
		}
		pos := d.Position(council, y)
		pt := Point{Year: y, Period: indicators.PeriodLabel(m.tab.Period(d.ind.ID, y)), Value: pos.Value, Standing: pos.Standing}
		if !c.Value.IsNumber() {
			pt.Symbol = c.Value.Symbol
		}
		if e, ok := m.tab.Cell(d.ind.ID, englandCode, y); ok && e.Value.IsNumber() {
			v := e.Value.Num
			pt.England = &v
		}
		out = append(out, pt)
	}
	return out
}

// JudgementsAsOf returns a council's Ofsted inspections published by the
// end of the calendar year, oldest first.
func (m *Matcher) JudgementsAsOf(council string, year int) []sightline.Judgement {
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	out := []sightline.Judgement{}
	for _, j := range m.judgements[m.reg.Canonical(council)] {
		if j.PublicationDate.IsZero() && j.InspectionDate.Before(end) || !j.PublicationDate.IsZero() && j.PublicationDate.Before(end) {
			out = append(out, j)
		}
	}
	return out
}

func (m *Matcher) area(code string) Area {
	a := Area{Code: code}
	if c := m.reg.Council(code); c != nil {
		a.Name, a.RegionCode, a.RegionName = c.Name, c.RegionCode, c.RegionName
	}
	return a
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
