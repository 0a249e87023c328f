package http

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/check"
	cinrules "github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulesets"
)

// maxUpload bounds a return's files: a large council's 903 is a few MB.
const maxUpload = 64 << 20

// Rows shown per rule and children shown on the page; the downloads carry
// every finding.
const (
	shownPerRule     = 25
	shownChildren    = 100
	maxCellsPerTable = 13
)

type validateData struct {
	Year  int
	Years []int
	Err   string
	Kind  string // "SSDA903 return" or "CIN census"
	// Errors and Queries count findings; queries ask the council to check.
	Errors, Queries int
	Note            string // when the year's own rules are not available
	// NotChecked lists rules skipped for want of reference data.
	NotChecked []notChecked
	// Kept says what was stored when the analyst asked to keep the
	// return; KeepErr why it was not.
	Kept, KeepErr string
	// CanKeep offers the keep button: a council analyst on a Sightline
	// with a pseudonymisation key.
	CanKeep  bool
	Report   *rules.Report
	Children int
	Rules    []ruleView
	Kids     []childView
	MoreKids int
	Files    []string
}

type notChecked struct{ Rule, Message, Needs string }

type ruleView struct {
	rules.RuleCount
	Tables []findingTable
	More   int
}

type childView struct {
	Child  string
	Tables []findingTable
}

// findingTable shows faulted rows of one table of the return, with the
// cells each rule concerns marked.
type findingTable struct {
	Table   string
	Columns []string
	Rows    []rowView
}

type rowView struct {
	Rule  string
	File  string
	Line  int
	Cells []cellView
}

type cellView struct {
	Col, Value string
	Marked     bool
}

func (s *Server) validateForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "validate", page{Title: "Check a return", Nav: "validate", Data: validateData{Year: 2025, Years: validateYears(), CanKeep: s.canKeep(r)}})
}

func validateYears() []int { return []int{2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018} }

// validateUpload checks uploaded files in memory and answers with the
// report; nothing is written to disk or to the store.
func (s *Server) validateUpload(w http.ResponseWriter, r *http.Request) { s.checkUpload(w, r, false) }

// checkUpload checks an upload and, when keep is set and it can be read,
// keeps it for the analyst's council.
func (s *Server) checkUpload(w http.ResponseWriter, r *http.Request, keep bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	d := validateData{Year: 2025, Years: validateYears(), CanKeep: s.canKeep(r)}
	fail := func(status int, msg string) {
		d.Err = msg
		s.render(w, r, status, "validate", page{Title: "Check a return", Nav: "validate", Data: d})
	}
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(http.StatusRequestEntityTooLarge, "The files are larger than 64 MB.")
			return
		}
		fail(http.StatusBadRequest, "Choose the return's files to check.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y >= 2000 && y <= 2100 {
		d.Year = y
	}
	files, err := uploaded(r, "files")
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	for _, f := range files {
		d.Files = append(d.Files, f.Name)
	}
	if len(files) == 0 {
		fail(http.StatusBadRequest, "Choose the return's files to check: the CSV tables or the XML file.")
		return
	}
	// A CIN census is one XML file whose root is Message; anything else is
	// read as an SSDA903 return.
	var (
		rep     *rules.Report
		lookup  func(string) *returns.Table
		ruleMsg func(string) string
		name    = "ssda903-validation"
		census  *cin.Return
		ret903  *ssda903.Return
	)
	if len(files) == 1 && cin.IsCensus(files[0].Data) {
		res, ret := check.Return(files[0].Name, files[0].Data)
		census = ret
		if err = res.Err; err == nil {
			rep = res.Report
			if len(res.Notes) > 0 {
				d.Note = strings.Join(res.Notes, " ")
			}
			set := cinrules.Set()
			lookup = func(t string) *returns.Table { return ret.Tables[t] }
			ruleMsg = func(c string) string { return message(set.Rule(c)) }
			d.Kind, d.Year, d.Children, name = "CIN census", res.Year, res.Children, "cin-validation"
		}
	} else {
		var ret *ssda903.Return
		if ret, err = read903Upload(r, d.Year, files); err == nil {
			ret903 = ret
			set, note := rulesets.ForYear(d.Year)
			d.Note = note
			rep = rules.BuildReport(set, rules.Run(set, ret), ret)
			lookup = func(t string) *returns.Table {
				if base, ok := strings.CutSuffix(t, "_last"); ok {
					return ret.Last[base]
				}
				if ret.Earlier != nil && t == ret.Earlier.Name {
					return ret.Earlier
				}
				return ret.Tables[t]
			}
			ruleMsg = func(c string) string { return message(set.Rule(c)) }
			d.Kind, d.Children = "SSDA903 return", ret.T(ssda903.Header).Len()
		}
	}
	if err != nil {
		var ie *sightline.InputError
		if errors.As(err, &ie) {
			fail(http.StatusUnprocessableEntity, ie.Error())
			return
		}
		fail(http.StatusBadRequest, err.Error())
		return
	}
	// Child-level findings are the uploader's own data: never cache them.
	w.Header().Set("Cache-Control", "no-store")
	switch r.FormValue("format") {
	case "csv", "xlsx":
		s.writeTable(w, r, name, export.Findings(rep), r.FormValue("format"))
		return
	}
	d.Report = rep
	d.Errors, d.Queries = rep.Counts()
	if keep {
		d.Kept, d.KeepErr = s.keepUpload(r, d.Year, ret903, census)
	}
	for _, nc := range rep.NotChecked {
		d.NotChecked = append(d.NotChecked, notChecked{nc.Code, ruleMsg(nc.Code), needText[nc.Skipped]})
	}
	s.buildViews(&d, rep, lookup)
	s.render(w, r, http.StatusOK, "validate", page{Title: d.Kind + " checked", Nav: "validate", Data: d})
}

