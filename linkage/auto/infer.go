// Package auto infers a sound first linkage model from the columns of the
// records themselves — which columns are names, dates of birth, postcodes,
// identifiers — so that a user starts from a reasoned model, reads why each
// column was treated as it was, and refines it, rather than writing one
// from nothing.
package auto

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sightline-uk/sightline/linkage"
)

// Kind is what a column was taken to hold; it decides the comparison and
// whether the column can block.
type Kind string

// The kinds of column the inference recognises.
const (
	Ignored   Kind = "ignored"
	FirstName Kind = "first_name"
	Surname   Kind = "surname"
	Name      Kind = "name" // a name whose part is not known
	BirthDate Kind = "date_of_birth"
	Date      Kind = "date"
	Postcode  Kind = "postcode"
	Code      Kind = "code" // a short code such as a non-UK postcode
	Sex       Kind = "sex"
	ID        Kind = "identifier"
	Phone     Kind = "phone"
	Email     Kind = "email"
	Address   Kind = "address"
	Place     Kind = "place"
	Text      Kind = "text"
	Category  Kind = "category"
	Number    Kind = "number"
)

// Options refine the inference for linking several sources, and name the
// columns that must not be modelled (such as a truth column).
type Options struct {
	IDColumn string
	// SourceColumn, when set, names the column saying which source a row
	// came from; the model then links across sources (LinkType "link"
	// unless set) and pair counts are across sources only.
	SourceColumn string
	LinkType     string
	Ignore       []string
	// PairBudget caps the candidate pairs one blocking rule may make; zero
	// means 30 per record (at least 10,000), which keeps scoring to
	// seconds while leaving room for several rules.
	PairBudget int64
	// MaxBlockSize is written into the settings; zero means the engine's default.
	MaxBlockSize int
}

// Column is what the inference found about one column and why.
type Column struct {
	Name       string
	Kind       Kind
	Reason     string
	NullRate   float64
	Distinct   int
	Comparison string // the comparison made of it, if any
}

// Rule is one blocking rule considered, with its pair count and whether it
// was kept.
type Rule struct {
	Rule   linkage.BlockingRule
	Pairs  int64
	Kept   bool
	Reason string
}

// Report explains the inferred settings in words, column by column and rule
// by rule, for the user to review before training.
type Report struct {
	Records int
	Columns []Column
	Rules   []Rule
	Notes   []string
}

func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d records.\nColumns:\n", r.Records)
	for _, c := range r.Columns {
		fmt.Fprintf(&b, "  %s: %s — %s\n", c.Name, c.Kind, c.Reason)
	}
	b.WriteString("Blocking rules:\n")
	for _, rl := range r.Rules {
		state := "dropped"
		if rl.Kept {
			state = "kept"
		}
		fmt.Fprintf(&b, "  %s: %d candidate pairs, %s — %s\n", rl.Rule.Name, rl.Pairs, state, rl.Reason)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	return b.String()
}

// Infer infers settings for deduplicating one table.
func Infer(columns []string, rows [][]string, idColumn string) (linkage.Settings, Report) {
	return InferWith(columns, rows, Options{IDColumn: idColumn})
}

// profile is what is measured of a column before deciding its kind.
type profile struct {
	name                                     string
	n, present, distinct                     int
	meanLen, meanTokens                      float64
	alpha, digits, dates, postcodes, emails  float64 // shares of present values
	phones, sexes, alnumIDs, eightDigitDates float64
}

var (
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRE = regexp.MustCompile(`^(\+44\s?|0)[0-9][0-9 ]{8,12}$`)
	idRE    = regexp.MustCompile(`^[A-Za-z]?[0-9][0-9 -]{4,}[0-9A-Za-z]?$`)
)

var sexValues = map[string]bool{"m": true, "f": true, "male": true, "female": true, "u": true, "unknown": true, "x": true, "other": true, "boy": true, "girl": true}

