package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// planter breaks one row of a return so that it fails one rule, and says
// which row; ok is false when the return has no row it can break.
type planter struct {
	also []string
	fn   func(p *plantCtx) (table string, row int, ok bool)
}

var planters = map[string]*planter{}

// PlantableCodes lists the rules the generator can plant errors for.
func PlantableCodes() []string { return synthkit.Codes(planters) }

// PlantAlso lists the rules that planting an error for code breaks too,
// because the change cannot break the one without the others.
func PlantAlso(code string) []string {
	if p := planters[code]; p != nil {
		return p.also
	}
	return nil
}

type plantCtx struct {
	ret  *ssda903.Return
	r    *rand.Rand
	used map[string]bool // children already given an error
	// index of each table's rows by child, built on first use (planting
	// changes values, not which child a row belongs to, but for INT09's
	// UASC row, which no other planter reads).
	index map[string]map[string][]int
}

func plant(ret *ssda903.Return, want map[string]int, r *rand.Rand) ([]Planted, error) {
	codes := make([]string, 0, len(want))
	for c := range want {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return rules.CodeLess(codes[i], codes[j]) })
	p := &plantCtx{ret: ret, r: r, used: map[string]bool{}, index: map[string]map[string][]int{}}
	var out []Planted
	for _, code := range codes {
		pl := planters[code]
		for range want[code] {
			table, row, ok := pl.fn(p)
			if !ok {
				return out, fmt.Errorf("no row left to plant an error for rule %s", code)
			}
			t := ret.Tables[table]
			child := t.Str(row, "CHILD")
			p.used[child] = true
			out = append(out, Planted{Code: code, Table: table, Row: row, Child: child, Also: pl.also})
		}
	}
	return out, nil
}

// Helpers over the return as generated (rows only; no cached views).

func (p *plantCtx) t(name string) *ssda903.Table { return p.ret.Tables[name] }

func col(t *ssda903.Table, name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	panic("synth: no column " + name + " in " + t.Name)
}

func get(t *ssda903.Table, row int, c string) string { return t.Rows[row][col(t, c)] }

func set(t *ssda903.Table, row int, c, v string) { t.Rows[row][col(t, c)] = v }

func date(t *ssda903.Table, row int, c string) time.Time {
	return ssda903.ParseDate(get(t, row, c)).Time
}

// pick chooses a random row of a table, of a child not yet given an error,
// for which ok holds.
func (p *plantCtx) pick(table string, ok func(t *ssda903.Table, i int) bool) (string, int, bool) {
	t := p.t(table)
	var cands []int
	for i := range t.Rows {
		if !p.used[t.Rows[i][0]] && ok(t, i) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return table, -1, false
	}
	return table, cands[p.r.IntN(len(cands))], true
}

// rowsOf are a child's rows in a table, episodes in order of start.
func (p *plantCtx) rowsOf(table, child string) []int {
	idx := p.index[table]
	if idx == nil {
		t := p.t(table)
		idx = map[string][]int{}
		for i := range t.Rows {
			idx[t.Rows[i][0]] = append(idx[t.Rows[i][0]], i)
		}
		if table == ssda903.Episodes {
			for _, rows := range idx {
				sort.SliceStable(rows, func(a, b int) bool { return date(t, rows[a], "DECOM").Before(date(t, rows[b], "DECOM")) })
			}
		}
		p.index[table] = idx
	}
	return idx[child]
}

func (p *plantCtx) has(table, child string) bool { return len(p.rowsOf(table, child)) > 0 }

func (p *plantCtx) inLast(child string) bool {
	if p.index["last"] == nil {
		t := p.ret.Last[ssda903.Header]
		m := map[string][]int{}
		for i := range t.Rows {
			m[t.Rows[i][0]] = []int{i}
		}
		p.index["last"] = m
	}
	return len(p.index["last"][child]) > 0
}

func (p *plantCtx) dob(child string) time.Time {
	for _, i := range p.rowsOf(ssda903.Header, child) {
		return date(p.t(ssda903.Header), i, "DOB")
	}
	return time.Time{}
}

// epInfo describes an episode and its neighbours for planters.
type epInfo struct {
	t                *ssda903.Table
	row, prev, next  int // -1 when none
	first, last      bool
	child            string
	decom, dec       time.Time
	rne, ls, place   string
	started, ceased  bool // the child started (RNE S) / ceased care this year
	respite, special bool // short breaks; adoption, missing, mother or UASC data
	cs               time.Time
}

