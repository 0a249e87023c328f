package linkage

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// The synthetic people for this package's tests and benchmarks: names
// from syllables, dates of birth of children, postcodes, and duplicates
// carrying the errors partner agencies' records show (typos, nicknames,
// swapped day and month, moves, gaps). Each record carries its person, so
// accuracy can be measured.

var (
	syllA = []string{"al", "ben", "car", "da", "el", "fra", "geo", "han", "is", "ja", "ka", "li", "ma", "no", "ol", "pe", "ro", "sa", "ta", "vi", "wil", "za", "lu", "mi", "re"}
	syllB = []string{"na", "ly", "ra", "n", "die", "son", "ter", "la", "mo", "ck", "rie", "th", "nah", "ro", "xa", "ke", "lin", "sy", "de", "va"}
	surA  = []string{"smi", "jo", "wil", "bro", "tay", "da", "ev", "tho", "rob", "wal", "wri", "whi", "gre", "hal", "woo", "har", "mar", "jack", "cla", "cl", "lew", "hug", "ed", "ree", "ken"}
	surB  = []string{"th", "nes", "son", "wn", "lor", "vies", "ans", "mas", "erts", "ker", "ght", "te", "en", "l", "ds", "ris", "tin", "son", "rke", "ark"}
	surC  = []string{"", "s", "er", "ley", "ton", "ham", "ford", "field", "", "by", "well", "wood"}
	nick  = map[string]string{}
)

func init() {
	// Nicknames: the first syllable alone, or with "ie".
	for _, a := range syllA {
		for _, b := range syllB {
			nick[a+b] = a + "ie"
		}
	}
}

type person struct {
	first, surname, dob, postcode string
}

type people struct {
	columns []string
	rows    [][]string
	truth   []int32 // the person behind each record
	source  []int32
}

