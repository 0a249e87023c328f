package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
	"github.com/sightline-uk/sightline/ssda903/pseudo"
)

// Dropped903 are the fields of a return never kept: the child's UPN, and
// home and placement postcodes, which would identify a child or a carer's
// home without the key. CHILD is kept only as its pseudonym.
var Dropped903 = map[string]bool{"CHILD": true, "UPN": true, "HOME_POST": true, "PL_POST": true}

// KeepReturn903 keeps a council's SSDA903 return for a year, pseudonymised
// under key, with the indicators computed from it, replacing whatever was
// kept for the same council and year, in one transaction: a reader sees the
// old return or the new one, never a mixture.
//
// Tables are kept in long form in cells_903, one row per cell: return_id,
// table, the row's number in its table, the child's pseudonym, the field
// and its value. The raw CHILD id, UPN and postcodes are never written; the
// key is never written either, so the database alone cannot link a
// pseudonym back to a child, while the same key links a child across years.
func (s *Store) KeepReturn903(ctx context.Context, la string, year int, ret *ssda903.Return, key []byte, results ...measure.Result) error {
	p, err := pseudo.New(key)
	if err != nil {
		return err
	}
	if la == "" || year == 0 {
		return fmt.Errorf("keep 903: the council's LA number and the year are needed")
	}
	children := map[string]bool{}
	for _, name := range ssda903.TableNames {
		t := ret.Tables[name]
		for i := 0; i < t.Len(); i++ {
			if c := t.Str(i, "CHILD"); c != "" {
				children[c] = true
			}
		}
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
	for _, q := range []string{
		`DELETE FROM cells_903 WHERE return_id IN (SELECT id FROM returns_903 WHERE la = ? AND year = ?)`,
		`DELETE FROM returns_903 WHERE la = ? AND year = ?`,
		`DELETE FROM indicators_903 WHERE la = ? AND year = ?`,
	} {
		if _, err := conn.ExecContext(ctx, q, la, year); err != nil {
			return err
		}
	}
	var id int32
	if err := conn.QueryRowContext(ctx, `INSERT INTO returns_903 (la, year, kept_at, children) VALUES (?, ?, ?, ?) RETURNING id`,
		la, year, time.Now().UTC(), len(children)).Scan(&id); err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "cells_903")
		if err != nil {
			return err
		}
		for _, name := range ssda903.TableNames {
			t := ret.Tables[name]
			if t == nil {
				continue
			}
			for i, row := range t.Rows {
				if i%4096 == 0 && ctx.Err() != nil {
					a.Close()
					return ctx.Err()
				}
				child := p.Of(t.Str(i, "CHILD"))
				for j, col := range t.Columns {
					if Dropped903[col] || j >= len(row) {
						continue
					}
					var v driver.Value
					if row[j] != "" {
						v = row[j]
					}
					if err := a.AppendRow(id, name, int32(i+1), child, col, v); err != nil {
						a.Close()
						return fmt.Errorf("%s row %d: %w", name, i+1, err)
					}
				}
			}
		}
		return a.Close()
	})
	if err != nil {
		return fmt.Errorf("keep 903 %s %d: %w", la, year, err)
	}
	for _, r := range results {
		var den, v, sym any
		if r.Def() == nil || r.Def().Kind != measure.Count {
			den = r.Denominator
		}
		if r.Value.IsNumber() {
			v = r.Value.Num
		} else {
			sym = r.Value.Symbol
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO indicators_903 VALUES (?, ?, ?, ?, ?, ?, ?)`, la, year, r.ID, r.Numerator, den, v, sym); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}

// Indicators903 returns the indicators kept for a council's returns, oldest
// year first and in measure.Definitions order within a year, unsuppressed:
// show them with Result.Display. The reasons a figure was not available
// (Result.Note) are not kept.
func (s *Store) Indicators903(ctx context.Context, la string) ([]measure.Result, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT year, indicator, numerator, denominator, value, symbol FROM indicators_903 WHERE la = ? ORDER BY year, indicator`, la)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []measure.Result
	for rs.Next() {
		var r measure.Result
		var num, den, v sql.NullFloat64
		var sym sql.NullString
		if err := rs.Scan(&r.Year, &r.ID, &num, &den, &v, &sym); err != nil {
			return nil, err
		}
		r.Numerator, r.Denominator = num.Float64, den.Float64
		switch {
		case sym.Valid:
			r.Value = sightline.Sym(sym.String)
		case v.Valid:
			r.Value = sightline.Number(v.Float64)
		default:
			r.Value = sightline.Missing
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, d := range measure.Definitions {
		order[d.ID] = i
	}
	rank := func(id string) int {
		if i, ok := order[id]; ok {
			return i
		}
		return len(order) // ids from a newer Sightline last
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return rank(out[i].ID) < rank(out[j].ID)
	})
	return out, nil
}

// KeptLAs903 lists the councils (DfE LA numbers) with a kept return, so the
// website can show their own figures without asking about every council.
func (s *Store) KeptLAs903(ctx context.Context) ([]string, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT DISTINCT la FROM indicators_903 ORDER BY la`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var la string
		if err := rs.Scan(&la); err != nil {
			return nil, err
		}
		out = append(out, la)
	}
	return out, rs.Err()
}
