package http

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
	"github.com/sightline-uk/sightline/cin"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/beside"
	"github.com/sightline-uk/sightline/ssda903/measure"
	"github.com/sightline-uk/sightline/store"
)

// keeper is what a store offers when it can keep councils' returns.
type keeper interface {
	KeepReturn903(ctx context.Context, la string, year int, ret *ssda903.Return, key []byte, results ...measure.Result) error
	KeepCIN(ctx context.Context, la string, year int, ret *cin.Return, key []byte, results ...cinmeasure.Result) error
}

// recordsStore is what a store offers when it can show kept records.
type recordsStore interface {
	KeptLAs903(ctx context.Context) ([]string, error)
	KeptLAsCIN(ctx context.Context) ([]string, error)
	KeptReturns(ctx context.Context, la string) ([]store.KeptReturn, error)
	ReturnChildren(ctx context.Context, k store.Kept, la string, year int) ([]string, error)
	ChildCells(ctx context.Context, la, child string) ([]store.Cell, error)
	ReturnCells(ctx context.Context, k store.Kept, la string, year int, fn func(store.Cell) error) error
	LinkedRecords(ctx context.Context, source, record string) ([]store.Linked, error)
}

// canKeep reports whether the visitor may keep a return from the upload
// page: a council analyst, on a Sightline with a key and a store to keep in.
func (s *Server) canKeep(r *http.Request) bool {
	_, ok := s.Store.(keeper)
	u := userFrom(r)
	return ok && s.Key != nil && u.Role == sightline.RoleCouncil && !u.Disabled
}

// keepUpload keeps a checked return for the analyst's own council. The
// council comes from the account, never from the form; a CIN census naming
// another council is refused.
func (s *Server) keepUpload(r *http.Request, year int, ret903 *ssda903.Return, census *cin.Return) (kept, why string) {
	u := userFrom(r)
	k, ok := s.Store.(keeper)
	if !ok || s.Key == nil {
		return "", "This Sightline keeps no returns: it was started without a pseudonymisation key (sightline serve --key-file)."
	}
	c := s.Reg.Council(u.Council)
	if c == nil || c.OldCode == "" {
		return "", "Your account's council has no DfE LA number, so the return cannot be kept under it."
	}
	la := c.OldCode
	var err error
	what := ""
	switch {
	case census != nil:
		if census.LA != la {
			s.audit(r, sightline.AuditEvent{Action: "keep", Object: fmt.Sprintf("CIN census LA %s %d", census.LA, census.Year), Outcome: "denied", Reason: "the census is another council's"})
			return "", fmt.Sprintf("The census is LA %s's, and your account is for %s (LA %s): a council keeps only its own returns.", census.LA, c.Name, la)
		}
		year = census.Year
		what = fmt.Sprintf("CIN census %d LA %s", year, la)
		err = k.KeepCIN(r.Context(), la, year, census, s.Key, cinmeasure.Compute(census, cinmeasure.Options{})...)
	case ret903 != nil:
		what = fmt.Sprintf("SSDA903 return %d LA %s", year, la)
		err = k.KeepReturn903(r.Context(), la, year, ret903, s.Key, measure.Compute(ret903, measure.Options{})...)
	default:
		return "", "There was no return to keep."
	}
	if err != nil {
		s.audit(r, sightline.AuditEvent{Action: "keep", Object: what, Outcome: "failed", Reason: err.Error()})
		s.Logger.Error("keep", "error", err)
		return "", "Sightline could not keep the return; nothing was stored. " + err.Error()
	}
	s.audit(r, sightline.AuditEvent{Action: "keep", Object: what, Outcome: "ok", Reason: "kept from the upload page"})
	if err := s.Reload(context.WithoutCancel(r.Context())); err != nil {
		s.Logger.Error("reload after keep", "error", err)
	}
	return fmt.Sprintf("Kept %s's %s for %d/%02d, pseudonymised. Its figures are on %s's page beside the published ones.", c.Name, kindName(what), year-1, year%100, c.Name), ""
}

func kindName(what string) string {
	if strings.HasPrefix(what, "CIN") {
		return "CIN census"
	}
	return "SSDA903 return"
}

// reasons are the purposes offered before child-level records are shown;
// the one chosen is written to the audit log.
var reasons = []string{
	"Checking the quality of our statutory return",
	"Planning or commissioning services",
	"Answering a question about a child's care",
	"Research or analysis agreed by my organisation",
}