func typo(r *rand.Rand, s string) string {
	if len(s) < 3 {
		return s
	}
	b := []byte(s)
	i := 1 + r.IntN(len(b)-1)
	switch r.IntN(4) {
	case 0: // substitution
		b[i] = byte('a' + r.IntN(26))
	case 1: // deletion
		b = append(b[:i], b[i+1:]...)
	case 2: // insertion
		b = append(b[:i], append([]byte{byte('a' + r.IntN(26))}, b[i:]...)...)
	default: // transposition
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
	return string(b)
}

func postcode(r *rand.Rand, districts int) string {
	d := r.IntN(districts)
	return fmt.Sprintf("%c%c%d %d%c%c", 'A'+d%26, 'A'+(d/26)%26, d/676+1, r.IntN(10), 'A'+r.IntN(26), 'A'+r.IntN(26))
}

// makePeople makes n records of about n/1.5 people. With sources > 1,
// each person appears at most once per source (so the sources hold no
// duplicates) and the source column is filled.
func makePeople(n, sources int, seed uint64) people {
	r := rand.New(rand.NewPCG(seed, 7))
	pp := people{columns: []string{"id", "source", "first_name", "surname", "dob", "postcode"}}
	districts := max(n/200, 30)
	newPerson := func() person {
		first := syllA[r.IntN(len(syllA))] + syllB[r.IntN(len(syllB))]
		sur := surA[r.IntN(len(surA))] + surB[r.IntN(len(surB))] + surC[r.IntN(len(surC))]
		dob := fmt.Sprintf("%04d-%02d-%02d", 2006+r.IntN(18), 1+r.IntN(12), 1+r.IntN(28))
		return person{first, sur, dob, postcode(r, districts)}
	}
	pid := int32(0)
	for len(pp.rows) < n {
		p := newPerson()
		copies := 1
		if x := r.Float64(); x < 0.3 {
			copies = 2
		} else if x < 0.4 {
			copies = 3
		}
		if sources > 1 {
			copies = min(copies, sources)
		}
		perm := r.Perm(max(sources, 1))
		for c := 0; c < copies && len(pp.rows) < n; c++ {
			q := p
			if c > 0 {
				if r.Float64() < 0.25 {
					q.first = typo(r, q.first)
				}
				if r.Float64() < 0.1 {
					if nn, ok := nick[q.first]; ok {
						q.first = nn
					}
				}
				if r.Float64() < 0.2 {
					q.surname = typo(r, q.surname)
				}
				if r.Float64() < 0.05 {
					y, m, d := q.dob[:4], q.dob[5:7], q.dob[8:]
					q.dob = y + "-" + d + "-" + m
					if _, ok := ParseDate(q.dob); !ok {
						q.dob = p.dob
					}
				} else if r.Float64() < 0.05 {
					q.dob = q.dob[:8] + fmt.Sprintf("%02d", 1+r.IntN(28))
				}
				if r.Float64() < 0.3 {
					q.postcode = postcode(r, districts)
				}
				if r.Float64() < 0.05 {
					q.postcode = ""
				}
				if r.Float64() < 0.5 {
					q.dob = q.dob[:4] + q.dob[5:7] + q.dob[8:]
				}
			}
			src := 0
			if sources > 1 {
				src = perm[c]
			}
			id := strconv.Itoa(len(pp.rows) + 1)
			pp.rows = append(pp.rows, []string{id, "s" + strconv.Itoa(src), q.first, q.surname, q.dob, q.postcode})
			pp.truth = append(pp.truth, pid)
			pp.source = append(pp.source, int32(src))
		}
		pid++
	}
	return pp
}

// peopleSettings is a model a user might write for these records.
func peopleSettings(linkType string) *Settings {
	s := &Settings{
		LinkType: linkType,
		UniqueID: "id",
		Blocking: []BlockingRule{
			{Name: "name", Keys: []Key{{Column: "first_name"}, {Column: "surname"}}},
			{Name: "dob and initial", Keys: []Key{{Column: "dob", Transform: "date"}, {Column: "surname", Transform: "first:1"}}},
			{Name: "postcode", Keys: []Key{{Column: "postcode"}}},
		},
		Comparisons: []Comparison{
			{Name: "first name", Columns: []string{"first_name"}, TermFrequency: true, Levels: []Level{
				{Name: "null", Kind: KindNull}, {Name: "exact", Kind: KindExact},
				{Name: "jw 0.92", Kind: KindJaroWinkler, Threshold: 0.92}, {Name: "jw 0.8", Kind: KindJaroWinkler, Threshold: 0.8},
				{Name: "else", Kind: KindElse}}},
			{Name: "surname", Columns: []string{"surname"}, TermFrequency: true, Levels: []Level{
				{Name: "null", Kind: KindNull}, {Name: "exact", Kind: KindExact},
				{Name: "jw 0.92", Kind: KindJaroWinkler, Threshold: 0.92}, {Name: "lev 2", Kind: KindLevenshtein, Threshold: 2},
				{Name: "else", Kind: KindElse}}},
			{Name: "date of birth", Columns: []string{"dob"}, Levels: []Level{
				{Name: "null", Kind: KindNull}, {Name: "exact", Kind: KindExact},
				{Name: "day and month swapped", Kind: KindDateTransposed}, {Name: "within 31 days", Kind: KindDateWithinDays, Threshold: 31},
				{Name: "else", Kind: KindElse}}},
			{Name: "postcode", Columns: []string{"postcode"}, Levels: []Level{
				{Name: "null", Kind: KindNull}, {Name: "exact", Kind: KindExact},
				{Name: "sector", Kind: KindPostcodeSector}, {Name: "district", Kind: KindPostcodeDistrict},
				{Name: "else", Kind: KindElse}}},
		},
		Deterministic: []BlockingRule{{Keys: []Key{{Column: "first_name"}, {Column: "surname"}, {Column: "dob", Transform: "date"}}}},
		Threshold:     0.9,
	}
	if linkType != Dedupe {
		s.SourceColumn = "source"
	}
	return s
}
