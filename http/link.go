package http

import (
	"bytes"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/inputs"
	linkrun "github.com/sightline-uk/sightline/linkage/run"
)

// shownExplanations is how many links near the threshold the page
// explains, the ones a reviewer most needs to check.
const shownExplanations = 10

type linkData struct {
	Err        string
	IDColumn   string
	Threshold  string
	Files      []string
	Done       bool
	Records    int
	Candidates int64
	Links      int
	Clusters   int
	Took       string
	Inferred   string
	Warnings   []string
	Parameters []linkage.ComparisonParameters
	Explained  []explainedPair
}

type explainedPair struct {
	linkage.Explanation
	Rows []waterfallRow
}

type waterfallRow struct {
	linkage.Step
	Running float64
}

// linkPage shows the form for linking partner records.
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "link", page{Title: "Link records", Nav: "link", Data: linkData{}})
}

// linkUpload links uploaded records in memory, nothing kept, and shows the
// model it trained and the links nearest the threshold explained step by
// step; the pairs, clusters and model can be downloaded.
func (s *Server) linkUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	d := linkData{}
	fail := func(status int, msg string) {
		d.Err = msg
		s.render(w, r, status, "link", page{Title: "Link records", Nav: "link", Data: d})
	}
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		fail(http.StatusBadRequest, "Choose the files of records to link (CSV), up to 64 MB in all.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	res, err := s.runLink(r, &d)
	if err != nil {
		status := http.StatusBadRequest
		var ie *sightline.InputError
		if errors.As(err, &ie) {
			status = http.StatusUnprocessableEntity
		}
		fail(status, err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	l := res.Linker
	switch r.FormValue("format") {
	case "clusters":
		var buf bytes.Buffer
		l.WriteClusters(&buf, res.Clusters)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="clusters.csv"`)
		w.Write(buf.Bytes())
		return
	case "model":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="model.json"`)
		l.Settings().Save(w)
		return
	}
	d.Done, d.Records, d.Candidates, d.Links, d.Took = true, l.Table().Len(), res.Stats.Candidates, len(res.Pairs), res.Stats.Duration.Round(time.Millisecond).String()
	seen := map[int32]bool{}
	for _, c := range res.Clusters {
		seen[c] = true
	}
	d.Clusters, d.Warnings, d.Parameters = len(seen), res.Warnings, l.Settings().Parameters()
	if res.Inferred {
		d.Inferred = res.AutoReport.String()
	}
	// The links closest to the threshold, weakest first.
	pairs := append([]linkage.Pair(nil), res.Pairs...)
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].Weight < pairs[j].Weight })
	for _, p := range pairs[:min(len(pairs), shownExplanations)] {
		e, err := l.Explain(int(p.A), int(p.B))
		if err != nil {
			continue
		}
		ep := explainedPair{Explanation: e}
		run := e.PriorWeight
		for _, st := range e.Steps {
			run += st.Log2BayesFactor
			ep.Rows = append(ep.Rows, waterfallRow{Step: st, Running: run})
		}
		d.Explained = append(d.Explained, ep)
	}
	s.render(w, r, http.StatusOK, "link", page{Title: "Records linked", Nav: "link", Data: d})
}

// runLink reads the form and links.
func (s *Server) runLink(r *http.Request, d *linkData) (*linkrun.Result, error) {
	d.IDColumn, d.Threshold = strings.TrimSpace(r.FormValue("id")), strings.TrimSpace(r.FormValue("threshold"))
	files, err := uploaded(r, "files")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("Choose the files of records to link: one to find duplicates within it, two or more to link across them.")
	}
	if d.IDColumn == "" {
		return nil, errors.New("Give the column that identifies a record in its file.")
	}
	var ins []*inputs.Input
	for _, f := range files {
		d.Files = append(d.Files, f.Name)
		in, err := inputs.ReadCSV(bytes.NewReader(f.Data), f.Name)
		if err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	o := linkrun.Options{IDColumn: d.IDColumn, Threshold: -1}
	if d.Threshold != "" {
		p, err := strconv.ParseFloat(d.Threshold, 64)
		if err != nil || p < 0 || p > 1 {
			return nil, errors.New("The threshold is a probability from 0 to 1, such as 0.9.")
		}
		o.Threshold = p
	}
	if m, err := single(r, "model"); err != nil {
		return nil, err
	} else if m != nil {
		if o.Settings, err = linkage.LoadSettings(bytes.NewReader(m.Data)); err != nil {
			return nil, &sightline.InputError{File: m.Name, Msg: err.Error()}
		}
	}
	return linkrun.Link(r.Context(), ins, o)
}