func measure(name string, rows [][]string, j int) profile {
	p := profile{name: name, n: len(rows)}
	distinct := map[string]struct{}{}
	var lenSum, tokSum float64
	var alpha, digits, dates, pcs, emails, phones, sexes, ids int
	for _, r := range rows {
		v := r[j]
		if v == "" {
			continue
		}
		p.present++
		lv := strings.ToLower(v)
		distinct[lv] = struct{}{}
		lenSum += float64(utf8.RuneCountInString(v))
		tokSum += float64(len(strings.Fields(v)))
		if isAlphaName(v) {
			alpha++
		}
		if allDigits(strings.ReplaceAll(v, " ", "")) {
			digits++
		}
		if isDate(v) {
			dates++
		}
		if _, _, ok := SplitPostcode(v); ok {
			pcs++
		}
		if emailRE.MatchString(v) {
			emails++
		}
		if phoneRE.MatchString(v) {
			phones++
		}
		if sexValues[lv] {
			sexes++
		}
		if idRE.MatchString(v) {
			ids++
		}
	}
	p.distinct = len(distinct)
	if p.present > 0 {
		f := float64(p.present)
		p.meanLen, p.meanTokens = lenSum/f, tokSum/f
		p.alpha, p.digits, p.dates, p.postcodes = float64(alpha)/f, float64(digits)/f, float64(dates)/f, float64(pcs)/f
		p.emails, p.phones, p.sexes, p.alnumIDs = float64(emails)/f, float64(phones)/f, float64(sexes)/f, float64(ids)/f
	}
	return p
}

// isAlphaName says whether a value is made of letters, spaces, hyphens and
// apostrophes only, as names are.
func isAlphaName(v string) bool {
	for _, r := range v {
		if !unicode.IsLetter(r) && r != ' ' && r != '-' && r != '\'' && r != '.' {
			return false
		}
	}
	return true
}

func (p profile) nullRate() float64 { return 1 - float64(p.present)/float64(max(p.n, 1)) }
func (p profile) uniqueness() float64 {
	return float64(p.distinct) / float64(max(p.present, 1))
}

// hint reads what a column's name suggests.
func hint(name string) Kind {
	h := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(h, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("streetnumber", "housenumber", "streetno", "houseno", "buildingnumber", "flatnumber"):
		return Number
	case has("dob", "birth", "born"):
		return BirthDate
	case has("email", "mail"):
		return Email
	case has("postcode", "postalcode", "zip", "pcode"):
		return Postcode
	case has("phone", "mobile", "telephone") || h == "tel":
		return Phone
	case has("forename", "firstname", "givenname", "given", "christian") || h == "first" || h == "fname":
		return FirstName
	case has("surname", "lastname", "familyname") || h == "last" || h == "lname":
		return Surname
	case has("nhs", "upn", "ssn", "socsec", "nino", "insurance", "number") && !has("street", "house", "phone"):
		return ID
	case h == "sex" || h == "gender" || has("sex", "gender"):
		return Sex
	case has("address", "street", "addr", "road", "line1", "line2"):
		return Address
	case has("town", "city", "suburb", "locality", "village", "district"):
		return Place
	case has("state", "county", "region", "country", "ethnic", "nationality"):
		return Category
	case has("middlename", "othernames"):
		return Name
	case h == "name" || has("fullname", "personname", "childname"):
		return Name
	case has("date"):
		return Date
	case strings.HasSuffix(h, "id") || strings.HasSuffix(h, "ref") || has("identifier"):
		return ID
	}
	return ""
}

