package http

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/sightline-uk/sightline/export"
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
	t := export.Comparisons(s.State().Table, s.Reg, indicators.Catalogue(), []string{c.Code}, nil, true)
	s.writeTable(w, r, "sightline-"+c.Code, t, formatParam(r))
}

func (s *Server) indicatorDownload(w http.ResponseWriter, r *http.Request) {
	ind := indicators.ByID(r.PathValue("id"))
	if ind == nil {
		s.notFound(w, r)
		return
	}
	// Name the councils: export.Comparisons' "every council" includes old
	// codes, which would repeat their successors' series.
	var codes []string
	for _, c := range s.State().Councils {
		codes = append(codes, c.Code)
	}
	t := export.Comparisons(s.State().Table, s.Reg, []*indicators.Indicator{ind}, codes, nil, true)
	s.writeTable(w, r, "sightline-"+ind.ID, t, formatParam(r))
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
	t := export.Comparisons(s.State().Table, s.Reg, inds, codes, nil, true)
	s.writeTable(w, r, "sightline-comparison", t, formatParam(r))
}
