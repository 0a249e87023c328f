package rules

import "sort"

// Locator turns a hit into what a person can find in their files: the
// source file, its line (or record number), and the child.
type Locator interface {
	Locate(table string, row int) (file string, line int, child string)
	// HasColumn reports whether a table has a field, so a finding lists
	// only the affected fields that are in the faulted row.
	HasColumn(table, field string) bool
}

// Finding is one faulted row, as reports show it.
type Finding struct {
	Rule    string   `json:"rule"`
	Kind    string   `json:"kind"`
	Message string   `json:"message"`
	Table   string   `json:"table"`
	File    string   `json:"file"`
	Row     int      `json:"row"`
	Child   string   `json:"child"`
	Fields  []string `json:"fields"`
	// Index is the row's position in its table, for showing its cells.
	Index int `json:"-"`
}

// RuleCount is one line of a report's summary.
type RuleCount struct {
	Rule    string `json:"rule"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Rows    int    `json:"rows"`
	Records int    `json:"children"`
}

// Report is a validation run's outcome.
type Report struct {
	RuleSet  string
	Rules    int // rules run
	Findings []Finding
	Summary  []RuleCount
	// Broken lists rules that failed to run (a defect in Sightline, not the
	// return), so a report never silently omits them.
	Broken []Result
	// NotChecked lists rules skipped for want of reference data, by rule
	// code, with the data each needs.
	NotChecked []Result
}

// BuildReport locates every hit and summarises by rule.
func BuildReport[D any](s *Set[D], results []Result, loc Locator) *Report {
	rep := &Report{RuleSet: s.Year, Rules: len(results)}
	for _, res := range results {
		if res.Err != nil {
			rep.Broken = append(rep.Broken, res)
			continue
		}
		if res.Skipped != "" {
			rep.NotChecked = append(rep.NotChecked, res)
			continue
		}
		if len(res.Hits) == 0 {
			continue
		}
		r := s.Rule(res.Code)
		children := map[string]bool{}
		for _, h := range res.Hits {
			file, line, child := loc.Locate(h.Table, h.Row)
			f := Finding{Rule: r.Code, Kind: r.Kind, Message: r.Message, Table: h.Table, File: file, Row: line, Child: child, Fields: []string{}, Index: h.Row}
			for _, fl := range r.Fields {
				if loc.HasColumn(h.Table, fl) {
					f.Fields = append(f.Fields, fl)
				}
			}
			children[child] = true
			rep.Findings = append(rep.Findings, f)
		}
		rep.Summary = append(rep.Summary, RuleCount{Rule: r.Code, Kind: r.Kind, Message: r.Message, Rows: len(res.Hits), Records: len(children)})
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.Rule != b.Rule {
			return CodeLess(a.Rule, b.Rule)
		}
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Row < b.Row
	})
	return rep
}

// ByChild groups findings by child, for a council's case workers.
func (r *Report) ByChild() map[string][]Finding {
	out := map[string][]Finding{}
	for _, f := range r.Findings {
		out[f.Child] = append(out[f.Child], f)
	}
	return out
}

// Counts returns the findings that are errors and those that are queries
// (which ask a council to check, and do not fail a return).
func (r *Report) Counts() (errors, queries int) {
	for _, f := range r.Findings {
		if f.Kind == "query" {
			queries++
		} else {
			errors++
		}
	}
	return errors, queries
}

// Merge joins the reports of several returns (a region's or a country's)
// into one: findings in the order of the reports, the summary added up by
// rule, and each rule broken or not checked listed once.
func Merge(reps ...*Report) *Report {
	out := &Report{}
	counts := map[string]*RuleCount{}
	broken, skipped := map[string]bool{}, map[string]bool{}
	for _, r := range reps {
		if r == nil {
			continue
		}
		if out.RuleSet == "" {
			out.RuleSet = r.RuleSet
		}
		out.Rules = max(out.Rules, r.Rules)
		out.Findings = append(out.Findings, r.Findings...)
		for _, s := range r.Summary {
			if c := counts[s.Rule]; c != nil {
				c.Rows += s.Rows
				c.Records += s.Records
				continue
			}
			c := s
			counts[s.Rule] = &c
		}
		for _, b := range r.Broken {
			if !broken[b.Code] {
				broken[b.Code] = true
				out.Broken = append(out.Broken, b)
			}
		}
		for _, n := range r.NotChecked {
			if !skipped[n.Code] {
				skipped[n.Code] = true
				out.NotChecked = append(out.NotChecked, n)
			}
		}
	}
	for _, c := range counts {
		out.Summary = append(out.Summary, *c)
	}
	sort.Slice(out.Summary, func(i, j int) bool { return CodeLess(out.Summary[i].Rule, out.Summary[j].Rule) })
	return out
}