func (s *Server) records() (recordsStore, bool) {
	rs, ok := s.Store.(recordsStore)
	return rs, ok
}

type recordsIndexData struct {
	Councils []*sightline.Council
	Reason   string
	// Years are the years with kept returns in the area, for the pooled
	// download.
	Years []int
}

// recordsIndex lists the councils with kept returns in the user's area.
func (s *Server) recordsIndex(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.records()
	if !ok {
		http.Error(w, "This store keeps no records.", http.StatusNotImplemented)
		return
	}
	u := userFrom(r)
	seen := map[string]bool{}
	var d recordsIndexData
	for _, list := range []func(context.Context) ([]string, error){rs.KeptLAs903, rs.KeptLAsCIN} {
		las, err := list(r.Context())
		if err != nil {
			s.serverError(w, err)
			return
		}
		for _, la := range las {
			c := beside.CouncilForLA(s.Reg, la)
			if c != nil && !seen[c.Code] && access.InScope(u, c.Code, s.regionOf) {
				seen[c.Code] = true
				d.Councils = append(d.Councils, c)
			}
		}
	}
	sort.Slice(d.Councils, func(i, j int) bool { return d.Councils[i].Name < d.Councils[j].Name })
	years := map[int]bool{}
	for _, c := range d.Councils {
		rets, err := rs.KeptReturns(r.Context(), c.OldCode)
		if err != nil {
			s.serverError(w, err)
			return
		}
		for _, kr := range rets {
			years[kr.Year] = true
		}
	}
	for y := range years {
		d.Years = append(d.Years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(d.Years)))
	s.render(w, r, http.StatusOK, "records", page{Title: "Records", Nav: "records", Data: d})
}

type recordsData struct {
	Council  *sightline.Council
	Returns  []store.KeptReturn
	Kind     string
	Year     int
	Children []string
	More     int
	Reason   string
	Query    string // reason=… to carry to the next page
}

const shownRecords = 200

// councilRecords finds the records store and the council of a {code}
// route, answering "not found" itself when there is none.
func (s *Server) councilRecords(w http.ResponseWriter, r *http.Request) (recordsStore, *sightline.Council, string, bool) {
	rs, ok := s.records()
	c, la := s.councilLA(r.PathValue("code"))
	if !ok || c == nil {
		s.notFound(w, r)
		return nil, nil, "", false
	}
	return rs, c, la, true
}

// councilLA is the DfE LA number kept returns are filed under.
func (s *Server) councilLA(code string) (*sightline.Council, string) {
	c := s.Reg.Council(s.Reg.Canonical(code))
	if c == nil {
		return nil, ""
	}
	return c, c.OldCode
}

func keptKind(name string) (store.Kept, bool) {
	for _, k := range store.KeptKinds {
		if k.Name == name {
			return k, true
		}
	}
	return store.Kept{}, false
}

// recordsPage lists a council's kept returns and the children in one.
func (s *Server) recordsPage(w http.ResponseWriter, r *http.Request) {
	rs, c, la, ok := s.councilRecords(w, r)
	if !ok {
		return
	}
	rets, err := rs.KeptReturns(r.Context(), la)
	if err != nil {
		s.serverError(w, err)
		return
	}
	d := recordsData{Council: c, Returns: rets, Reason: reasonOf(r), Query: "reason=" + url.QueryEscape(reasonOf(r))}
	if len(rets) > 0 {
		d.Kind, d.Year = rets[0].Kind, rets[0].Year
		if k := r.URL.Query().Get("kind"); k != "" {
			d.Kind = k
		}
		if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
			d.Year = y
		}
		k, ok := keptKind(d.Kind)
		if !ok {
			http.Error(w, "kind must be 903 or cin", http.StatusBadRequest)
			return
		}
		kids, err := rs.ReturnChildren(r.Context(), k, la, d.Year)
		if err != nil {
			s.serverError(w, err)
			return
		}
		if len(kids) > shownRecords {
			d.More = len(kids) - shownRecords
			kids = kids[:shownRecords]
		}
		d.Children = kids
	}
	s.render(w, r, http.StatusOK, "councilrecords", page{Title: c.Name + ": kept records", Nav: "records", Data: d})
}

