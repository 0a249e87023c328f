package rules

import (
	"reflect"
	"strings"
	"testing"
)

type ret struct{ rows []string }

func rowsWith(sub string) func(ret) []Hit {
	return func(d ret) []Hit {
		var h []Hit
		for i, r := range d.rows {
			if strings.Contains(r, sub) {
				h = append(h, Hit{"T", i}, Hit{"T", i})
			}
		}
		return h
	}
}

func TestLayeredSets(t *testing.T) {
	y1 := NewSet("2023", nil,
		Add(&Rule[ret]{Code: "101", Message: "has x", Check: rowsWith("x")}),
		Add(&Rule[ret]{Code: "102", Message: "has y", Check: rowsWith("y")}),
		Add(&Rule[ret]{Code: "103", Message: "has z", Check: rowsWith("z")}),
	)
	// The next year modifies 101, deletes 103 and adds 104, without copying 102.
	y2 := NewSet("2024", y1,
		Add(&Rule[ret]{Code: "101", Message: "has x twice", Check: rowsWith("xx")}),
		Delete[ret]("103"),
		Add(&Rule[ret]{Code: "104", Message: "has w", Check: rowsWith("w")}),
	)
	if y1.Rule("103") == nil || y2.Rule("103") != nil || y2.Rule("104") == nil || y1.Rule("104") != nil {
		t.Fatal("deletion and addition must affect only the new year")
	}
	if y2.Rule("102") != y1.Rule("102") {
		t.Error("an unchanged rule is shared, not copied")
	}
	if y2.Rule("101").Message != "has x twice" || y1.Rule("101").Message != "has x" {
		t.Error("a modification replaces the rule in the new year only")
	}
	res := Run(y2, ret{rows: []string{"x", "xx", "y", "w"}})
	got := map[string][]Hit{}
	for _, r := range res {
		got[r.Code] = r.Hits
	}
	if len(got["101"]) != 1 || got["101"][0].Row != 1 {
		t.Errorf("101 hits %v, want row 1 once (duplicates removed)", got["101"])
	}
	if len(got["102"]) != 1 || got["102"][0].Row != 2 || len(got["104"]) != 1 {
		t.Errorf("hits %v", got)
	}
}

func TestPanickingRuleIsReportedNotFatal(t *testing.T) {
	s := NewSet("2024", nil,
		Add(&Rule[ret]{Code: "1", Check: func(ret) []Hit { panic("index out of range") }}),
		Add(&Rule[ret]{Code: "2", Check: rowsWith("a")}),
	)
	res := Run(s, ret{rows: []string{"a"}})
	if res[0].Err == nil || res[1].Err != nil || len(res[1].Hits) != 1 {
		t.Fatalf("results %+v", res)
	}
}

func TestCodeOrder(t *testing.T) {
	codes := []string{"SW01STG1", "1000", "197B", "INT01", "101", "197a", "102", "EPI"}
	want := []string{"101", "102", "197a", "197B", "1000", "EPI", "INT01", "SW01STG1"}
	s := NewSet[ret]("y", nil)
	for _, c := range codes {
		s = NewSet("y", s, Add(&Rule[ret]{Code: c, Check: func(ret) []Hit { return nil }}))
	}
	var got []string
	for _, r := range s.Rules() {
		got = append(got, r.Code)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestDeclarationErrorsPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("deleting an unknown rule must panic")
		}
	}()
	NewSet("y", nil, Delete[ret]("999"))
}

type supplied struct {
	ret
	has map[string]bool
}

func (s supplied) Supplied(n string) bool { return s.has[n] }

func TestRulesNeedingReferenceDataAreSkippedAndSaidSo(t *testing.T) {
	s := NewSet("y", nil,
		Add(&Rule[supplied]{Code: "1", Needs: []string{"postcodes"}, Check: func(supplied) []Hit { return []Hit{{"T", 0}} }}),
		Add(&Rule[supplied]{Code: "2", Check: func(supplied) []Hit { return []Hit{{"T", 0}} }}),
	)
	res := Run(s, supplied{has: map[string]bool{}})
	if res[0].Skipped != "postcodes" || len(res[0].Hits) != 0 || len(res[1].Hits) != 1 {
		t.Fatalf("without postcodes: %+v", res)
	}
	res = Run(s, supplied{has: map[string]bool{"postcodes": true}})
	if res[0].Skipped != "" || len(res[0].Hits) != 1 {
		t.Fatalf("with postcodes: %+v", res)
	}
}

func TestMerge(t *testing.T) {
	a := &Report{RuleSet: "2024/25", Rules: 3,
		Findings:   []Finding{{Rule: "2", File: "a.xml"}, {Rule: "10", File: "a.xml"}},
		Summary:    []RuleCount{{Rule: "2", Rows: 1, Records: 1}, {Rule: "10", Rows: 1, Records: 1}},
		NotChecked: []Result{{Code: "7", Skipped: "postcodes"}}}
	b := &Report{RuleSet: "2024/25", Rules: 3,
		Findings:   []Finding{{Rule: "10", File: "b.xml"}, {Rule: "10", File: "b.xml"}},
		Summary:    []RuleCount{{Rule: "10", Rows: 2, Records: 1}},
		NotChecked: []Result{{Code: "7", Skipped: "postcodes"}}}
	m := Merge(a, nil, b)
	if m.RuleSet != "2024/25" || m.Rules != 3 || len(m.Findings) != 4 || m.Findings[2].File != "b.xml" {
		t.Errorf("merged: %+v", m)
	}
	want := []RuleCount{{Rule: "2", Rows: 1, Records: 1}, {Rule: "10", Rows: 3, Records: 2}}
	if !reflect.DeepEqual(m.Summary, want) {
		t.Errorf("summary %+v, want %+v", m.Summary, want)
	}
	if len(m.NotChecked) != 1 {
		t.Errorf("not checked listed %d times", len(m.NotChecked))
	}
	if e := Merge(); e.Findings != nil || e.Summary != nil {
		t.Errorf("empty merge: %+v", e)
	}
}
