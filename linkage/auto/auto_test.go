package auto_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/auto"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

func kinds(rep auto.Report) map[string]auto.Kind {
	m := map[string]auto.Kind{}
	for _, c := range rep.Columns {
		m[c.Name] = c.Kind
	}
	return m
}

func ruleNames(s linkage.Settings) []string {
	var out []string
	for _, r := range s.Blocking {
		out = append(out, linkage.RuleString(r))
	}
	return out
}

func TestFEBRL(t *testing.T) {
	in, err := inputs.Read("../testdata/febrl_dataset3.csv.gz", "")
	if err != nil {
		t.Fatal(err)
	}
	s, rep := auto.Infer(in.Columns, in.Rows, "rec_id")
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[string]auto.Kind{
		"rec_id": auto.Ignored, "given_name": auto.FirstName, "surname": auto.Surname, "street_number": auto.Number,
		"address_1": auto.Address, "address_2": auto.Address, "suburb": auto.Place, "postcode": auto.Code,
		"state": auto.Category, "date_of_birth": auto.BirthDate, "soc_sec_id": auto.ID,
	}
	if got := kinds(rep); !equalMaps(got, want) {
		t.Errorf("kinds %v\nwant  %v", got, want)
	}
	has := func(keys ...linkage.Key) bool {
		return slices.ContainsFunc(s.Blocking, func(r linkage.BlockingRule) bool { return slices.Equal(r.Keys, keys) })
	}
	if !has(linkage.Key{Column: "surname", Transform: "soundex"}, linkage.Key{Column: "date_of_birth", Transform: "year"}) || !has(linkage.Key{Column: "soc_sec_id"}) {
		t.Errorf("rules %q lack surname soundex + year of birth, or soc_sec_id", ruleNames(s))
	}
	// Names carry term-frequency adjustment; the id allows a slip of two.
	for _, c := range s.Comparisons {
		if (c.Name == "surname" || c.Name == "given_name" || c.Name == "suburb") != c.TermFrequency {
			t.Errorf("%s: term frequency %v", c.Name, c.TermFrequency)
		}
		if c.Name == "soc_sec_id" && c.Levels[3].Kind != linkage.KindLevenshtein || c.Name == "soc_sec_id" && c.Levels[3].Threshold != 2 {
			t.Errorf("soc_sec_id levels %+v", c.Levels)
		}
	}
	// Every rule's count is within the budget of 30 per record.
	for _, r := range rep.Rules {
		if r.Kept && r.Pairs > 150000 {
			t.Errorf("%s kept with %d pairs", r.Rule.Name, r.Pairs)
		}
	}
	if !strings.Contains(rep.String(), "postcode: code — its name says postcode but only 0% of values are UK postcodes") {
		t.Errorf("report does not explain the postcode:\n%s", rep)
	}
}

func TestFake1000(t *testing.T) {
	in, err := inputs.Read("../testdata/fake_1000.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	s, rep := auto.InferWith(in.Columns, in.Rows, auto.Options{IDColumn: "unique_id", Ignore: []string{"cluster"}})
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[string]auto.Kind{"unique_id": auto.Ignored, "first_name": auto.FirstName, "surname": auto.Surname,
		"dob": auto.BirthDate, "city": auto.Place, "email": auto.Email, "cluster": auto.Ignored}
	if got := kinds(rep); !equalMaps(got, want) {
		t.Errorf("kinds %v\nwant  %v", got, want)
	}
	for _, c := range s.Comparisons {
		if c.Name == "cluster" {
			t.Error("the truth column was modelled")
		}
		if c.Name == "dob" && !slices.ContainsFunc(c.Levels, func(l linkage.Level) bool { return l.Kind == linkage.KindDateTransposed }) {
			t.Error("dob has no level for day and month swapped")
		}
	}
}

func equalMaps(a, b map[string]auto.Kind) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// table builds n rows of a constructed table, each column from a function
// of the row number.
func table(n int, cols []string, f func(i int) []string) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = f(i)
	}
	return rows
}