func (p *plantCtx) episode(i int) epInfo {
	e := p.t(ssda903.Episodes)
	c := e.Rows[i][0]
	rows := p.rowsOf(ssda903.Episodes, c)
	k := 0
	for j, r := range rows {
		if r == i {
			k = j
		}
	}
	in := epInfo{t: e, row: i, prev: -1, next: -1, first: k == 0, last: k == len(rows)-1, child: c,
		decom: date(e, i, "DECOM"), dec: date(e, i, "DEC"), rne: get(e, i, "RNE"), ls: get(e, i, "LS"), place: get(e, i, "PLACE")}
	if k > 0 {
		in.prev = rows[k-1]
	}
	if k+1 < len(rows) {
		in.next = rows[k+1]
	}
	f, l := rows[0], rows[len(rows)-1]
	cs := p.ret.CollectionStart()
	in.cs = cs
	in.started = get(e, f, "RNE") == "S" && date(e, f, "DECOM").After(cs)
	rec := get(e, l, "REC")
	in.ceased = rec != "" && rec != "X1"
	in.respite = in.ls == "V3" || in.ls == "V4"
	h := p.t(ssda903.Header)
	mother := false
	for _, j := range p.rowsOf(ssda903.Header, c) {
		if get(h, j, "MOTHER") == "1" {
			mother = true
		}
	}
	in.special = mother || p.has(ssda903.PlacedAdoption, c) || p.has(ssda903.AD1, c) || p.has(ssda903.Missing, c) ||
		p.has(ssda903.UASC, c) || p.has(ssda903.OC3, c)
	return in
}

// pickEp chooses an episode for which ok holds.
func (p *plantCtx) pickEp(ok func(e epInfo) bool) (string, int, bool) {
	return p.pick(ssda903.Episodes, func(t *ssda903.Table, i int) bool { return ok(p.episode(i)) })
}

var temp = map[string]bool{"T0": true, "T1": true, "T2": true, "T3": true, "T4": true}

// lastCeased is the last episode of a child who ceased care this year,
// with no adoption, missing, motherhood or UASC details, not under a
// time-limited legal status (L1–L3, J1–J3), ended for an ordinary reason.
func lastCeased(e epInfo) bool {
	rec := get(e.t, e.row, "REC")
	return e.last && e.ceased && !e.special && !e.respite && e.ls[0] != 'J' && e.ls[0] != 'L' &&
		(rec == "E13" || rec == "E4A" || rec == "E8" || rec == "E4B")
}

// setEp plants by setting one cell of the chosen episode.
func setEp(c, v string, ok func(e epInfo) bool) func(p *plantCtx) (string, int, bool) {
	return func(p *plantCtx) (string, int, bool) {
		tb, i, found := p.pickEp(ok)
		if found {
			set(p.t(tb), i, c, v)
		}
		return tb, i, found
	}
}

// setRow plants by setting a cell of a chosen row of a table.
func setRow(table, c string, v func(p *plantCtx, t *ssda903.Table, i int) string, ok func(p *plantCtx, t *ssda903.Table, i int) bool) func(p *plantCtx) (string, int, bool) {
	return func(p *plantCtx) (string, int, bool) {
		tb, i, found := p.pick(table, func(t *ssda903.Table, i int) bool { return ok(p, t, i) })
		if found {
			set(p.t(tb), i, c, v(p, p.t(tb), i))
		}
		return tb, i, found
	}
}

func constant(v string) func(*plantCtx, *ssda903.Table, int) string {
	return func(*plantCtx, *ssda903.Table, int) string { return v }
}

func anyRow(*plantCtx, *ssda903.Table, int) bool { return true }

func where(c, v string) func(*plantCtx, *ssda903.Table, int) bool {
	return func(_ *plantCtx, t *ssda903.Table, i int) bool { return get(t, i, c) == v }
}

