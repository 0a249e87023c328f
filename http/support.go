package http

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/chart"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/peers"
)

// supportData is the improvement brief page: the brief itself and a chart
// of each peer's trajectory against England's.
type supportData struct {
	*peers.Brief
	Chart  template.HTML
	Peers  []supportPeer
	IndURL string
}

type supportPeer struct {
	peers.Peer
	Latest peers.Episode // the peer's most recent sustained improvement
	Chart  template.HTML
	Grade  sightline.Grade
}

// brief builds a council's improvement brief for an indicator from the
// request's council, indicator and optional year.
func (s *Server) brief(r *http.Request, code, indicator string) (*peers.Brief, error) {
	year := 0
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, errBadYear
		}
		year = n
	}
	return s.State().Peers.Brief(code, indicator, year)
}

type supportError string

func (e supportError) Error() string { return string(e) }

const errBadYear = supportError("year must be a number, such as 2025")

// supportPage is the printable improvement brief: where the council stands
// on an indicator, the peers that were in the same position and then
// improved, and the framework outcome and enablers it relates to.
func (s *Server) supportPage(w http.ResponseWriter, r *http.Request) {
	code, id := r.PathValue("code"), r.PathValue("indicator")
	c := s.Reg.Council(code)
	if c == nil || indicators.ByID(id) == nil {
		s.notFound(w, r)
		return
	}
	if canon := s.Reg.Canonical(code); canon != code {
		http.Redirect(w, r, "/councils/"+canon+"/support/"+id, http.StatusMovedPermanently)
		return
	}
	b, err := s.brief(r, code, id)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if r.URL.Query().Get("format") == "xlsx" {
		s.writeTable(w, r, "improvement-brief-"+code+"-"+id, b.Table(), "xlsx")
		return
	}
	d := supportData{Brief: b, IndURL: "/indicators/" + id + "?council=" + code}
	d.Chart = briefChart(b)
	for _, p := range b.Peers {
		sp := supportPeer{Peer: p, Latest: p.Latest(), Chart: trajectoryChart("peer-"+p.Code+"-"+id, p.Name, p.Trajectory)}
		if n := len(p.Judgements); n > 0 {
			sp.Grade = p.Judgements[n-1].Overall
		}
		d.Peers = append(d.Peers, sp)
	}
	s.render(w, r, http.StatusOK, "support", page{Title: "Improvement brief: " + b.Indicator.Title, Nav: "emerging", Data: d, Councils: s.State().Councils})
}

// briefChart draws the council's trajectory against England's and the
// first few peers', on one set of axes, so the peers' paths read beside
// its own.
func briefChart(b *peers.Brief) template.HTML {
	if len(b.Trajectory) == 0 {
		return ""
	}
	x := make([]string, len(b.Trajectory))
	at := map[int]int{}
	for i, p := range b.Trajectory {
		x[i] = PeriodLabel(p.Period)
		at[p.Year] = i
	}
	series := func(name string, role chart.Role, pts []peers.Point, england bool) chart.Series {
		out := make([]chart.Point, len(x))
		for i := range out {
			out[i] = chart.Point{X: x[i], Note: "no figure"}
		}
		for _, p := range pts {
			i, ok := at[p.Year]
			v := p.Value
			if england {
				v = p.England
			}
			if ok && v != nil {
				out[i] = chart.Point{X: x[i], Y: *v, OK: true}
			}
		}
		return chart.Series{Name: name, Role: role, Points: out}
	}
	ss := []chart.Series{series(b.Council.Name, chart.Primary, b.Trajectory, false), series("England", chart.England, b.Trajectory, true)}
	for i, p := range b.Peers {
		if i == 4 {
			break
		}
		ss = append(ss, series(p.Name, chart.Other, p.Trajectory, false))
	}
	ind := indicators.ByID(b.Indicator.ID)
	return chart.Line(chart.LineOptions{ID: "brief-" + b.Indicator.ID, Title: b.Indicator.Title + ": " + b.Council.Name + ", England and peers that improved",
		Desc: trendDesc(ind, b.Council.Name, x, ss[0].Points), X: x, Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals, Width: 640, Height: 300, Series: ss})
}

// trajectoryChart draws a council's series against England's from a
// brief's points.
func trajectoryChart(id, name string, pts []peers.Point) template.HTML {
	if len(pts) == 0 {
		return ""
	}
	x := make([]string, len(pts))
	own := make([]chart.Point, len(pts))
	eng := make([]chart.Point, len(pts))
	for i, p := range pts {
		x[i] = PeriodLabel(p.Period)
		own[i] = chart.Point{X: x[i], Note: "no figure"}
		if p.Value != nil {
			own[i] = chart.Point{X: x[i], Y: *p.Value, OK: true}
		}
		eng[i] = chart.Point{X: x[i], Note: "no figure"}
		if p.England != nil {
			eng[i] = chart.Point{X: x[i], Y: *p.England, OK: true}
		}
	}
	return chart.Sparkline(id, x, own, eng)
}

// apiSupport gives the improvement brief, with the matched peers, as JSON.
func (s *Server) apiSupport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code, id := q.Get("council"), q.Get("indicator")
	if code == "" || id == "" {
		badRequest(w, "give council (ONS code) and indicator (id)")
		return
	}
	if s.Reg.Council(code) == nil {
		notFoundJSON(w, "no council with code "+code)
		return
	}
	if indicators.ByID(id) == nil {
		notFoundJSON(w, "no indicator "+id)
		return
	}
	b, err := s.brief(r, s.Reg.Canonical(code), id)
	if err == errBadYear {
		badRequest(w, err.Error())
		return
	}
	if err != nil {
		notFoundJSON(w, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, b)
}
