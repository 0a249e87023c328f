package linkage

import (
	"strings"
	"sync"
)

const (
	lvNull uint8 = iota
	lvExact
	lvJaroWinkler
	lvLevenshtein
	lvDateTransposed
	lvDateWithin
	lvDateSameYear
	lvSector
	lvDistrict
	lvSwapped
	lvElse
)

var levelKinds = map[string]uint8{
	KindNull: lvNull, KindExact: lvExact, KindJaroWinkler: lvJaroWinkler, KindLevenshtein: lvLevenshtein,
	KindDateTransposed: lvDateTransposed, KindDateWithinDays: lvDateWithin, KindDateSameYear: lvDateSameYear,
	KindPostcodeSector: lvSector, KindPostcodeDistrict: lvDistrict, KindColumnsSwapped: lvSwapped, KindElse: lvElse,
}

type clevel struct {
	kind uint8
	jw   float64
	n    int
}

// interned is a comparison's columns as integer ids into one shared
// dictionary (id 0 is null), so that a value in one column can be matched
// against another (swapped names) by comparing ids.
type interned struct {
	cols [][]uint32
	dict []string
	freq []uint32 // records holding each value in the first column
}

type internCache struct {
	mu sync.Mutex
	m  map[string]*interned
	wg map[string]*sync.WaitGroup
}

func (c *internCache) get(t *Table, columns []string) *interned {
	key := strings.Join(columns, "\x00")
	c.mu.Lock()
	if c.wg == nil {
		c.wg = map[string]*sync.WaitGroup{}
	}
	if wg, ok := c.wg[key]; ok {
		c.mu.Unlock()
		wg.Wait()
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.m[key]
	}
	wg := &sync.WaitGroup{}
	wg.Add(1)
	c.wg[key] = wg
	c.mu.Unlock()
	in := intern(t, columns)
	c.mu.Lock()
	c.m[key] = in
	c.mu.Unlock()
	wg.Done()
	return in
}

func intern(t *Table, columns []string) *interned {
	in := &interned{dict: []string{""}, freq: []uint32{0}}
	index := map[string]uint32{"": 0}
	for ci, name := range columns {
		col, _ := t.Column(name)
		ids := make([]uint32, len(col))
		for r, v := range col {
			id, ok := index[v]
			if !ok {
				id = uint32(len(in.dict))
				index[v] = id
				in.dict = append(in.dict, v)
				in.freq = append(in.freq, 0)
			}
			ids[r] = id
			if ci == 0 {
				in.freq[id]++
			}
		}
		in.cols = append(in.cols, ids)
	}
	in.freq[0] = 0
	return in
}

// compiled is a comparison ready to run: levels decoded, ids in place and
// dates parsed once per distinct value.
type compiled struct {
	cmp     *Comparison
	name    string
	col0    []uint32
	cols    [][]uint32
	dict    []string
	freq    []uint32
	nonNull int
	levels  []clevel
	exact   int // index of the exact level, or -1
	levMax  int
	// ymd packs year<<9|month<<5|day per dictionary id (0 when not a
	// date); days counts days since 1970.
	ymd  []uint32
	days []int32
}

func compileComparison(c *Comparison, t *Table, cache *internCache) *compiled {
	in := cache.get(t, c.Columns)
	cc := &compiled{cmp: c, name: c.Name, col0: in.cols[0], cols: in.cols, dict: in.dict, freq: in.freq, exact: -1}
	for _, f := range in.freq {
		cc.nonNull += int(f)
	}
	dates := false
	for i, l := range c.Levels {
		k := levelKinds[l.Kind]
		cl := clevel{kind: k, jw: l.Threshold, n: int(l.Threshold)}
		switch k {
		case lvExact:
			if cc.exact < 0 {
				cc.exact = i
			}
		case lvLevenshtein:
			cc.levMax = max(cc.levMax, cl.n)
		case lvDateTransposed, lvDateWithin, lvDateSameYear:
			dates = true
		}
		cc.levels = append(cc.levels, cl)
	}
	if dates {
		cc.ymd = make([]uint32, len(in.dict))
		cc.days = make([]int32, len(in.dict))
		for id, v := range in.dict {
			if d, ok := ParseDate(v); ok {
				cc.ymd[id] = uint32(d.Year)<<9 | uint32(d.Month)<<5 | uint32(d.Day)
				cc.days[id] = int32(d.Days())
			}
		}
	}
	return cc
}

// level is the index of the first level whose condition the pair meets.
// Similarities are computed at most once per pair, however many levels
// test them.
func (c *compiled) level(i, j int32) uint8 {
	a, b := c.col0[i], c.col0[j]
	jw := -1.0
	lev := -1
	for k := range c.levels {
		l := &c.levels[k]
		switch l.kind {
		case lvNull:
			if a == 0 || b == 0 {
				return uint8(k)
			}
		case lvExact:
			if a == 0 || b == 0 {
				continue
			}
			if c.ymd != nil && c.ymd[a] != 0 {
				if c.ymd[a] == c.ymd[b] && c.restEqual(i, j) {
					return uint8(k)
				}
				continue
			}
			if a == b && c.restEqual(i, j) {
				return uint8(k)
			}
		case lvJaroWinkler:
			if a == 0 || b == 0 {
				continue
			}
			if jw < 0 {
				jw = JaroWinkler(c.dict[a], c.dict[b])
			}
			if jw >= l.jw {
				return uint8(k)
			}
		case lvLevenshtein:
			if a == 0 || b == 0 {
				continue
			}
			if lev < 0 {
				lev = Levenshtein(c.dict[a], c.dict[b], c.levMax)
			}
			if lev <= l.n {
				return uint8(k)
			}
		case lvDateTransposed:
			ya, yb := c.ymd[a], c.ymd[b]
			if ya != 0 && yb != 0 && ya != yb && ya>>9 == yb>>9 && ya&31 == (yb>>5)&15 && (ya>>5)&15 == yb&31 {
				return uint8(k)
			}
		case lvDateWithin:
			if c.ymd[a] != 0 && c.ymd[b] != 0 {
				d := c.days[a] - c.days[b]
				if d < 0 {
					d = -d
				}
				if int(d) <= l.n {
					return uint8(k)
				}
			}
		case lvDateSameYear:
			if c.ymd[a] != 0 && c.ymd[a]>>9 == c.ymd[b]>>9 {
				return uint8(k)
			}
		case lvSector, lvDistrict:
			if a == 0 || b == 0 {
				continue
			}
			oa, sa, oka := postcodeParts(c.dict[a])
			ob, sb, okb := postcodeParts(c.dict[b])
			if oka && okb && oa == ob && (l.kind == lvDistrict || sa == sb) {
				return uint8(k)
			}
		case lvSwapped:
			a1, b1 := c.cols[1][i], c.cols[1][j]
			if a != 0 && b != 0 && a1 != 0 && b1 != 0 && a == b1 && a1 == b {
				return uint8(k)
			}
		case lvElse:
			return uint8(k)
		}
	}
	return uint8(len(c.levels) - 1)
}

// restEqual reports whether every column after the first agrees, for
// exact levels over several columns.
func (c *compiled) restEqual(i, j int32) bool {
	for _, col := range c.cols[1:] {
		if col[i] != col[j] {
			return false
		}
	}
	return true
}