// shiftDOB plants a date of birth one day later than the header's, for a
// child whose birthday is not near the year's ends (where a day would
// change their age there too).
func shiftDOB(table string) func(p *plantCtx) (string, int, bool) {
	return func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pick(table, func(t *ssda903.Table, i int) bool {
			d := date(t, i, "DOB")
			m, dd := d.Month(), d.Day()
			if m == time.March && dd >= 25 || m == time.April && dd <= 5 || d.IsZero() {
				return false
			}
			if table == ssda903.Reviews {
				rv := date(t, i, "REVIEW")
				return ssda903.Age(d, rv) == ssda903.Age(d.AddDate(0, 0, 1), rv)
			}
			if table == ssda903.Missing {
				return ssda903.Age(d, p.ret.CollectionEnd()) < 17
			}
			return true
		})
		if ok {
			t := p.t(tb)
			set(t, i, "DOB", formatDate(date(t, i, "DOB").AddDate(0, 0, 1)))
		}
		return tb, i, ok
	}
}

func init() {
	hdr := ssda903.Header
	notLast := func(p *plantCtx, t *ssda903.Table, i int) bool {
		c := t.Rows[i][0]
		return !p.inLast(c) && !p.has(ssda903.UASC, c) && p.has(ssda903.Episodes, c)
	}
	lookedAfter := func(p *plantCtx, t *ssda903.Table, i int) bool {
		for _, j := range p.rowsOf(ssda903.Episodes, t.Rows[i][0]) {
			if ls := get(p.t(ssda903.Episodes), j, "LS"); ls != "V3" && ls != "V4" {
				return true
			}
		}
		return false
	}
	planters["101"] = &planter{fn: setRow(hdr, "SEX", constant("X"), notLast)}
	planters["103"] = &planter{fn: setRow(hdr, "ETHNIC", constant("XXXX"), notLast)}
	planters["168"] = &planter{fn: setRow(hdr, "UPN", constant("12345"), notLast)}
	planters["442"] = &planter{fn: setRow(hdr, "UPN", constant(""), func(p *plantCtx, t *ssda903.Table, i int) bool {
		return notLast(p, t, i) && lookedAfter(p, t, i)
	})}
	planters["174"] = &planter{fn: setRow(hdr, "MC_DOB", func(p *plantCtx, t *ssda903.Table, i int) string {
		return formatDate(date(t, i, "DOB").AddDate(13, 0, 0))
	}, func(p *plantCtx, t *ssda903.Table, i int) bool {
		return notLast(p, t, i) && get(t, i, "SEX") == "M" && ssda903.Age(date(t, i, "DOB"), p.ret.CollectionStart()) >= 13
	})}
	planters["393"] = &planter{also: []string{"165"}, fn: setRow(hdr, "MOTHER", constant(""), func(p *plantCtx, t *ssda903.Table, i int) bool {
		c := t.Rows[i][0]
		return get(t, i, "MOTHER") == "0" && lookedAfter(p, t, i) && !p.has(ssda903.OC3, c) && !p.episode(p.rowsOf(ssda903.Episodes, c)[0]).ceased
	})}
	inLastOnly := func(p *plantCtx, t *ssda903.Table, i int) bool { return p.inLast(t.Rows[i][0]) }
	planters["204"] = &planter{fn: setRow(hdr, "ETHNIC", func(p *plantCtx, t *ssda903.Table, i int) string {
		if get(t, i, "ETHNIC") == "WBRI" {
			return "WOTH"
		}
		return "WBRI"
	}, inLastOnly)}
	planters["208"] = &planter{fn: setRow(hdr, "UPN", func(p *plantCtx, t *ssda903.Table, i int) string {
		return makeUPN(p.r, "999", 2010)
	}, func(p *plantCtx, t *ssda903.Table, i int) bool {
		return inLastOnly(p, t, i) && len(get(t, i, "UPN")) == 13
	})}
	planters["202"] = &planter{fn: setRow(hdr, "SEX", func(p *plantCtx, t *ssda903.Table, i int) string {
		if get(t, i, "SEX") == "M" {
			return "F"
		}
		return "M"
	}, func(p *plantCtx, t *ssda903.Table, i int) bool {
		return inLastOnly(p, t, i) && !p.has(ssda903.Episodes, t.Rows[i][0]) && get(t, i, "MC_DOB") == ""
	})}

	// Episodes.
	single := func(e epInfo) bool {
		return e.first && e.last && e.started && !e.respite && !e.special && e.ls[0] != 'J' && e.ls != "E1" &&
			!adoptPlace[e.place] && e.place != "P1" && e.place != "Z1" && !temp[e.place]
	}
	planters["143"] = &planter{fn: setEp("RNE", "Z", func(e epInfo) bool {
		return e.rne == "P" && e.prev >= 0 && !temp[e.place] && !temp[get(e.t, e.prev, "PLACE")] && !e.respite &&
			e.place != "A3" && e.place != "A5"
	})}
	planters["144"] = &planter{fn: setEp("LS", "ZZ", single)}
	planters["145"] = &planter{fn: setEp("CIN", "N9", single)}
	planters["146"] = &planter{fn: setEp("PLACE", "Q9", func(e epInfo) bool {
		rec := get(e.t, e.row, "REC")
		return single(e) && rec != "E45" && rec != "E46" && rec != "E17"
	})}
	planters["147"] = &planter{fn: setEp("DEC", "31/02/2025", func(e epInfo) bool { return lastCeased(e) && e.started })}
	planters["148"] = &planter{fn: setEp("REC", "", lastCeased)}
	planters["149"] = &planter{fn: setEp("REC", "E99", lastCeased)}
	// changeable episodes may have their placement details changed without
	// another rule noticing: not the episode carried over from last year
	// (503A–F compare it), nor one the next episode claims to share.
	changeable := func(e epInfo) bool {
		return !temp[e.place] && e.place != "Z1" && !e.respite && (e.rne == "S" || e.rne == "P" || e.rne == "B") &&
			(e.next < 0 || get(e.t, e.next, "RNE") != "L") && !e.decom.Before(e.cs)
	}
	planters["178"] = &planter{fn: setEp("PLACE_PROVIDER", "PR9", changeable)}
	planters["213"] = &planter{also: []string{"178"}, fn: setEp("PLACE_PROVIDER", "PR1", func(e epInfo) bool { return temp[e.place] && !e.decom.Before(e.cs) })}
	planters["214"] = &planter{fn: setEp("URN", "SC123456", func(e epInfo) bool { return e.respite })}
	planters["222"] = &planter{fn: setEp("URN", "SC654321", func(e epInfo) bool { return e.place == "P1" && changeable(e) })}
	planters["225"] = &planter{fn: setEp("REASON_PLACE_CHANGE", "", func(e epInfo) bool {
		return get(e.t, e.row, "REASON_PLACE_CHANGE") != "" && e.next >= 0
	})}
	planters["226"] = &planter{fn: setEp("REASON_PLACE_CHANGE", "OTHER", func(e epInfo) bool { return temp[e.place] })}
	safeEnd := func(e epInfo) bool {
		return lastCeased(e) && e.decom.After(e.cs.AddDate(0, 0, 2))
	}
	planters["355"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(safeEnd)
		if ok {
			set(p.t(tb), i, "DEC", get(p.t(tb), i, "DECOM"))
		}
		return tb, i, ok
	}}
	planters["356"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(safeEnd)
		if ok {
			set(p.t(tb), i, "DEC", formatDate(date(p.t(tb), i, "DECOM").AddDate(0, 0, -1)))
		}
		return tb, i, ok
	}}
	planters["357"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(func(e epInfo) bool { return e.first && e.started && e.ceased && !e.special && !e.respite })
		if ok {
			set(p.t(tb), i, "RNE", "P")
		}
		return tb, i, ok
	}}
	planters["384"] = &planter{fn: setEp("PLACE", "U4", func(e epInfo) bool { return e.respite && e.place == "U6" })}
	planters["385"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(func(e epInfo) bool { return lastCeased(e) && e.started })
		if ok {
			set(p.t(tb), i, "DEC", formatDate(p.ret.CollectionEnd().AddDate(0, 0, 5)))
		}
		return tb, i, ok
	}}
	ageAtEnd := func(e epInfo, p *plantCtx) int { return ssda903.Age(p.dob(e.child), e.dec) }
	recFor := func(code string, ok func(a int, e epInfo) bool) func(p *plantCtx) (string, int, bool) {
		return func(p *plantCtx) (string, int, bool) {
			tb, i, found := p.pickEp(func(e epInfo) bool { return lastCeased(e) && ok(ageAtEnd(e, p), e) })
			if found {
				set(p.t(tb), i, "REC", code)
			}
			return tb, i, found
		}
	}
	planters["387"] = &planter{fn: recFor("E5", func(a int, e epInfo) bool { return a < 14 })}
	planters["389"] = &planter{fn: recFor("E7", func(a int, e epInfo) bool { return a < 16 })}
	planters["460"] = &planter{fn: recFor("E17", func(a int, e epInfo) bool { return a < 18 })}
	planters["390"] = &planter{fn: recFor("E11", func(a int, e epInfo) bool { return a < 18 && !adoptPlace[e.place] && e.ls != "E1" })}
	planters["392b"] = &planter{fn: setEp("HOME_POST", "", func(e epInfo) bool {
		return !e.respite && !e.special && get(e.t, e.row, "HOME_POST") != ""
	})}
	planters["392d"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(func(e epInfo) bool {
			return changeable(e) && e.place != "P1" && !e.special && get(e.t, e.row, "HOME_POST") != ""
		})
		if ok {
			set(p.t(tb), i, "PL_POST", get(p.t(tb), i, "HOME_POST"))
		}
		return tb, i, ok
	}}
	planters["398"] = &planter{fn: setEp("HOME_POST", "B1 1AA", func(e epInfo) bool { return e.respite })}
	planters["504"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pickEp(func(e epInfo) bool {
			return e.last && e.prev >= 0 && get(e.t, e.prev, "REC") == "X1" && !e.respite
		})
		if ok {
			t := p.t(tb)
			v := "N4"
			if get(t, i, "CIN") == "N4" {
				v = "N5"
			}
			set(t, i, "CIN", v)
		}
		return tb, i, ok
	}}
	planters["1009"] = &planter{fn: setEp("REASON_PLACE_CHANGE", "ZZZZZ", func(e epInfo) bool {
		return get(e.t, e.row, "REASON_PLACE_CHANGE") != ""
	})}

	// Reviews.
	rv := ssda903.Reviews
	reviewAge := func(p *plantCtx, t *ssda903.Table, i int) int {
		return ssda903.Age(date(t, i, "DOB"), date(t, i, "REVIEW"))
	}
	planters["440"] = &planter{fn: setRow(rv, "REVIEW_CODE", constant("PN0"), func(p *plantCtx, t *ssda903.Table, i int) bool { return reviewAge(p, t, i) >= 4 })}
	planters["441"] = &planter{fn: setRow(rv, "REVIEW_CODE", constant("PN1"), func(p *plantCtx, t *ssda903.Table, i int) bool { return reviewAge(p, t, i) < 4 })}
	planters["166"] = &planter{fn: setRow(rv, "REVIEW", constant("31/02/2025"), anyRow)}
	planters["167"] = &planter{fn: setRow(rv, "REVIEW_CODE", constant("PN9"), anyRow)}
	planters["INT17"] = &planter{fn: shiftDOB(rv)}

	// Adoption.
	ad := ssda903.AD1
	planters["112"] = &planter{also: []string{"333"}, fn: setRow(ad, "DATE_INT", constant("31/02/2024"), anyRow)}
	planters["113"] = &planter{fn: setRow(ad, "DATE_MATCH", constant("31/02/2024"), anyRow)}
	planters["114"] = &planter{fn: setRow(ad, "FOSTER_CARE", constant("2"), anyRow)}
	planters["175"] = &planter{fn: setRow(ad, "NB_ADOPTR", constant("3"), anyRow)}
	planters["177"] = &planter{fn: setRow(ad, "LS_ADOPTR", constant("L9"), anyRow)}
	adopters := func(nb, sex, ls string) *planter {
		return &planter{fn: func(p *plantCtx) (string, int, bool) {
			tb, i, ok := p.pick(ad, func(*ssda903.Table, int) bool { return true })
			if ok {
				t := p.t(tb)
				set(t, i, "NB_ADOPTR", nb)
				set(t, i, "SEX_ADOPTR", sex)
				set(t, i, "LS_ADOPTR", ls)
			}
			return tb, i, ok
		}}
	}
	planters["511"] = adopters("2", "M1", "L0")
	planters["514"] = adopters("2", "MF", "L0")
	planters["517"] = adopters("2", "MM", "L3")
	planters["518"] = adopters("2", "MF", "L4")
	planters["519"] = adopters("1", "M1", "L2")
	planters["520"] = adopters("2", "MM", "L11")
	planters["524"] = adopters("2", "MF", "L12")
	planters["INT11"] = &planter{fn: shiftDOB(ad)}

	pa := ssda903.PlacedAdoption
	reversed := func(_ *plantCtx, t *ssda903.Table, i int) bool { return get(t, i, "REASON_PLACED_CEASED") != "" }
	planters["115"] = &planter{fn: setRow(pa, "DATE_PLACED", constant("31/02/2024"), anyRow)}
	planters["119"] = &planter{fn: setRow(pa, "REASON_PLACED_CEASED", constant(""), reversed)}
	planters["120"] = &planter{fn: setRow(pa, "REASON_PLACED_CEASED", constant("RD9"), reversed)}
	planters["INT12"] = &planter{fn: shiftDOB(pa)}

	// Outcomes of children looked after for a year.
	oc2 := ssda903.OC2
	ageEnd := func(p *plantCtx, t *ssda903.Table, i int) int {
		return ssda903.Age(date(t, i, "DOB"), p.ret.CollectionEnd())
	}
	filled := func(c string) func(*plantCtx, *ssda903.Table, int) bool {
		return func(_ *plantCtx, t *ssda903.Table, i int) bool { return get(t, i, c) != "" }
	}
	planters["180"] = &planter{fn: setRow(oc2, "SDQ_SCORE", constant("41"), filled("SDQ_SCORE"))}
	planters["181"] = &planter{fn: setRow(oc2, "IMMUNISATIONS", constant("2"), anyRow)}
	planters["196"] = &planter{fn: setRow(oc2, "SDQ_REASON", constant("SDQ9"), filled("SDQ_REASON"))}
	planters["197a"] = &planter{fn: setRow(oc2, "SDQ_REASON", constant("SDQ4"), filled("SDQ_SCORE"))}
	planters["186"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		cs, ce := p.ret.CollectionStart(), p.ret.CollectionEnd()
		tb, i, ok := p.pick(oc2, func(t *ssda903.Table, i int) bool {
			d := date(t, i, "DOB")
			return !d.AddDate(4, 0, 0).After(cs) && d.AddDate(17, 0, 0).After(ce)
		})
		if ok {
			set(p.t(tb), i, "SDQ_SCORE", "")
			set(p.t(tb), i, "SDQ_REASON", "")
		}
		return tb, i, ok
	}}
	planters["188"] = &planter{fn: setRow(oc2, "SDQ_SCORE", constant("12"), func(p *plantCtx, t *ssda903.Table, i int) bool {
		return date(t, i, "DOB").AddDate(4, 0, 0).After(p.ret.CollectionEnd())
	})}
	planters["158"] = &planter{fn: setRow(oc2, "INTERVENTION_OFFERED", constant("0"), where("INTERVENTION_RECEIVED", "1"))}
	planters["159"] = &planter{fn: setRow(oc2, "INTERVENTION_OFFERED", constant(""), where("INTERVENTION_RECEIVED", "0"))}
	planters["192"] = &planter{fn: func(p *plantCtx) (string, int, bool) {
		tb, i, ok := p.pick(oc2, func(t *ssda903.Table, i int) bool { return get(t, i, "SUBSTANCE_MISUSE") == "1" })
		if ok {
			set(p.t(tb), i, "INTERVENTION_RECEIVED", "")
			set(p.t(tb), i, "INTERVENTION_OFFERED", "")
		}
		return tb, i, ok
	}}
	planters["193"] = &planter{fn: setRow(oc2, "INTERVENTION_RECEIVED", constant("0"), where("SUBSTANCE_MISUSE", "0"))}
	planters["542"] = &planter{fn: setRow(oc2, "CONVICTED", constant("0"), func(p *plantCtx, t *ssda903.Table, i int) bool { return ageEnd(p, t, i) < 10 })}
	planters["543"] = &planter{fn: setRow(oc2, "CONVICTED", constant(""), func(p *plantCtx, t *ssda903.Table, i int) bool { return ageEnd(p, t, i) >= 10 })}
	planters["545"] = &planter{fn: setRow(oc2, "HEALTH_CHECK", constant(""), func(p *plantCtx, t *ssda903.Table, i int) bool { return ageEnd(p, t, i) < 5 })}
	planters["546"] = &planter{fn: setRow(oc2, "HEALTH_CHECK", constant("0"), func(p *plantCtx, t *ssda903.Table, i int) bool { return ageEnd(p, t, i) >= 5 })}
	planters["INT14"] = &planter{fn: shiftDOB(oc2)}

	// Care leavers.
	oc3 := ssda903.OC3
	planters["131"] = &planter{fn: setRow(oc3, "IN_TOUCH", constant("MAYBE"), anyRow)}
	planters["132"] = &planter{fn: setRow(oc3, "ACTIV", constant("Z9"), where("IN_TOUCH", "YES"))}
	planters["133"] = &planter{fn: setRow(oc3, "ACCOM", constant("Q1"), where("IN_TOUCH", "YES"))}
	planters["344"] = &planter{fn: setRow(oc3, "IN_TOUCH", constant("DIED"), where("IN_TOUCH", "YES"))}
	planters["345"] = &planter{fn: setRow(oc3, "ACTIV", constant("0"), where("IN_TOUCH", "YES"))}
	planters["INT15"] = &planter{fn: shiftDOB(oc3)}

	// Missing.
	mis := ssda903.Missing
	planters["1004"] = &planter{fn: setRow(mis, "MIS_START", constant("32/01/2025"), anyRow)}
	planters["1006"] = &planter{fn: setRow(mis, "MISSING", constant("X"), anyRow)}
	onlySpell := func(p *plantCtx, t *ssda903.Table, i int) bool {
		c := t.Rows[i][0]
		e := p.rowsOf(ssda903.Episodes, c)
		inCare := get(p.t(ssda903.Episodes), e[len(e)-1], "DEC") == ""
		return len(p.rowsOf(mis, c)) == 1 && inCare &&
			date(t, i, "MIS_START").After(date(p.t(ssda903.Episodes), e[0], "DECOM").AddDate(0, 0, 2)) &&
			date(t, i, "MIS_START").After(p.ret.CollectionStart().AddDate(0, 0, 2))
	}
	planters["1005"] = &planter{fn: setRow(mis, "MIS_END", constant("32/01/2025"), onlySpell)}
	planters["567"] = &planter{fn: setRow(mis, "MIS_END", func(p *plantCtx, t *ssda903.Table, i int) string {
		return formatDate(date(t, i, "MIS_START").AddDate(0, 0, -1))
	}, onlySpell)}
	planters["571"] = &planter{fn: setRow(mis, "MIS_END", func(p *plantCtx, t *ssda903.Table, i int) string {
		return formatDate(p.ret.CollectionEnd().AddDate(0, 0, 3))
	}, onlySpell)}
	planters["INT13"] = &planter{fn: shiftDOB(mis)}

	// UASC.
	u := ssda903.UASC
	planters["104"] = &planter{fn: setRow(u, "DUC", constant("31/02/2025"), anyRow)}
	planters["304"] = &planter{fn: setRow(u, "DUC", func(p *plantCtx, t *ssda903.Table, i int) string {
		return formatDate(date(t, i, "DOB").AddDate(18, 0, 10))
	}, anyRow)}
	planters["INT18"] = &planter{fn: shiftDOB(u)}
	planters["INT21"] = &planter{fn: setRow(u, "SEX", func(p *plantCtx, t *ssda903.Table, i int) string {
		if get(t, i, "SEX") == "M" {
			return "F"
		}
		return "M"
	}, anyRow)}
	planters["INT09"] = &planter{fn: setRow(u, "CHILD", func(p *plantCtx, t *ssda903.Table, i int) string {
		return "X" + t.Rows[i][0]
	}, anyRow)}

	// Previous permanence.
	pp := ssda903.PrevPerm
	order := func(_ *plantCtx, t *ssda903.Table, i int) bool { return get(t, i, "PREV_PERM") != "Z1" }
	planters["631"] = &planter{fn: setRow(pp, "PREV_PERM", constant("Q1"), order)}
	planters["633"] = &planter{fn: setRow(pp, "LA_PERM", constant("123"), order)}
	planters["635"] = &planter{fn: setRow(pp, "LA_PERM", constant("999"), where("PREV_PERM", "Z1"))}
	planters["INT16"] = &planter{fn: shiftDOB(pp)}

	// Social workers.
	sw := ssda903.SWEpisodes
	planters["SW02STG1"] = &planter{fn: setRow(sw, "SW_ID", constant("AB123456"), anyRow)}
	planters["SW13STG1"] = &planter{fn: setRow(sw, "SW_REASON", constant("XXXXXX"), anyRow)}
}