// classify decides a column's kind from its name and its values, and says
// why in words.
func classify(p profile) (Kind, string) {
	h := hint(p.name)
	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
	switch {
	case p.present == 0:
		return Ignored, "every value is missing, so it says nothing about a pair"
	case p.distinct == 1:
		return Ignored, "every present value is the same, so it cannot tell records apart"
	case float64(p.present) < 0.01*float64(p.n):
		return Ignored, fmt.Sprintf("%s of values are missing, too few to use", pct(p.nullRate()))
	case p.emails >= 0.8:
		return Email, fmt.Sprintf("%s of values are e-mail addresses", pct(p.emails))
	case p.dates >= 0.8 && (h == BirthDate || h == Date || h == ""):
		if h == BirthDate {
			return BirthDate, fmt.Sprintf("its name speaks of birth and %s of values are dates", pct(p.dates))
		}
		return Date, fmt.Sprintf("%s of values read as dates", pct(p.dates))
	case p.postcodes >= 0.8:
		return Postcode, fmt.Sprintf("%s of values are UK postcodes", pct(p.postcodes))
	case h == Postcode:
		if p.digits >= 0.8 {
			return Code, fmt.Sprintf("its name says postcode but only %s of values are UK postcodes (%s are numbers, as postcodes abroad are), so it is compared as a code", pct(p.postcodes), pct(p.digits))
		}
		return Code, fmt.Sprintf("its name says postcode but only %s of values are UK postcodes, so it is compared as a code", pct(p.postcodes))
	case h == Sex || (p.distinct <= 6 && p.sexes >= 0.8):
		return Sex, fmt.Sprintf("%d distinct values, %s of them M/F/male/female", p.distinct, pct(p.sexes))
	case h == Phone || (p.phones >= 0.8 && h == ""):
		return Phone, fmt.Sprintf("%s of values are UK telephone numbers", pct(p.phones))
	case (h == ID || h == "") && p.alnumIDs >= 0.9 && p.uniqueness() >= 0.3 && p.meanLen >= 5:
		return ID, fmt.Sprintf("%s of values look like reference numbers and %d of %d are distinct; a slip of one or two characters is allowed for", pct(p.alnumIDs), p.distinct, p.present)
	case h == FirstName || h == Surname:
		what := "first name"
		if h == Surname {
			what = "surname"
		}
		return h, fmt.Sprintf("its name says %s; %d distinct values, %s letters only", what, p.distinct, pct(p.alpha))
	case h == Address:
		return Address, fmt.Sprintf("its name says address; %d distinct values averaging %.0f characters", p.distinct, p.meanLen)
	case h == Place:
		return Place, fmt.Sprintf("its name says town or locality; %d distinct values", p.distinct)
	case h == Number:
		return Number, fmt.Sprintf("its name says house or street number; %d distinct values, agreement is weak evidence", p.distinct)
	case h == Category || (p.distinct <= 20 && p.uniqueness() < 0.05):
		return Category, fmt.Sprintf("only %d distinct values, so agreement is weak evidence", p.distinct)
	case p.digits >= 0.9:
		return Number, fmt.Sprintf("%s of values are numbers, %d distinct", pct(p.digits), p.distinct)
	case p.meanLen > 18 || p.meanTokens > 2.5:
		return Text, fmt.Sprintf("values are long (%.0f characters, %.1f words on average): free text, compared by similarity and never blocked on", p.meanLen, p.meanTokens)
	case h == Name || (p.alpha >= 0.9 && p.meanTokens <= 1.5 && p.meanLen >= 2 && p.meanLen <= 15 && p.distinct >= 20):
		if h == Name {
			return Name, fmt.Sprintf("its name says name; %d distinct values", p.distinct)
		}
		return Name, fmt.Sprintf("short words of letters (%.1f characters on average) with %d distinct values, as names are", p.meanLen, p.distinct)
	case h == Date:
		return Text, fmt.Sprintf("its name says date but only %s of values read as dates", pct(p.dates))
	}
	return Text, fmt.Sprintf("%d distinct values averaging %.0f characters; compared by similarity", p.distinct, p.meanLen)
}

// comparison builds the levels for a kind.
func comparison(col string, k Kind) (linkage.Comparison, bool) {
	null := linkage.Level{Name: "either missing", Kind: "null"}
	exact := linkage.Level{Name: "exact", Kind: "exact"}
	other := linkage.Level{Name: "all other", Kind: "else"}
	jw := func(t float64) linkage.Level {
		return linkage.Level{Name: fmt.Sprintf("Jaro–Winkler ≥ %.2f", t), Kind: "jaro_winkler", Threshold: t}
	}
	lev := func(t float64) linkage.Level {
		return linkage.Level{Name: fmt.Sprintf("Levenshtein ≤ %.0f", t), Kind: "levenshtein", Threshold: t}
	}
	c := linkage.Comparison{Name: col, Columns: []string{col}}
	switch k {
	case FirstName, Surname, Name:
		c.Levels = []linkage.Level{null, exact, jw(0.92), jw(0.88), other}
		c.TermFrequency = true
	case BirthDate, Date:
		c.Levels = []linkage.Level{null, exact,
			{Name: "day and month swapped", Kind: "date_transposed"},
			lev(1),
			{Name: "within 365 days", Kind: "date_within_days", Threshold: 365},
			other}
	case Postcode:
		c.Levels = []linkage.Level{null, exact,
			{Name: "same sector", Kind: "postcode_sector"},
			{Name: "same district", Kind: "postcode_district"},
			other}
	case ID:
		c.Levels = []linkage.Level{null, exact, lev(1), lev(2), other}
	case Phone, Code:
		c.Levels = []linkage.Level{null, exact, lev(1), other}
	case Email:
		c.Levels = []linkage.Level{null, exact, lev(1), jw(0.88), other}
	case Address, Text:
		c.Levels = []linkage.Level{null, exact, jw(0.92), jw(0.8), other}
	case Place:
		c.Levels = []linkage.Level{null, exact, jw(0.92), other}
		c.TermFrequency = true
	case Sex, Category, Number:
		c.Levels = []linkage.Level{null, exact, other}
	default:
		return c, false
	}
	return c, true
}

