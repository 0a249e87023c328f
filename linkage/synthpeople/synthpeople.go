// Package synthpeople generates children and the records four partner
// agencies hold about them — social care, the school census, health and
// police — with the errors real extracts carry (typos, nicknames, day and
// month swapped, missing fields, old addresses, duplicates) and the truth
// kept apart, so that linkage can be measured on data like the real thing
// without touching anyone's personal data.
package synthpeople

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/linkage/inputs"
)

// Rates are the chances of each kind of error in one agency record (police
// records have three times these, school census records half), so that
// error-prone extracts can be dialled up or down.
type Rates struct {
	Typo         float64 // a name (or an identifier, at a third of the rate) mistyped
	Nickname     float64 // the first name recorded as a nickname, where the name has one
	SwapDayMonth float64 // the date of birth with day and month swapped, where that is a valid date
	Missing      float64 // each of name, date of birth, sex, postcode and address left blank
	OldAddress   float64 // a child who has moved still recorded at an earlier address
	Duplicate    float64 // a second record for the same child in the same source
}

// DefaultRates are modest, plausible rates for administrative records.
func DefaultRates() Rates {
	return Rates{Typo: 0.04, Nickname: 0.08, SwapDayMonth: 0.02, Missing: 0.03, OldAddress: 0.3, Duplicate: 0.03}
}

// Options size and seed a generated population.
type Options struct {
	Children int
	Seed     uint64
	Rates    Rates
	// AsOf is the date of the extracts; children are aged 0–17 on it.
	AsOf time.Time
}

// Address is where a child lived from a date.
type Address struct {
	Line, Town, Postcode string
	From                 time.Time
}

// Child is the truth about one child, against which records are judged.
type Child struct {
	PersonID  string
	FirstName string
	Surname   string
	DOB       time.Time
	Sex       string    // "M" or "F"
	Addresses []Address // oldest first; the last is the current one
	NHSNumber string
	UPN       string // empty below school age
}

// Columns are the same in every source (an agency that does not hold a
// field leaves it blank), so that the sources can be linked on them.
var Columns = []string{"record_id", "first_name", "surname", "dob", "sex", "postcode", "address", "nhs_number", "upn"}

// The sources, in the order Generate returns them.
const (
	SocialCare   = "social_care"
	SchoolCensus = "school_census"
	Health       = "health"
	Police       = "police"
)

// Dataset is a generated population, its agencies' extracts and the
// truth: which child each record is about.
type Dataset struct {
	Children []Child
	Sources  []*inputs.Input
	Truth    map[inputs.RecordID]string
}

// gen carries the random source and options through generation.
type gen struct {
	r     *rand.Rand
	rates Rates
	asOf  time.Time
	cumB  []float64
	cumG  []float64
	cumS  []float64
}

func newGen(seed uint64, rates Rates, asOf time.Time) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), rates: rates, asOf: asOf,
		cumB: zipf(len(boys)), cumG: zipf(len(girls)), cumS: zipf(len(surnames))}
}

func zipf(n int) []float64 {
	c := make([]float64, n)
	s := 0.0
	for i := range c {
		s += 1 / math.Pow(float64(i+1), 0.9)
		c[i] = s
	}
	for i := range c {
		c[i] /= s
	}
	return c
}

func (g *gen) pick(cum []float64) int {
	u := g.r.Float64()
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (g *gen) chance(p float64) bool { return p > 0 && g.r.Float64() < p }

func (g *gen) surname() string {
	s := surnames[g.pick(g.cumS)]
	switch u := g.r.Float64(); {
	case u < 0.05:
		return s + "-" + surnames[g.pick(g.cumS)]
	case u < 0.07:
		return s + " " + surnames[g.pick(g.cumS)]
	}
	return s
}

func (g *gen) address(area string, town string) Address {
	const unit = "ABDEFGHJLNPQRSTUWXYZ"
	pc := fmt.Sprintf("%s%d %d%c%c", area, 1+g.r.IntN(20), g.r.IntN(10), unit[g.r.IntN(len(unit))], unit[g.r.IntN(len(unit))])
	line := fmt.Sprintf("%d %s %s", 1+g.r.IntN(200), streets[g.r.IntN(len(streets))], streetKinds[g.r.IntN(len(streetKinds))])
	return Address{Line: line, Town: town, Postcode: pc}
}

// NHSNumber makes a ten-digit number whose last digit is the modulus 11
// check digit, as real NHS numbers have.
func (g *gen) nhsNumber() string {
	for {
		d := make([]byte, 10)
		sum := 0
		for i := 0; i < 9; i++ {
			v := g.r.IntN(10)
			if i == 0 {
				v = 4 + g.r.IntN(6)
			}
			d[i] = byte('0' + v)
			sum += v * (10 - i)
		}
		c := 11 - sum%11
		if c == 11 {
			c = 0
		}
		if c == 10 {
			continue
		}
		d[9] = byte('0' + c)
		return string(d)
	}
}

// ValidNHSNumber checks the modulus 11 check digit.
func ValidNHSNumber(s string) bool {
	if len(s) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 10; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == int(s[9]-'0')
}

const upnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// upn makes a unique pupil number: a check letter, a three-digit council
// number, a four-digit school number, a two-digit year and a serial.
func (g *gen) upn(la int, year int) string {
	body := fmt.Sprintf("%03d%04d%02d%03d", la, 1000+g.r.IntN(8000), year%100, g.r.IntN(1000))
	return upnCheck(body) + body
}

func upnCheck(body string) string {
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += int(body[i]-'0') * (i + 2)
	}
	return string(upnLetters[sum%23])
}

