package peers

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sightline-uk/sightline/export"
)

func TestBriefAndItsWorkbook(t *testing.T) {
	m := realData(t)
	b, err := m.Brief("E08000012", "rereferral_pct", 0)
	if err != nil {
		t.Fatal(err)
	}
	st := b.Standing
	cmp := m.tab.Compare("rereferral_pct", "E08000012", 2025)
	if *st.Value != cmp.Value.Num || *st.England != cmp.England.Num || *st.Region != cmp.Region.Num || st.Rank != cmp.Rank || st.Band != cmp.Band {
		t.Errorf("standing %+v disagrees with the published comparison %+v", st, cmp)
	}
	if st.NeighbourMean == nil || st.NeighbourCount != cmp.NeighbourCount || st.NeighbourModel != "2025" {
		t.Errorf("neighbours: mean %v of %d (%s), comparison %d", st.NeighbourMean, st.NeighbourCount, st.NeighbourModel, cmp.NeighbourCount)
	}
	// Beyond the upper limit at Liverpool's denominator: the limits bracket
	// England and the value lies above them.
	if st.Lower == nil || st.Upper == nil || !(*st.Lower < *st.England && *st.England < *st.Upper && *st.Upper < *st.Value) {
		t.Errorf("limits %v–%v around England %v, value %v", st.Lower, st.Upper, *st.England, *st.Value)
	}
	if b.Framework.Outcome == "" || len(b.EnablerMeanings) != len(b.Framework.Enablers) || len(b.Framework.Enablers) == 0 {
		t.Errorf("framework %+v, meanings %v", b.Framework, b.EnablerMeanings)
	}
	words := strings.Join(b.Evidence, " ")
	for _, want := range []string{"30.5%", "Liverpool", "worse than expected", b.Peers[0].Name, "family help", "partners"} {
		if !strings.Contains(words, want) {
			t.Errorf("evidence does not mention %q:\n%s", want, words)
		}
	}
	if b.Summary.Peers != len(b.Peers) || b.Summary.Neighbours == 0 || b.Summary.MedianGapClosed <= 0 {
		t.Errorf("summary %+v", b.Summary)
	}
	if _, err := json.Marshal(b); err != nil {
		t.Fatalf("brief does not encode as JSON: %v", err)
	}

	// The workbook: one data sheet with the brief's sections, numbers as
	// numbers.
	tab := b.Table()
	var x bytes.Buffer
	if err := export.WriteXLSX(&x, tab); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(io.NopCloser(&x))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "section,council_code,council_name,year,value,england,detail" {
		t.Fatalf("header %v", rows[0])
	}
	sections := map[string]int{}
	episodes := 0
	for _, p := range b.Peers {
		episodes += len(p.Episodes)
	}
	for _, r := range rows[1:] {
		sections[r[0]]++
		if r[0] == "standing" && r[1] == "E08000012" {
			if v, err := strconv.ParseFloat(r[4], 64); err != nil || v != 30.5 {
				t.Errorf("standing row %v, want Liverpool at 30.5", r)
			}
			if !strings.Contains(r[6], "worse") {
				t.Errorf("standing row %v does not say worse", r)
			}
		}
	}
	if sections["peer"] != episodes || sections["trajectory"] != len(b.Trajectory) || sections["evidence"] != len(b.Evidence) ||
		sections["framework"] == 0 || sections["method"] == 0 || sections["ofsted"] == 0 {
		t.Errorf("sections %v; %d peer episodes, %d trajectory years", sections, episodes, len(b.Trajectory))
	}
	cell, _ := excelize.CoordinatesToCellName(5, 2)
	if typ, _ := f.GetCellType("Data", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the value in %s is stored as text", cell)
	}
}

// A council within the limits gets a brief that says so.
func TestBriefForCouncilWithinLimits(t *testing.T) {
	m := realData(t)
	b, err := m.Brief("E08000025", "rereferral_pct", 2025)
	if err != nil {
		t.Fatal(err)
	}
	if b.Standing.Position.Standing != Similar || !strings.Contains(strings.Join(b.Evidence, " "), "not a concern") {
		t.Errorf("Birmingham standing %q, evidence %v", b.Standing.Position.Standing, b.Evidence)
	}
}
