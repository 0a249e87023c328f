package duckdb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/pseudo"
)

// The person index keeps pseudonyms only, replaces a linkage whole, joins a
// social care record to the child's kept returns by the same pseudonym,
// and counts persons across sources.
func TestPersonIndex(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "p.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key := []byte("0123456789abcdef0123456789abcdef")
	recs := []PersonRecord{
		{Source: "social care", Record: "CHILD-001", Person: "1", Probability: 0.99},
		{Source: "school", Record: "UPN-A123", Person: "1", Probability: 0.99},
		{Source: "health", Record: "NHS-9434765919", Person: "1", Probability: 0.97},
		{Source: "social care", Record: "CHILD-002", Person: "2"},
		{Source: "school", Record: "UPN-B456", Person: "3", Probability: 0.95},
		{Source: "health", Record: "NHS-4010232137", Person: "3", Probability: 0.95},
	}
	if err := s.KeepPersonIndex(ctx, "2025", key, recs); err != nil {
		t.Fatal(err)
	}
	got, err := s.PersonIndex(ctx, "2025")
	if err != nil || len(got) != len(recs) {
		t.Fatalf("%d records, %v", len(got), err)
	}
	for _, r := range got {
		for _, raw := range []string{"CHILD-", "UPN-", "NHS-"} {
			if strings.Contains(r.Record, raw) || strings.Contains(r.Person, raw) {
				t.Fatalf("an id is kept in the clear: %+v", r)
			}
		}
	}
	// The social care pseudonym is the child's pseudonym in kept returns.
	want := pseudo.Pseudonym(key, "CHILD-001")
	found := false
	for _, r := range got {
		if r.Source == "social care" && r.Record == want {
			found = true
		}
	}
	if !found {
		t.Error("the social care record does not carry the child's pseudonym")
	}
	across, err := s.PersonsAcross(ctx, "2025")
	if err != nil || across["health+school+social care"] != 1 || across["social care"] != 1 || across["health+school"] != 1 {
		t.Errorf("persons across sources %v, %v", across, err)
	}
	// Keeping again replaces the linkage; a bad record leaves it as it was.
	if err := s.KeepPersonIndex(ctx, "2025", key, recs[:2]); err != nil {
		t.Fatal(err)
	}
	bad := append(recs[:2:2], PersonRecord{Source: "school", Record: "UPN-A123", Person: "9"})
	if err := s.KeepPersonIndex(ctx, "2025", key, bad); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a record given twice: %v", err)
	}
	if got, _ := s.PersonIndex(ctx, "2025"); len(got) != 2 {
		t.Errorf("after a failed keep, %d records, want the 2 kept before", len(got))
	}
}