// uploaded reads the files of one file input in memory.
func uploaded(r *http.Request, field string) ([]ssda903.File, error) {
	var files []ssda903.File
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // an input left empty
		}
		f, err := fh.Open()
		if err != nil {
			return nil, errors.New("Could not read " + fh.Filename + ".")
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, errors.New("Could not read " + fh.Filename + ".")
		}
		files = append(files, ssda903.File{Name: fh.Filename, Data: data})
	}
	return files, nil
}

// read903Upload reads an uploaded SSDA903 return with, when given, last
// year's return and earlier years' episodes tables.
func read903Upload(r *http.Request, year int, files []ssda903.File) (*ssda903.Return, error) {
	ret, err := ssda903.ReadFiles(year, "", files)
	if err != nil {
		return nil, err
	}
	prev, err := uploaded(r, "previous")
	if err != nil {
		return nil, err
	}
	earlier, err := uploaded(r, "earlier")
	if err != nil {
		return nil, err
	}
	if len(prev) > 0 {
		last, err := ssda903.ReadFiles(year-1, "", prev)
		if err != nil {
			return nil, err
		}
		ret.SetPrevious(last)
	}
	return ret, ret.AddEarlier(earlier)
}

func message[D any](r *rules.Rule[D]) string {
	if r == nil {
		return ""
	}
	return r.Message
}

// needText says what reference data a skipped rule needed.
var needText = map[string]string{
	ssda903.NeedPostcodes: "the ONS Postcode Directory",
	ssda903.NeedProviders: "Ofsted's register of children's social care providers",
}

func (s *Server) buildViews(d *validateData, rep *rules.Report, lookup func(string) *returns.Table) {
	byRule := map[string][]rules.Finding{}
	for _, f := range rep.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	for _, sum := range rep.Summary {
		rv := ruleView{RuleCount: sum}
		fs := byRule[sum.Rule]
		if len(fs) > shownPerRule {
			rv.More, fs = len(fs)-shownPerRule, fs[:shownPerRule]
		}
		rv.Tables = groupByTable(fs, lookup)
		d.Rules = append(d.Rules, rv)
	}
	kids := rep.ByChild()
	ids := make([]string, 0, len(kids))
	for id := range kids {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(kids[ids[i]]) != len(kids[ids[j]]) {
			return len(kids[ids[i]]) > len(kids[ids[j]])
		}
		return ids[i] < ids[j]
	})
	if len(ids) > shownChildren {
		d.MoreKids = len(ids) - shownChildren
		ids = ids[:shownChildren]
	}
	for _, id := range ids {
		d.Kids = append(d.Kids, childView{Child: id, Tables: groupByTable(kids[id], lookup)})
	}
}

// groupByTable lays findings out as one table per return table, in the
// order the tables first appear.
func groupByTable(fs []rules.Finding, lookup func(string) *returns.Table) []findingTable {
	var out []findingTable
	at := map[string]int{}
	for _, f := range fs {
		t := lookup(f.Table)
		i, ok := at[f.Table]
		if !ok {
			ft := findingTable{Table: f.Table}
			if t != nil {
				ft.Columns = t.Columns[:min(len(t.Columns), maxCellsPerTable)]
			}
			i = len(out)
			at[f.Table] = i
			out = append(out, ft)
		}
		marked := map[string]bool{}
		for _, fl := range f.Fields {
			marked[fl] = true
		}
		rv := rowView{Rule: f.Rule, File: f.File, Line: f.Row}
		for _, c := range out[i].Columns {
			rv.Cells = append(rv.Cells, cellView{Col: c, Value: t.Str(f.Index, c), Marked: marked[c]})
		}
		out[i].Rows = append(out[i].Rows, rv)
	}
	return out
}
