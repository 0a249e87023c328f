package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	"github.com/duckdb/duckdb-go/v2"

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
// education and health records without any id in the database.
func (s *Store) KeepPersonIndex(ctx context.Context, linkage string, key []byte, records []PersonRecord) error {
	p, err := pseudo.New(key)
	if err != nil {
		return err
	}
	if linkage == "" {
		return fmt.Errorf("keep person index: the linkage needs a name")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, `DELETE FROM person_index WHERE linkage = ?`, linkage); err != nil {
		return err
	}
	now := time.Now().UTC()
	seen := map[[2]string]bool{}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "person_index")
		if err != nil {
			return err
		}
		for i, r := range records {
			if i%4096 == 0 && ctx.Err() != nil {
				a.Close()
				return ctx.Err()
			}
			if r.Source == "" || r.Record == "" || r.Person == "" {
				a.Close()
				return fmt.Errorf("keep person index: record %d lacks its source, id or person", i+1)
			}
			k := [2]string{r.Source, r.Record}
			if seen[k] {
				a.Close()
				return fmt.Errorf("keep person index: %s record %d is given twice", r.Source, i+1)
			}
			seen[k] = true
			if err := a.AppendRow(linkage, r.Source, p.Of(r.Record), p.Of("person:"+linkage+":"+r.Person), r.Probability, now); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}

// PersonIndex reads a linkage's person index, by person then source: ids
// are the pseudonyms kept, never the originals.
func (s *Store) PersonIndex(ctx context.Context, linkage string) ([]PersonRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, record, person, probability FROM person_index WHERE linkage = ? ORDER BY person, source, record`, linkage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonRecord
	for rows.Next() {
		var r PersonRecord
		if err := rows.Scan(&r.Source, &r.Record, &r.Person, &r.Probability); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PersonsAcross counts, for a linkage, the persons found in each
// combination of sources ("health+school+social care": 120), so a council
// sees how many children in care are known to health and schools without
// seeing any child.
func (s *Store) PersonsAcross(ctx context.Context, linkage string) (map[string]int, error) {
	recs, err := s.PersonIndex(ctx, linkage)
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
		var names []string
		for n := range srcs {
			names = append(names, n)
		}
		sort.Strings(names)
		k := ""
		for i, n := range names {
			if i > 0 {
				k += "+"
			}
			k += n
		}
		out[k]++
	}
	return out, nil
}