// ValidUPN checks a unique pupil number's check letter.
func ValidUPN(s string) bool {
	if len(s) != 13 {
		return false
	}
	for i := 1; i < 13; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return upnCheck(s[1:]) == s[:1]
}

func (g *gen) child(i int) Child {
	c := Child{PersonID: fmt.Sprintf("P%07d", i+1)}
	if g.r.IntN(2) == 0 {
		c.Sex, c.FirstName = "M", boys[g.pick(g.cumB)]
	} else {
		c.Sex, c.FirstName = "F", girls[g.pick(g.cumG)]
	}
	c.Surname = g.surname()
	c.DOB = g.asOf.AddDate(0, 0, -1-g.r.IntN(18*365))
	t := towns[g.r.IntN(len(towns))]
	c.Addresses = []Address{g.address(t.area, t.name)}
	c.Addresses[0].From = c.DOB
	moves := 0
	switch u := g.r.Float64(); {
	case u < 0.06:
		moves = 2
	case u < 0.25:
		moves = 1
	}
	for m := 0; m < moves; m++ {
		if g.r.IntN(3) == 0 { // a third of moves are to another town
			t = towns[g.r.IntN(len(towns))]
		}
		a := g.address(t.area, t.name)
		prev := c.Addresses[len(c.Addresses)-1].From
		span := int(g.asOf.Sub(prev).Hours() / 24)
		a.From = prev.AddDate(0, 0, 1+g.r.IntN(max(span-1, 1)))
		c.Addresses = append(c.Addresses, a)
	}
	c.NHSNumber = g.nhsNumber()
	if age(c.DOB, g.asOf) >= 4 {
		c.UPN = g.upn(300+g.r.IntN(600), c.DOB.Year()+5)
	}
	return c
}

func age(dob, on time.Time) int {
	a := on.Year() - dob.Year()
	if on.YearDay() < dob.YearDay() {
		a--
	}
	return a
}

