package http

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
)

// writeTable sends a table as an EES CSV or an xlsx workbook attachment.
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, name string, t *export.Table, format string) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "xlsx":
		err = export.WriteXLSX(&buf, t)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		format = "csv"
		err = export.WriteCSV(&buf, t)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	if err != nil {
		s.Logger.Error("download", "name", name, "error", err)
		http.Error(w, "could not build the download", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Write(buf.Bytes())
}

func formatParam(r *http.Request) string {
	if strings.EqualFold(r.URL.Query().Get("format"), "xlsx") {
		return "xlsx"
	}
	return "csv"
}

func (s *Server) councilDownload(w http.ResponseWriter, r *http.Request) {
	c := s.Reg.Council(s.Reg.Canonical(r.PathValue("code")))
	if c == nil {
		s.notFound(w, r)
		return
	}
	if r.URL.Query().Get("table") == "own" {
		// The figures from the council's own returns, as its page shows
		// them: through disclosure control, never the counts behind them.
		s.writeTable(w, r, "sightline-"+c.Code+"-own", export.Own(s.Reg, c, s.State().Own[c.Code]), formatParam(r))
		return
	}
	t := export.Comparisons(s.State().Table, s.Reg, export.Selection{Indicators: indicators.Catalogue(), Councils: []string{c.Code}, Context: true})
	s.writeTable(w, r, "sightline-"+c.Code, t, formatParam(r))
}

func (s *Server) indicatorDownload(w http.ResponseWriter, r *http.Request) {
	ind := indicators.ByID(r.PathValue("id"))
	if ind == nil {
		s.notFound(w, r)
		return
	}
	t := export.Comparisons(s.State().Table, s.Reg, export.Selection{Indicators: []*indicators.Indicator{ind}, AllCouncils: true,
		Areas: append([]string{sightline.EnglandCode}, geography.RegionCodes()...)})
	s.writeTable(w, r, "sightline-"+ind.ID, t, formatParam(r))
}

// englandDownload gives England's and the regions' figures for every
// indicator: the table on the England page, and more.
func (s *Server) englandDownload(w http.ResponseWriter, r *http.Request) {
	t := export.Comparisons(s.State().Table, s.Reg, export.Selection{Indicators: indicators.Catalogue(),
		Areas: append([]string{sightline.EnglandCode}, geography.RegionCodes()...)})
	s.writeTable(w, r, "sightline-england", t, formatParam(r))
}

// catalogueDownload gives the indicator catalogue.
func (s *Server) catalogueDownload(w http.ResponseWriter, r *http.Request) {
	s.writeTable(w, r, "sightline-indicators", export.Catalogue(indicators.Catalogue()), formatParam(r))
}

// judgementsDownload gives every council's Ofsted judgements, or one
// council's with ?council=CODE.
func (s *Server) judgementsDownload(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	var js []sightline.Judgement
	name := "sightline-ofsted"
	if code := r.URL.Query().Get("council"); code != "" {
		c := s.Reg.Council(s.Reg.Canonical(code))
		if c == nil {
			s.notFound(w, r)
			return
		}
		js, name = st.Judgements[c.Code], name+"-"+c.Code
	} else {
		for _, c := range st.Councils {
			js = append(js, st.Judgements[c.Code]...)
		}
	}
	s.writeTable(w, r, name, export.Judgements(js, s.Reg), formatParam(r))
}

// datasetDownload gives an imported dataset back in its published shape,
// symbols and all.
func (s *Server) datasetDownload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var d *sightline.Dataset
	for i, x := range s.State().Datasets {
		if x.ID == id && len(x.Measures) > 0 {
			d = &s.State().Datasets[i]
		}
	}
	if d == nil {
		s.notFound(w, r)
		return
	}
	obs, err := s.Store.Observations(r.Context(), sightline.ObservationQuery{Dataset: id})
	if err != nil {
		s.Logger.Error("dataset download", "dataset", id, "error", err)
		http.Error(w, "could not read the dataset", http.StatusInternalServerError)
		return
	}
	t, err := export.Dataset(*d, obs, s.Reg)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeTable(w, r, id, t, formatParam(r))
}

func (s *Server) compareDownload(w http.ResponseWriter, r *http.Request) {
	councils, inds := s.compareSelection(r)
	if len(councils) == 0 || len(inds) == 0 {
		http.Error(w, "choose at least one council and one indicator", http.StatusBadRequest)
		return
	}
	var codes []string
	for _, c := range councils {
		codes = append(codes, c.Code)
	}
	t := export.Comparisons(s.State().Table, s.Reg, export.Selection{Indicators: inds, Councils: codes, Context: true})
	s.writeTable(w, r, "sightline-comparison", t, formatParam(r))
}
