package http_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/cin"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// TestOwnReturnOnCouncilPage keeps a return for Birmingham (LA 330) and
// expects its suppressed aggregates on the council page, and no child-level
// data anywhere in the page.
func TestOwnReturnOnCouncilPage(t *testing.T) {
	paths, _ := filepath.Glob("../ssda903/testdata/fake_2017/*.csv")
	var files []ssda903.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ssda903.File{Name: p, Data: data})
	}
	ret, err := ssda903.ReadFiles(2018, "330", files)
	if err != nil {
		t.Fatal(err)
	}
	results := measure.Compute(ret, measure.Options{Population: 290000})
	key := make([]byte, 32)
	ctx := context.Background()
	if err := fixture.store.KeepReturn903(ctx, "330", 2018, ret, key, results...); err != nil {
		t.Fatal(err)
	}
	if err := fixture.srv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	page := string(getOK(t, "/councils/E08000025"))
	if !strings.Contains(page, `id="own-return"`) || !strings.Contains(page, "Children looked after at 31 March") {
		t.Fatal("Birmingham's page lacks the figures from its own return")
	}
	// 1,201 children looked after at 31 March 2018 in the fake return.
	if !strings.Contains(page, "1,201") {
		t.Error("the count of children looked after at 31 March (1,201) is not shown")
	}
	h := ret.T(ssda903.Header)
	for i := 0; i < h.Len(); i++ {
		id, upn := h.Str(i, "CHILD"), h.Str(i, "UPN")
		if len(id) >= 5 && strings.Contains(page, ">"+id+"<") || upn != "" && strings.Contains(page, upn) {
			t.Fatalf("child-level identifier %q / %q appears on the public page", id, upn)
		}
	}
	// Other councils show no such section.
	if strings.Contains(string(getOK(t, "/councils/E08000026")), `id="own-return"`) {
		t.Error("Coventry kept no return but shows one")
	}
}

// TestOwnCensusOnCouncilPage keeps the fake CIN census as Hartlepool's (LA
// 805) and expects its suppressed aggregates beside DfE's published figures
// for 2022/23, and no child-level data in the page.
func TestOwnCensusOnCouncilPage(t *testing.T) {
	data, err := os.ReadFile("../cin/testdata/fake/fake_CIN_data.xml")
	if err != nil {
		t.Fatal(err)
	}
	ret, err := cin.Read("fake.xml", []byte(strings.Replace(string(data), "<LEA>975</LEA>", "<LEA>805</LEA>", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := fixture.store.KeepCIN(ctx, ret.LA, ret.Year, ret, make([]byte, 32), cinmeasure.Compute(ret, cinmeasure.Options{Population: 19000})...); err != nil {
		t.Fatal(err)
	}
	if err := fixture.srv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	page := string(getOK(t, "/councils/E06000001"))
	if !strings.Contains(page, `id="own-return"`) || !strings.Contains(page, "Re-referrals within 12 months") {
		t.Fatal("Hartlepool's page lacks the figures from its own census")
	}
	// 39 referrals in the fake census; DfE published 2,122 for Hartlepool
	// in 2022/23, and 27.7% re-referrals (the fake's 7 of 39: 17.9%).
	for _, want := range []string{">39<", "2,122", "27.7", "17.9"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	ci := ret.T(cin.ChildIdentifiers)
	for i := 0; i < ci.Len(); i++ {
		if id, upn := ci.Str(i, "LAchildID"), ci.Str(i, "UPN"); strings.Contains(page, id) || upn != "" && strings.Contains(page, upn) {
			t.Fatalf("child-level identifier %q / %q appears on the public page", id, upn)
		}
	}
}