// recordsDownload writes one kept return's cells as CSV, streamed.
func (s *Server) recordsDownload(w http.ResponseWriter, r *http.Request) {
	rs, c, la, ok := s.councilRecords(w, r)
	if !ok {
		return
	}
	k, ok := keptKind(r.URL.Query().Get("kind"))
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if !ok || err != nil {
		http.Error(w, "say which return: kind=903 or kind=cin, and year=YYYY", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-%d-pseudonymised.csv"`, c.Code, k.Name, year))
	cw := csv.NewWriter(w)
	cw.Write([]string{"return", "year", "table", "row", "child_pseudonym", "field", "value"})
	err = rs.ReturnCells(r.Context(), k, la, year, func(cell store.Cell) error {
		return cw.Write([]string{cell.Kind, strconv.Itoa(cell.Year), cell.Table, strconv.Itoa(cell.Row), cell.Child, cell.Field, csvSafe(cell.Value)})
	})
	cw.Flush()
	if err != nil {
		s.Logger.Error("records download", "error", err)
	}
}

// pooledDownload writes one year's kept returns of a kind for every
// council in the reader's area as one CSV, each row with its council:
// what a regional or national analyst pools, by pseudonym. A child keeps
// one pseudonym across councils under the same key, so moves between them
// can be followed.
func (s *Server) pooledDownload(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.records()
	k, kindOK := keptKind(r.URL.Query().Get("kind"))
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if !ok || !kindOK || err != nil {
		http.Error(w, "say which returns: kind=903 or kind=cin, and year=YYYY", http.StatusBadRequest)
		return
	}
	u := userFrom(r)
	list := rs.KeptLAs903
	if k.Name == "cin" {
		list = rs.KeptLAsCIN
	}
	las, err := list(r.Context())
	if err != nil {
		s.serverError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pooled-%s-%d-pseudonymised.csv"`, k.Name, year))
	cw := csv.NewWriter(w)
	cw.Write([]string{"la_code", "la_name", "return", "year", "table", "row", "child_pseudonym", "field", "value"})
	for _, la := range las {
		c := beside.CouncilForLA(s.Reg, la)
		if c == nil || !access.InScope(u, c.Code, s.regionOf) {
			continue
		}
		err := rs.ReturnCells(r.Context(), k, la, year, func(cell store.Cell) error {
			return cw.Write([]string{c.Code, c.Name, cell.Kind, strconv.Itoa(cell.Year), cell.Table, strconv.Itoa(cell.Row), cell.Child, cell.Field, csvSafe(cell.Value)})
		})
		if err != nil {
			s.Logger.Error("pooled download", "error", err)
			break
		}
	}
	cw.Flush()
}

// csvSafe stops a spreadsheet reading a value as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "'" + v
		}
	}
	return v
}

type childData struct {
	Council *sightline.Council
	Child   string
	Tables  []childTable
	Linked  []store.Linked
	Query   string
}

// childTable is one table of one return with the child's rows.
type childTable struct {
	Kind    string
	Year    int
	Table   string
	Columns []string
	Rows    [][]string
}

// childPage shows everything kept about one child (by pseudonym) in a
// council's returns, and the partner records the person index links.
func (s *Server) childPage(w http.ResponseWriter, r *http.Request) {
	rs, c, la, ok := s.councilRecords(w, r)
	if !ok {
		return
	}
	child := r.PathValue("child")
	cells, err := rs.ChildCells(r.Context(), la, child)
	if err != nil {
		s.serverError(w, err)
		return
	}
	if len(cells) == 0 {
		s.notFound(w, r)
		return
	}
	linked, err := rs.LinkedRecords(r.Context(), "social_care", child)
	if err != nil {
		s.serverError(w, err)
		return
	}
	s.render(w, r, http.StatusOK, "child", page{Title: "Child " + shortPseudonym(child), Nav: "records",
		Data: childData{Council: c, Child: child, Tables: childTables(cells), Linked: linked, Query: "reason=" + url.QueryEscape(reasonOf(r))}})
}

