package http

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/chart"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/warning"
)

// computeWarnings finds every current council's warnings for a new state.
func computeWarnings(st *State) *warning.Set {
	var current []*sightline.Council
	for _, c := range st.Councils {
		if c.Current {
			current = append(current, c)
		}
	}
	return warning.Compute(st.Table, current, warning.Default())
}

// shownRanked is how many councils the emerging challenges page shows with
// their concerns drawn; the rest are listed.
const shownRanked = 25

type emergingRow struct {
	warning.Summary
	Rank     int
	Top      []warningView
	MoreText string
}

type warningView struct {
	warning.Warning
	Chart template.HTML
}

type emergingData struct {
	Rows       []emergingRow
	Regions    [][2]string
	Region     string
	WithAny    int
	Total      int
	Years      string
	Indicators int
}

// emergingPage ranks councils by the weight of their concerns, each with
// what triggered them, in words and a small chart.
func (s *Server) emergingPage(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	region := r.URL.Query().Get("region")
	d := emergingData{Region: region}
	seen := map[string]bool{}
	for _, c := range st.Councils {
		if c.Current && !seen[c.RegionCode] {
			seen[c.RegionCode] = true
			d.Regions = append(d.Regions, [2]string{c.RegionCode, c.RegionName})
		}
	}
	sortPairs(d.Regions)
	rank := 0
	for _, sm := range st.Warnings.Ranked {
		c := s.Reg.Council(sm.Council)
		if region != "" && (c == nil || c.RegionCode != region) {
			continue
		}
		d.Total++
		if sm.Concerns == 0 {
			continue
		}
		d.WithAny++
		rank++
		row := emergingRow{Summary: sm, Rank: rank}
		for _, wn := range sm.Warnings {
			if wn.Verdict != warning.Concern || len(row.Top) == 3 {
				continue
			}
			v := warningView{Warning: wn}
			if rank <= shownRanked && c != nil {
				v.Chart = s.warningChart(st.Table, wn, c)
			}
			row.Top = append(row.Top, v)
		}
		if n := sm.Concerns - len(row.Top); n > 0 {
			row.MoreText = plural(n, "more concern", "more concerns")
		}
		d.Rows = append(d.Rows, row)
	}
	d.Indicators = len(st.Warnings.Years)
	s.render(w, r, http.StatusOK, "emerging", page{Title: "Emerging challenges", Nav: "emerging", Data: d, Councils: st.Councils})
}

// warningChart is a small chart of the council's series against England's
// for the indicator a warning is about.
func (s *Server) warningChart(tab *indicators.Table, wn warning.Warning, c *sightline.Council) template.HTML {
	ind := indicators.ByID(wn.Indicator)
	if ind == nil {
		return ""
	}
	var x []string
	var own, eng []chart.Point
	for _, y := range tab.Years(ind.ID) {
		if y > wn.Year {
			continue
		}
		lbl := PeriodLabel(tab.Period(ind.ID, y))
		x = append(x, lbl)
		own = append(own, point(tab, ind.ID, c.Code, y))
		eng = append(eng, point(tab, ind.ID, sightline.EnglandCode, y))
	}
	return chart.Sparkline("w-"+c.Code+"-"+ind.ID+"-"+string(wn.Kind), x, own, eng)
}

// councilWarnings are the warnings a council page shows: its concerns and
// strengths (notes are on the emerging challenges page's API only).
func councilWarnings(set *warning.Set, code string) (concerns, strengths []warning.Warning, rank, of int) {
	for _, wn := range set.ByCouncil[code] {
		switch wn.Verdict {
		case warning.Concern:
			concerns = append(concerns, wn)
		case warning.Strength:
			strengths = append(strengths, wn)
		}
	}
	of = len(set.Ranked)
	for i, sm := range set.Ranked {
		if sm.Council == code {
			if sm.Concerns > 0 {
				rank = i + 1
			}
			break
		}
	}
	return concerns, strengths, rank, of
}

// apiWarnings lists warnings, filtered by council, verdict, kind and
// indicator area.
func (s *Server) apiWarnings(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	q := r.URL.Query()
	code := q.Get("council")
	var codes []string
	if code != "" {
		if s.Reg.Council(code) == nil {
			notFoundJSON(w, "no council with code "+code)
			return
		}
		codes = []string{s.Reg.Canonical(code)}
	} else {
		for _, sm := range st.Warnings.Ranked {
			codes = append(codes, sm.Council)
		}
	}
	verdict, kind, area := q.Get("verdict"), q.Get("kind"), strings.ToLower(q.Get("area"))
	switch warning.Verdict(verdict) {
	case "", warning.Concern, warning.Strength, warning.Note:
	default:
		badRequest(w, "verdict must be concern, strength or note")
		return
	}
	switch warning.Kind(kind) {
	case "", warning.Level, warning.Change, warning.Trend:
	default:
		badRequest(w, "kind must be level, change or trend")
		return
	}
	out := []warning.Warning{}
	for _, c := range codes {
		for _, wn := range st.Warnings.ByCouncil[c] {
			if verdict != "" && string(wn.Verdict) != verdict || kind != "" && string(wn.Kind) != kind || area != "" && strings.ToLower(wn.Area) != area {
				continue
			}
			out = append(out, wn)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"warnings": out})
}

// apiEmerging ranks councils by the weight of their concerns.
func (s *Server) apiEmerging(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	out := make([]warning.Summary, 0, len(st.Warnings.Ranked))
	for _, sm := range st.Warnings.Ranked {
		sm.Warnings = nil // the warnings themselves are at /api/v1/warnings
		out = append(out, sm)
	}
	writeJSON(w, http.StatusOK, map[string]any{"councils": out, "weights": weightsDoc})
}

// weightsDoc says how a council's score is made, for the API's readers.
const weightsDoc = "A council's score adds up its concerns: a latest figure beyond England's 99.8% funnel limit counts 3, beyond 95% counts 1; a change from the year before beyond the 99.8% limit for changes counts 2, beyond 95% counts 1; a shift in the council's own series counts 1. Funnels allow for the usual spread between councils (DerSimonian–Laird τ², 10% winsorised). Strengths and notes count nothing."

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return chart.Format(float64(n), 0, "") + " " + many
}

func sortPairs(ps [][2]string) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j][1] < ps[j-1][1]; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