func TestConstructed(t *testing.T) {
	firsts := []string{"Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Lily", "Jack", "Freya", "Leo", "Mia", "Harry", "Ella", "Oscar", "Grace", "Henry", "Ruby", "Theo", "Evie", "Alfie", "Rosie", "Archie"}
	surs := []string{"Smith", "Jones", "Taylor", "Brown", "Evans", "Wilson", "Patel", "Khan", "Wright", "Walker", "White", "Hughes", "Green", "Hall", "Wood", "Clarke", "Lewis", "Harris", "Martin", "Cooper", "Ward", "Moore", "King", "Baker"}
	cols := []string{"ref", "col_a", "col_b", "born", "gender", "pc", "notes", "nhs", "empty"}
	rows := table(2000, cols, func(i int) []string {
		// NHS-like numbers with a check digit are not needed here: ten
		// digits, distinct per person.
		return []string{
			fmt.Sprintf("R%d", i),
			firsts[i%len(firsts)] + []string{"", "a", "e", "o", "y"}[i/len(firsts)%5],
			surs[i%len(surs)] + []string{"", "s", "son", "ley", "ton", "er", "ford"}[i/len(surs)%7],
			fmt.Sprintf("%02d/%02d/%d", 1+i%28, 1+i%12, 2008+i%17),
			[]string{"M", "F"}[i%2],
			fmt.Sprintf("LS%d %d%s", 1+i%20, i%10, []string{"AB", "DE", "FG", "HJ"}[i%4]),
			fmt.Sprintf("visited on day %d; said the child was well and attending school number %d", i, i*7),
			fmt.Sprintf("%010d", 4000000000+i*7919),
			"",
		}
	})
	s, rep := auto.Infer(cols, rows, "ref")
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	got := kinds(rep)
	want := map[string]auto.Kind{"ref": auto.Ignored, "col_a": auto.Name, "col_b": auto.Name, "born": auto.BirthDate,
		"gender": auto.Sex, "pc": auto.Postcode, "notes": auto.Text, "nhs": auto.ID, "empty": auto.Ignored}
	if !equalMaps(got, want) {
		t.Errorf("kinds %v\nwant  %v", got, want)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, `"empty" is ignored: every value is missing`) }) {
		t.Errorf("no note on the empty column: %q", rep.Notes)
	}
	for _, c := range s.Comparisons {
		if c.Name == "empty" {
			t.Error("the empty column was compared")
		}
	}
	used := map[string]bool{}
	for _, r := range s.Blocking {
		for _, k := range r.Keys {
			used[k.Column] = true
		}
	}
	if used["notes"] {
		t.Error("blocked on free text")
	}
	for _, c := range []string{"pc", "born", "col_b"} {
		if !used[c] {
			t.Errorf("no blocking on %s: %q", c, ruleNames(s))
		}
	}
	// Every NHS number differs, so blocking on it makes no pairs and is
	// dropped with that reason.
	if !slices.ContainsFunc(rep.Rules, func(r auto.Rule) bool {
		return r.Rule.Name == "same nhs" && !r.Kept && r.Reason == "makes no candidate pairs"
	}) {
		t.Errorf("rules %+v", rep.Rules)
	}
	if !slices.ContainsFunc(s.Blocking, func(r linkage.BlockingRule) bool {
		return r.Keys[0].Column == "pc" && r.Keys[0].Transform == "postcode_district"
	}) {
		t.Errorf("no postcode district rule: %q", ruleNames(s))
	}
}

func TestBudgetDropsRules(t *testing.T) {
	// 400 records, all born in 2010 to two families of surnames sounding
	// alike: soundex(surname) + year makes 2 × C(200, 2) = 39,800 pairs,
	// over a budget of 10,000, so the rule is dropped with a reason.
	cols := []string{"id", "first_name", "surname", "dob"}
	rows := table(400, cols, func(i int) []string {
		return []string{fmt.Sprint(i), fmt.Sprintf("Name%c%c", 'a'+i%26, 'a'+i/26%26), []string{"Smith", "Smyth", "Jones", "Jonas"}[i%4], fmt.Sprintf("2010-%02d-%02d", 1+i%12, 1+i/12%28)}
	})
	s, rep := auto.InferWith(cols, rows, auto.Options{IDColumn: "id", PairBudget: 10000})
	var found bool
	for _, r := range rep.Rules {
		if r.Rule.Name == "surname sounds alike and same year of birth" {
			found = true
			if r.Pairs != 39800 || r.Kept || !strings.Contains(r.Reason, "more than the 10000") {
				t.Errorf("%+v", r)
			}
		}
	}
	if !found {
		t.Fatal("the rule was not considered")
	}
	for _, r := range s.Blocking {
		if r.Name == "surname sounds alike and same year of birth" {
			t.Error("a rule over budget was kept")
		}
	}
}

func TestRulePairs(t *testing.T) {
	cols := []string{"src", "id", "surname", "dob"}
	rows := [][]string{
		{"a", "1", "Smith", "2010-01-02"},
		{"a", "2", "Smyth", "02/01/2010"}, // same soundex, same date written the British way
		{"b", "1", "SMITH", "20100102"},
		{"b", "2", "Jones", "2010-01-02"},
		{"b", "3", "", "2011-05-05"}, // no surname: no key
	}
	rule := linkage.BlockingRule{Keys: []linkage.Key{{Column: "surname", Transform: "soundex"}, {Column: "dob", Transform: "year"}}}
	// Block S530+2010 holds rows 0, 1, 2: 3 pairs, 2 across sources.
	if n, _, err := auto.RulePairs(cols, rows, rule, -1, 0); err != nil || n != 3 {
		t.Errorf("dedupe pairs %d, %v; want 3", n, err)
	}
	if n, _, _ := auto.RulePairs(cols, rows, rule, 0, 0); n != 2 {
		t.Errorf("link pairs %d, want 2", n)
	}
	if n, skipped, _ := auto.RulePairs(cols, rows, rule, -1, 2); n != 0 || skipped != 1 {
		t.Errorf("with blocks of at most 2: %d pairs, %d skipped", n, skipped)
	}
	date := linkage.BlockingRule{Keys: []linkage.Key{{Column: "dob", Transform: "date"}}}
	pairs, err := auto.CandidatePairs(cols, rows, []linkage.BlockingRule{rule, date}, -1, 0)
	// The date rule adds row 3 to the block: C(4, 2) = 6 distinct pairs.
	if err != nil || len(pairs) != 6 {
		t.Errorf("union %v, %v; want 6 pairs", pairs, err)
	}
	if _, _, err := auto.RulePairs(cols, rows, linkage.BlockingRule{Keys: []linkage.Key{{Column: "nope"}}}, -1, 0); err == nil {
		t.Error("a missing column was accepted")
	}
}