// typo makes one slip of the keyboard: a letter dropped, doubled, swapped
// with the next, or replaced.
func (g *gen) typo(s string) string {
	r := []rune(s)
	if len(r) < 2 {
		return s
	}
	i := g.r.IntN(len(r) - 1)
	switch g.r.IntN(4) {
	case 0:
		return string(append(r[:i:i], r[i+1:]...))
	case 1:
		return string(r[:i+1]) + string(r[i:])
	case 2:
		if r[i] != r[i+1] {
			r[i], r[i+1] = r[i+1], r[i]
			return string(r)
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyz" // a letter replaced
	old := r[i+1]
	for r[i+1] == old {
		r[i+1] = rune(letters[g.r.IntN(len(letters))])
	}
	return string(r)
}

func (g *gen) digitSlip(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	i := g.r.IntN(len(b))
	if b[i] < '0' || b[i] > '9' {
		return s
	}
	old := b[i]
	for b[i] == old {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// record is one agency's view of a child at a date, with errors.
func (g *gen) record(c *Child, scale float64, at time.Time, ids [2]bool) []string {
	rt := g.rates
	first := c.FirstName
	if nn := nicknames[first]; len(nn) > 0 && g.chance(rt.Nickname*scale) {
		first = nn[g.r.IntN(len(nn))]
	}
	if g.chance(rt.Typo * scale) {
		first = g.typo(first)
	}
	sur := c.Surname
	if i := strings.IndexAny(sur, "- "); i > 0 && g.chance(rt.Nickname*scale) {
		sur = sur[:i] // a double surname recorded as its first part
	}
	if g.chance(rt.Typo * scale) {
		sur = g.typo(sur)
	}
	dob := c.DOB
	if d, m := dob.Day(), int(dob.Month()); d <= 12 && d != m && g.chance(rt.SwapDayMonth*scale) {
		dob = time.Date(dob.Year(), time.Month(d), m, 0, 0, 0, 0, time.UTC)
	}
	dobText := dob.Format("2006-01-02")
	if g.chance(rt.Typo * scale / 3) {
		dobText = dobText[:5] + g.digitSlip(dobText[5:])
		if _, err := time.Parse("2006-01-02", dobText); err != nil {
			dobText = dob.Format("2006-01-02")
		}
	}
	// The address held is the one current at the record's date, or with
	// some chance an earlier one never updated.
	ai := 0
	for i, a := range c.Addresses {
		if !a.From.After(at) {
			ai = i
		}
	}
	if ai > 0 && g.chance(rt.OldAddress) {
		ai -= 1 + g.r.IntN(ai)
	}
	a := c.Addresses[ai]
	nhs, upn := "", ""
	if ids[0] {
		nhs = c.NHSNumber
		if g.chance(rt.Typo * scale / 3) {
			nhs = g.digitSlip(nhs)
		}
	}
	if ids[1] {
		upn = c.UPN
	}
	rec := []string{"", first, sur, dobText, c.Sex, a.Postcode, a.Line + ", " + a.Town, nhs, upn}
	for _, j := range []int{1, 2, 3, 4, 5, 6} {
		if g.chance(rt.Missing * scale) {
			rec[j] = ""
		}
	}
	return rec
}

type source struct {
	in    *inputs.Input
	truth map[inputs.RecordID]string
}

func (s *source) add(g *gen, prefix string, c *Child, rec []string) {
	rec[0] = fmt.Sprintf("%s%06d", prefix, len(s.in.Rows)+1)
	s.in.Rows = append(s.in.Rows, rec)
	s.in.Lines = append(s.in.Lines, len(s.in.Rows)+1)
	s.truth[inputs.RecordID{Source: s.in.Source, ID: rec[0]}] = c.PersonID
}

// Generate makes a population and its four agencies' extracts; the same
// options always give the same data.
func Generate(opt Options) Dataset {
	if opt.AsOf.IsZero() {
		opt.AsOf = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	}
	g := newGen(opt.Seed, opt.Rates, opt.AsOf)
	ds := Dataset{Truth: map[inputs.RecordID]string{}}
	for i := 0; i < opt.Children; i++ {
		ds.Children = append(ds.Children, g.child(i))
	}
	srcs := map[string]*source{}
	var order []*source
	for _, name := range []string{SocialCare, SchoolCensus, Health, Police} {
		s := &source{in: &inputs.Input{Source: name, File: name + ".csv", Columns: append([]string(nil), Columns...)}, truth: ds.Truth}
		srcs[name] = s
		order = append(order, s)
	}
	// Terms of the school year the census is taken in.
	terms := []time.Time{opt.AsOf.AddDate(0, -6, 0), opt.AsOf.AddDate(0, -2, 0), opt.AsOf.AddDate(0, 2, -14)}
	for i := range ds.Children {
		c := &ds.Children[i]
		// Social care knows about a quarter of children; its case
		// records hold an NHS number for about six in ten.
		if g.chance(0.25) {
			n := 1
			if g.chance(opt.Rates.Duplicate * 3) { // re-referral opened as a new case
				n = 2
			}
			for k := 0; k < n; k++ {
				at := opt.AsOf.AddDate(0, 0, -g.r.IntN(3*365))
				srcs[SocialCare].add(g, "SC", c, g.record(c, 1, at, [2]bool{g.chance(0.6), false}))
			}
		}
		// The school census holds every school-age child once a term,
		// under the same UPN unless a school issued a new one.
		if c.UPN != "" && age(c.DOB, opt.AsOf) <= 16 {
			upn := c.UPN
			for _, at := range terms {
				rec := g.record(c, 0.5, at, [2]bool{false, true})
				if g.chance(opt.Rates.Duplicate) {
					upn = g.upn(300+g.r.IntN(600), c.DOB.Year()+5)
				}
				rec[8] = upn
				srcs[SchoolCensus].add(g, "SCH", c, rec)
			}
		}
		// Health holds nearly every child, registered with a GP.
		if g.chance(0.98) {
			n := 1
			if g.chance(opt.Rates.Duplicate) {
				n = 2
			}
			for k := 0; k < n; k++ {
				srcs[Health].add(g, "H", c, g.record(c, 1, opt.AsOf.AddDate(0, 0, -g.r.IntN(730)), [2]bool{true, false}))
			}
		}
		// Police notifications are few and error-prone.
		if g.chance(0.08) {
			n := 1 + g.r.IntN(3)
			for k := 0; k < n; k++ {
				srcs[Police].add(g, "POL", c, g.record(c, 3, opt.AsOf.AddDate(0, 0, -g.r.IntN(730)), [2]bool{false, false}))
			}
		}
	}
	for _, s := range order {
		ds.Sources = append(ds.Sources, s.in)
	}
	return ds
}

// WriteCSV writes a source's records as CSV, to hand the generated extracts
// to the command line or another tool.
func WriteCSV(w io.Writer, in *inputs.Input) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(in.Columns); err != nil {
		return err
	}
	if err := cw.WriteAll(in.Rows); err != nil {
		return err
	}
	return cw.Error()
}
