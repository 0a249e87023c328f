package cinsynth

import (
	"strconv"

	"github.com/sightline-uk/sightline/cin"
)

// built is the census flattened into the return's tables, with each row's
// child (for writing the XML) and the first row of each record (for placing
// planted errors).
type built struct {
	ret   *cin.Return
	owner map[string][]int
	rows  map[string]map[any]int
}

// build flattens the children into tables in the order cin.Read reads the
// XML that Council.XML writes, so the two agree row for row.
func (g *gen) build() built {
	b := built{
		ret:   &cin.Return{Year: g.year, LA: g.v.LA, File: g.v.LA + "_" + g.v.Slug() + ".xml", Tables: map[string]*cin.Table{}},
		owner: map[string][]int{},
		rows:  map[string]map[any]int{},
	}
	for _, name := range cin.TableNames {
		b.ret.Tables[name] = &cin.Table{Name: name, File: b.ret.File, Columns: cin.Columns[name], Key: "LAchildID", Layouts: cin.Layouts}
		b.rows[name] = map[any]int{}
	}
	add := func(name string, ci int, key any, vals ...string) int {
		t := b.ret.Tables[name]
		t.Rows = append(t.Rows, vals)
		t.Lines = append(t.Lines, ci+1)
		b.owner[name] = append(b.owner[name], ci)
		n := len(t.Rows) - 1
		if key != nil {
			if _, seen := b.rows[name][key]; !seen {
				b.rows[name][key] = n
			}
		}
		return n
	}
	h := make([]string, len(cin.Columns[cin.Header]))
	for i, col := range cin.Columns[cin.Header] {
		h[i] = g.header[col]
	}
	b.ret.Tables[cin.Header].Rows = [][]string{h}
	b.ret.Tables[cin.Header].Lines = []int{1}
	b.owner[cin.Header] = []int{-1}
	for ci, c := range g.kids {
		add(cin.ChildIdentifiers, ci, c, c.id, c.upn, c.formerUPN, c.upnUnknown, iso(c.dob), iso(c.edb), c.sex, iso(c.dod))
		add(cin.ChildCharacteristics, ci, c, c.id, c.ethnicity)
		for _, d := range c.disabilities {
			add(cin.Disabilities, ci, c, c.id, d)
		}
		for ei, e := range c.episodes {
			id := strconv.Itoa(ei + 1)
			add(cin.CINdetails, ci, e, c.id, id, iso(e.referral), e.source, e.need, iso(e.closure), e.reason, iso(e.icpc), e.nfa)
			for _, a := range e.assessments {
				fs := a.factors
				if len(fs) == 0 {
					fs = []string{""}
				}
				for _, f := range fs {
					add(cin.Assessments, ci, a, c.id, id, iso(a.start), iso(a.review), iso(a.auth), f)
				}
			}
			for _, p := range e.plans {
				add(cin.CINplanDates, ci, p, c.id, id, iso(p.start), iso(p.end))
			}
			for _, s := range e.s47s {
				add(cin.Section47, ci, s, c.id, id, iso(s.start), iso(s.target), iso(s.icpc), s.notRequired)
			}
			for pi, p := range e.cpps {
				cid := strconv.Itoa(pi + 1)
				add(cin.ChildProtectionPlans, ci, p, c.id, id, cid, iso(p.start), iso(p.end), p.initial, p.latest, p.previous)
				for _, rv := range p.reviews {
					add(cin.Reviews, ci, p, c.id, id, cid, iso(rv))
				}
			}
		}
	}
	return b
}

// stats counts what the census holds.
func (g *gen) stats() Stats {
	var s Stats
	s.Children = len(g.kids)
	for _, c := range g.kids {
		if c.unborn {
			s.Unborn++
		}
		for _, d := range c.disabilities {
			if d != "NONE" {
				s.Disabled++
				break
			}
		}
		for i, e := range c.episodes {
			s.Episodes++
			if !e.referral.IsZero() && !e.referral.Before(g.cs) {
				s.Referrals++
				if i > 0 {
					s.Rereferrals++
				}
			}
			if e.nfa == "1" {
				s.NFA++
			}
			if e.reason == "RC8" || e.reason == "RC9" {
				s.NotInNeed++
			}
			if e.open() && e.nfa == "0" {
				s.InNeedAt31++
			}
			s.Assessments += len(e.assessments)
			for _, a := range e.assessments {
				s.FactorRecords += max(len(a.factors), 1)
			}
			s.Section47 += len(e.s47s)
			for _, sv := range e.s47s {
				if !sv.icpc.IsZero() && !sv.icpc.Before(g.cs) && !sv.icpc.After(g.ce) {
					s.ICPCs++
				}
			}
			s.CINPlans += len(e.plans)
			s.CPPs += len(e.cpps)
			for _, p := range e.cpps {
				if !p.start.Before(g.cs) && !p.start.After(g.ce) {
					s.CPPStarts++
				}
				if p.end.IsZero() || p.end.After(g.ce) {
					s.CPPAt31++
				}
				s.Reviews += len(p.reviews)
			}
		}
	}
	return s
}