// childTables lays cells out as the return's tables, one row per row.
func childTables(cells []store.Cell) []childTable {
	var out []childTable
	idx := map[string]int{}
	rowAt := map[string]int{}
	colAt := map[string]map[string]int{}
	for _, c := range cells {
		tk := fmt.Sprintf("%s|%d|%s", c.Kind, c.Year, c.Table)
		ti, ok := idx[tk]
		if !ok {
			ti = len(out)
			idx[tk] = ti
			out = append(out, childTable{Kind: c.Kind, Year: c.Year, Table: c.Table})
			colAt[tk] = map[string]int{}
		}
		t := &out[ti]
		ci, ok := colAt[tk][c.Field]
		if !ok {
			ci = len(t.Columns)
			colAt[tk][c.Field] = ci
			t.Columns = append(t.Columns, c.Field)
			for i := range t.Rows {
				t.Rows[i] = append(t.Rows[i], "")
			}
		}
		rk := fmt.Sprintf("%s|%d", tk, c.Row)
		ri, ok := rowAt[rk]
		if !ok {
			ri = len(t.Rows)
			rowAt[rk] = ri
			t.Rows = append(t.Rows, make([]string, len(t.Columns)))
		}
		t.Rows[ri][ci] = c.Value
	}
	return out
}

func shortPseudonym(p string) string {
	if len(p) > 12 {
		return p[:12] + "…"
	}
	return p
}

type partnerData struct {
	Agency, Council, Record, Reason, Err string
	NoKey                                bool
	Found                                bool
	Fields                               []sharedField
	Shared                               []access.SharedField
}

type sharedField struct{ Label, Value string }

func (s *Server) partnerForm(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	s.render(w, r, http.StatusOK, "partner", page{Title: "Look up a child", Nav: "partner", Data: s.partnerBase(u)})
}

func (s *Server) partnerBase(u sightline.User) partnerData {
	d := partnerData{Agency: u.Agency, NoKey: s.Key == nil, Shared: access.Sharing[u.Agency]}
	if c := s.Reg.Council(u.Council); c != nil {
		d.Council = c.Name
	}
	return d
}

// partnerLookup answers a partner's question about one of their own
// records: is this child known to children's social care in our area, and
// the fields their agency's agreement shares. The record number is
// pseudonymised with the same key as the person index, so no identifier is
// stored or compared in clear.
func (s *Server) partnerLookup(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	d := s.partnerBase(u)
	d.Record = strings.TrimSpace(r.PostFormValue("record"))
	d.Reason = strings.TrimSpace(r.PostFormValue("reason"))
	rs, ok := s.records()
	switch {
	case d.NoKey || !ok:
		d.Err = "Look-ups are not available: this Sightline was started without the pseudonymisation key."
	case d.Record == "":
		d.Err = "Enter your agency's record number for the child."
	case d.Reason == "":
		d.Err = "Say why you need to know: it is written to the audit log."
	}
	if d.Err != "" {
		s.render(w, r, http.StatusBadRequest, "partner", page{Title: "Look up a child", Nav: "partner", Data: d})
		return
	}
	rec := pseudo.Pseudonym(s.Key, d.Record)
	linked, err := rs.LinkedRecords(r.Context(), u.Agency, rec)
	if err != nil {
		s.serverError(w, err)
		return
	}
	c, la := s.councilLA(u.Council)
	var cells []store.Cell
	for _, l := range linked {
		if l.Source != "social_care" || c == nil {
			continue
		}
		got, err := rs.ChildCells(r.Context(), la, l.Record)
		if err != nil {
			s.serverError(w, err)
			return
		}
		cells = append(cells, got...)
	}
	d.Found = len(cells) > 0
	if d.Found {
		for _, f := range access.Shared(u.Agency, cellsOf(cells)) {
			d.Fields = append(d.Fields, sharedField{f.Label, f.Value})
		}
	}
	s.audit(r, sightline.AuditEvent{Action: "partner-lookup", Object: "record " + shortPseudonym(rec), Outcome: map[bool]string{true: "found", false: "not found"}[d.Found], Reason: d.Reason})
	s.render(w, r, http.StatusOK, "partner", page{Title: "Look up a child", Nav: "partner", Data: d})
}

// cellsOf hands kept cells to the sharing rules in the form they read.
func cellsOf(cells []store.Cell) []access.Cell {
	out := make([]access.Cell, len(cells))
	for i, c := range cells {
		out[i] = access.Cell{Kind: c.Kind, Year: c.Year, Table: c.Table, Row: c.Row, Field: c.Field, Value: c.Value}
	}
	return out
}

func (s *Server) serverError(w http.ResponseWriter, err error) {
	s.Logger.Error("request", "error", err)
	http.Error(w, "Internal server error", http.StatusInternalServerError)
}

// validateKeep checks an upload exactly as validateUpload does and, when
// it can be read, keeps it for the analyst's council.
func (s *Server) validateKeep(w http.ResponseWriter, r *http.Request) { s.checkUpload(w, r, true) }
