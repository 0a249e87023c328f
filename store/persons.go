package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/pseudo"
)

// PersonRecord is one partner record in the person index: the source it
// came from, its id there, the person (a linkage cluster) it belongs to and
// the probability of its best link (0 for a record linked to no other).
type PersonRecord struct {
	Source      string
	Record      string
	Person      string
	Probability float64
}

// KeepPersonIndex replaces a named linkage's person index, atomically.
// Record ids and person ids are stored as keyed pseudonyms: a social care
// record's pseudonym is the one its child has in kept SSDA903 returns and
// CIN censuses under the same key, so children in care join to their
// education and health records without any id in the database. Records are
// checked before anything is written: one lacking its source, id or person,
// or given twice, refuses the whole index.
func (c *Core) KeepPersonIndex(ctx context.Context, linkage string, key []byte, records []PersonRecord) error {
	p, err := pseudo.New(key)
	if err != nil {
		return err
	}
	if linkage == "" {
		return fmt.Errorf("keep person index: the linkage needs a name")
	}
	seen := make(map[[2]string]bool, len(records))
	for i, r := range records {
		if r.Source == "" || r.Record == "" || r.Person == "" {
			return fmt.Errorf("keep person index: record %d lacks its source, id or person", i+1)
		}
		k := [2]string{r.Source, r.Record}
		if seen[k] {
			return fmt.Errorf("keep person index: %s record %d is given twice", r.Source, i+1)
		}
		seen[k] = true
	}
	now := time.Now().UTC()
	err = c.inTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, "person index "+linkage); err != nil {
			return err
		}
		if err := tx.Exec(ctx, `DELETE FROM person_index WHERE linkage = $1`, linkage); err != nil {
			return err
		}
		rows := Indexed(ctx, keepEvery, len(records), func(i int) []any {
			r := records[i]
			return []any{linkage, r.Source, p.Of(r.Record), p.Of("person:" + linkage + ":" + r.Person), r.Probability, now}
		})
		return tx.Append(ctx, "person_index", []string{"linkage", "source", "record", "person", "probability", "kept_at"}, rows)
	})
	if err != nil {
		return fmt.Errorf("keep person index %s: %w", linkage, cancelled(ctx, err))
	}
	return nil
}

// PersonIndex reads a linkage's person index, by person then source: ids
// are the pseudonyms kept, never the originals.
func (c *Core) PersonIndex(ctx context.Context, linkage string) ([]PersonRecord, error) {
	var out []PersonRecord
	err := c.each(ctx, func(rs Rows) error {
		var r PersonRecord
		err := rs.Scan(&r.Source, &r.Record, &r.Person, &r.Probability)
		out = append(out, r)
		return err
	}, `SELECT source, record, person, probability FROM person_index WHERE linkage = $1 ORDER BY person, source, record`, linkage)
	return out, err
}

// PersonsAcross counts, for a linkage, the persons found in each
// combination of sources ("health+school+social care": 120), so a council
// sees how many children in care are known to health and schools without
// seeing any child.
func (c *Core) PersonsAcross(ctx context.Context, linkage string) (map[string]int, error) {
	recs, err := c.PersonIndex(ctx, linkage)
	if err != nil {
		return nil, err
	}
	by := map[string]map[string]bool{}
	for _, r := range recs {
		if by[r.Person] == nil {
			by[r.Person] = map[string]bool{}
		}
		by[r.Person][r.Source] = true
	}
	out := map[string]int{}
	for _, srcs := range by {
		names := make([]string, 0, len(srcs))
		for n := range srcs {
			names = append(names, n)
		}
		sort.Strings(names)
		out[strings.Join(names, "+")]++
	}
	return out, nil
}
