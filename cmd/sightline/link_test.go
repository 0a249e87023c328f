package main

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/pseudo"
)

// Linking FEBRL4's two files with an inferred model, trained without
// labels, finds the true pairs (F1 ≥ 0.97, the aim); the trained
// model reloads and explains a pair; bad input is refused clearly.
func TestLinkFEBRL4(t *testing.T) {
	a, b := "../../linkage/testdata/febrl_dataset4a.csv.gz", "../../linkage/testdata/febrl_dataset4b.csv.gz"
	out := t.TempDir()
	code, stdout, errs := runCmd(t, "link", "--input", a, "--input", b, "--id-column", "rec_id", "--settings", "auto", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "10000 records") {
		t.Errorf("summary: %s", stdout)
	}
	f, err := os.Open(filepath.Join(out, "pairs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) < 2 || rows[0][0] != "unique_id_l" {
		t.Fatalf("pairs.csv: %v", err)
	}
	ent := regexp.MustCompile(`rec-(\d+)-`)
	tp := 0
	for _, r := range rows[1:] {
		if ent.FindStringSubmatch(r[0])[1] == ent.FindStringSubmatch(r[1])[1] {
			tp++
		}
	}
	links, truePairs := len(rows)-1, 5000 // each 4a record has one duplicate in 4b
	f1 := 2 * float64(tp) / float64(links+truePairs)
	t.Logf("FEBRL4: %d links, %d true; precision %.4f recall %.4f F1 %.4f", links, tp, float64(tp)/float64(links), float64(tp)/float64(truePairs), f1)
	if f1 < 0.97 {
		t.Errorf("F1 %.4f below 0.97", f1)
	}
	clusters, _ := os.ReadFile(filepath.Join(out, "clusters.csv"))
	if !strings.HasPrefix(string(clusters), "unique_id,cluster_id\n") || strings.Count(string(clusters), "\n") != 10001 {
		t.Errorf("clusters.csv starts %.80q with %d lines", clusters, strings.Count(string(clusters), "\n"))
	}
	for _, name := range []string{"model.json", "auto.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The saved model, reloaded, explains a pair without training again.
	code, stdout, errs = runCmd(t, "link", "--input", a, "--input", b, "--id-column", "rec_id", "--settings", filepath.Join(out, "model.json"),
		"--explain", "febrl_dataset4a/rec-1070-org,febrl_dataset4b/rec-1070-dup-0")
	if code != 0 || strings.Contains(errs, "trained without labels") || !strings.Contains(stdout, "prior") || !strings.Contains(stdout, "a link at threshold") {
		t.Errorf("explain: exit %d\n%s\n%s", code, stdout, errs)
	}
	for _, bad := range [][]string{
		{"link", "--input", a, "--out", out},
		{"link", "--id-column", "rec_id", "--out", out},
		{"link", "--input", a, "--id-column", "nope", "--out", out},
		{"link", "--input", a, "--input", "../../linkage/testdata/fake_1000.csv", "--id-column", "rec_id", "--out", out},
	} {
		if code, _, errs := runCmd(t, bad...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, want 2 with a message", bad[1:], code)
		}
	}
}

// fake_1000 deduplicated with an inferred model and with the hand-written
// one in linkage/testdata, scored against the `cluster` truth and against
// the 3,176 clerically labelled pairs.
func TestLinkFake1000(t *testing.T) {
	data := "../../linkage/testdata/fake_1000.csv"
	raw, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	cluster := map[string]string{}
	size := map[string]int{}
	for _, r := range rows[1:] {
		cluster[r[0]] = r[len(r)-1]
		size[r[len(r)-1]]++
	}
	truePairs := 0
	for _, n := range size {
		truePairs += n * (n - 1) / 2
	}
	labelled := readGzipCSV(t, "../../linkage/testdata/fake_1000_labels.csv.gz")
	for _, c := range []struct {
		settings string
		minF1    float64
	}{{"auto", 0.85}, {"../../linkage/testdata/fake_1000_model.json", 0.70}} {
		out := t.TempDir()
		if code, _, errs := runCmd(t, "link", "--input", data, "--id-column", "unique_id", "--settings", c.settings, "--out", out); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.settings, code, errs)
		}
		f, _ := os.Open(filepath.Join(out, "pairs.csv"))
		pairs, _ := csv.NewReader(f).ReadAll()
		f.Close()
		linked := map[[2]string]bool{}
		tp := 0
		for _, p := range pairs[1:] {
			linked[[2]string{p[0], p[1]}], linked[[2]string{p[1], p[0]}] = true, true
			if cluster[p[0]] == cluster[p[1]] {
				tp++
			}
		}
		links := len(pairs) - 1
		f1 := 2 * float64(tp) / float64(links+truePairs)
		// The clerical labels: a pair labelled a match (score ≥ 0.5) should
		// be linked, one labelled a non-match should not.
		agree := 0
		for _, l := range labelled[1:] {
			score, err := strconv.ParseFloat(l[4], 64)
			if err != nil {
				t.Fatalf("label %v: %v", l, err)
			}
			match := score >= 0.5
			if linked[[2]string{l[0], l[2]}] == match {
				agree++
			}
		}
		t.Logf("fake_1000 with %s: %d links, precision %.4f recall %.4f F1 %.4f against the clusters; %d of %d labelled pairs agree (%.3f)",
			c.settings, links, float64(tp)/float64(max(links, 1)), float64(tp)/float64(truePairs), f1, agree, len(labelled)-1, float64(agree)/float64(len(labelled)-1))
		if f1 < c.minF1 {
			t.Errorf("%s: F1 %.4f below %.2f", c.settings, f1, c.minF1)
		}
	}
}

func readGzipCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The synthetic multi-agency extract links across its four agencies, and
// the clusters are kept as the person index with each social care record
// under the pseudonym its child's kept returns would carry.
func TestLinkAgenciesAndKeepThePersonIndex(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCmd(t, "synth", "people", "--children", "300", "--seed", "5", "--out", dir); code != 0 || !strings.Contains(out, "4 agencies") {
		t.Fatalf("synth people: exit %d %s %s", code, out, errs)
	}
	var args []string
	for _, s := range []string{"social_care", "school_census", "health", "police"} {
		args = append(args, "--input", filepath.Join(dir, s+".csv"))
	}
	db, key := filepath.Join(dir, "p.duckdb"), filepath.Join(dir, "k.key")
	code, out, errs := runCmd(t, append([]string{"link", "--id-column", "record_id", "--link-type", "link_and_dedupe", "--out", filepath.Join(dir, "out"),
		"--keep", "agencies", "--db", db, "--key-file", key}, args...)...)
	if code != 0 || !strings.Contains(out, `kept the person index "agencies"`) {
		t.Fatalf("link --keep: exit %d\n%s\n%s", code, out, errs)
	}
	// Scored against the truth the generator wrote.
	truth := map[string]string{}
	f, _ := os.Open(filepath.Join(dir, "truth.csv"))
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	for _, r := range rows[1:] {
		truth[r[0]+"/"+r[1]] = r[2]
	}
	f, _ = os.Open(filepath.Join(dir, "out", "pairs.csv"))
	pairs, _ := csv.NewReader(f).ReadAll()
	f.Close()
	tp := 0
	for _, p := range pairs[1:] {
		if truth[p[0]] == "" || truth[p[1]] == "" {
			t.Fatalf("an id not as the source wrote it: %v", p)
		}
		if truth[p[0]] == truth[p[1]] {
			tp++
		}
	}
	if precision := float64(tp) / float64(len(pairs)-1); precision < 0.98 {
		t.Errorf("precision %.3f on the synthetic agencies", precision)
	}
	s, err := duckdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	index, err := s.PersonIndex(context.Background(), "agencies")
	if err != nil || len(index) != len(truth) {
		t.Fatalf("%d records in the person index, want %d: %v", len(index), len(truth), err)
	}
	k, err := pseudo.ReadKey(key)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for id := range truth {
		if src, rec, _ := strings.Cut(id, "/"); src == "social_care" {
			want[pseudo.Pseudonym(k, rec)] = true
		}
	}
	for _, r := range index {
		if r.Source == "social_care" && !want[r.Record] {
			t.Fatalf("social care record %s is not its child's pseudonym", r.Record)
		}
	}
}