// InferWith infers settings under options.
func InferWith(columns []string, rows [][]string, opt Options) (linkage.Settings, Report) {
	rep := Report{Records: len(rows)}
	s := linkage.Settings{LinkType: "dedupe", UniqueID: opt.IDColumn, Threshold: 0.9, MaxBlockSize: opt.MaxBlockSize}
	if s.MaxBlockSize == 0 {
		s.MaxBlockSize = linkage.DefaultMaxBlockSize
	}
	sourceCol := -1
	if opt.SourceColumn != "" {
		s.SourceColumn = opt.SourceColumn
		s.LinkType = "link"
		sourceCol = slices.Index(columns, opt.SourceColumn)
		if sourceCol < 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("there is no source column %q, so pairs are counted as if deduplicating", opt.SourceColumn))
		}
	}
	if opt.LinkType != "" {
		s.LinkType = opt.LinkType
	}
	if sourceCol >= 0 && s.LinkType != "link" {
		sourceCol = -1 // link_and_dedupe counts every pair
	}
	budget := opt.PairBudget
	if budget == 0 {
		budget = max(10_000, 30*int64(len(rows)))
	}
	if !slices.Contains(columns, opt.IDColumn) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("there is no id column %q; the engine will refuse the records until one is named", opt.IDColumn))
	}

	byKind := map[Kind][]string{}
	for j, name := range columns {
		switch {
		case name == opt.IDColumn:
			rep.Columns = append(rep.Columns, Column{Name: name, Kind: Ignored, Reason: "the record's own id, which differs between records of one person"})
			continue
		case name == opt.SourceColumn && opt.SourceColumn != "":
			rep.Columns = append(rep.Columns, Column{Name: name, Kind: Ignored, Reason: "names the source a record came from"})
			continue
		case slices.Contains(opt.Ignore, name):
			rep.Columns = append(rep.Columns, Column{Name: name, Kind: Ignored, Reason: "left out as asked"})
			continue
		}
		p := measure(name, rows, j)
		k, why := classify(p)
		col := Column{Name: name, Kind: k, Reason: why, NullRate: p.nullRate(), Distinct: p.distinct}
		if k == Ignored {
			rep.Notes = append(rep.Notes, fmt.Sprintf("column %q is ignored: %s", name, why))
		} else if c, ok := comparison(name, k); ok {
			if p.nullRate() > 0.5 {
				col.Reason += fmt.Sprintf("; %.0f%% missing, so it counts for pairs where both have it", 100*p.nullRate())
			}
			s.Comparisons = append(s.Comparisons, c)
			col.Comparison = c.Name
			byKind[k] = append(byKind[k], name)
		}
		rep.Columns = append(rep.Columns, col)
	}
	// A date column stands in for the date of birth when none is named.
	if len(byKind[BirthDate]) == 0 && len(byKind[Date]) == 1 {
		byKind[BirthDate] = byKind[Date]
		rep.Notes = append(rep.Notes, fmt.Sprintf("column %q is the only date, so it is used as the date of birth in blocking", byKind[Date][0]))
	}
	// Without name hints, the first two name-like columns serve as first
	// name and surname for blocking.
	first := firstOf(byKind[FirstName])
	sur := firstOf(byKind[Surname])
	if names := byKind[Name]; sur == "" && len(names) > 0 {
		sur = names[len(names)-1]
		if first == "" && len(names) > 1 {
			first = names[0]
		}
	}
	dob := firstOf(byKind[BirthDate])
	pc := firstOf(byKind[Postcode])
	code := firstOf(byKind[Code])

	k := func(col, tr string) linkage.Key { return linkage.Key{Column: col, Transform: tr} }
	var cands []linkage.BlockingRule
	add := func(name string, keys ...linkage.Key) {
		cands = append(cands, linkage.BlockingRule{Name: name, Keys: keys})
	}
	if sur != "" && dob != "" {
		add("surname sounds alike and same year of birth", k(sur, "soundex"), k(dob, "year"))
	}
	if first != "" && sur != "" {
		add("first name and surname sound alike", k(first, "soundex"), k(sur, "soundex"))
	}
	if dob != "" {
		add("same date of birth", k(dob, "date"))
	}
	if first != "" && dob != "" {
		add("first name sounds alike and same day and month of birth", k(first, "soundex"), k(dob, "month_day"))
		add("first name sounds alike and same year of birth", k(first, "soundex"), k(dob, "year"))
	}
	if first != "" && sur != "" {
		add("same first name and surname initial", k(first, "lower"), k(sur, "first:1"))
		add("same surname and first initial", k(sur, "lower"), k(first, "first:1"))
	}
	initial := first
	if initial == "" {
		initial = sur
	}
	if pc != "" {
		if initial != "" {
			add("same postcode district and initial", k(pc, "postcode_district"), k(initial, "first:1"))
		} else {
			add("same postcode", k(pc, ""))
		}
	}
	if code != "" {
		if sur != "" {
			add("same "+code+" and surname initial", k(code, ""), k(sur, "first:1"))
		} else {
			add("same "+code, k(code, ""))
		}
	}
	if place := firstOf(byKind[Place]); place != "" && dob != "" {
		add("same "+place+" and year of birth", k(place, ""), k(dob, "year"))
	}
	for _, id := range byKind[ID] {
		add("same "+id, k(id, ""))
	}
	for _, col := range byKind[Email] {
		add("e-mail starts alike", k(col, "first:4"))
	}
	for _, col := range append(byKind[Email], byKind[Phone]...) {
		add("same "+col, k(col, ""))
	}
	if len(cands) == 0 {
		for _, col := range append(byKind[Name], byKind[Place]...) {
			add("same "+col, k(col, "lower"))
		}
		rep.Notes = append(rep.Notes, "no names, dates of birth, postcodes or identifiers were found, so blocking falls back on exact values")
	}

	for _, rule := range cands {
		n, skipped, err := RulePairs(columns, rows, rule, sourceCol, s.MaxBlockSize)
		r := Rule{Rule: rule, Pairs: n}
		switch {
		case err != nil:
			r.Reason = err.Error()
		case n > budget:
			r.Reason = fmt.Sprintf("makes more than the %d candidate pairs one rule may make", budget)
		case n == 0:
			r.Reason = "makes no candidate pairs"
		default:
			r.Kept = true
			r.Reason = fmt.Sprintf("within the budget of %d", budget)
			if skipped > 0 {
				r.Reason += fmt.Sprintf("; %d blocks larger than %d records are skipped", skipped, s.MaxBlockSize)
			}
			s.Blocking = append(s.Blocking, rule)
		}
		rep.Rules = append(rep.Rules, r)
	}
	if len(s.Blocking) == 0 {
		rep.Notes = append(rep.Notes, "no blocking rule keeps candidate pairs within budget: add a rule by hand")
	}

	// Sure matches for estimating the prior: all of the strongest fields
	// agreeing, or an identifier agreeing.
	if first != "" && sur != "" && dob != "" {
		s.Deterministic = append(s.Deterministic, linkage.BlockingRule{Name: "same names and date of birth", Keys: []linkage.Key{k(first, "lower"), k(sur, "lower"), k(dob, "date")}})
	}
	for _, id := range byKind[ID] {
		s.Deterministic = append(s.Deterministic, linkage.BlockingRule{Name: "same " + id, Keys: []linkage.Key{k(id, "")}})
	}
	return s, rep
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
