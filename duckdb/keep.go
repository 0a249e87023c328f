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
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/returns"
)

// keptKind describes one kind of return for keeping, so the SSDA903 and the
// CIN census are kept by the same code with the same guarantees: returns_K,
// cells_K and indicators_K hold them, K being kind.
type keptKind struct {
	kind    string          // the tables' suffix: "903", "cin"
	child   string          // the column naming the child, kept only as its pseudonym
	dropped map[string]bool // fields never kept (the child column among them)
	tables  []string        // the return's tables, in order
}

// keptFigure is one computed indicator as it is stored: the denominator is
// nil for a count, and the value either a number or a symbol.
type keptFigure struct {
	id          string
	num         float64
	den         any
	value, symb any
}

// storedFigure is one indicator read back.
type storedFigure struct {
	year     int
	id       string
	num, den float64
	value    sightline.Value
}

// figureOf turns a computed value into its stored value and symbol.
func figureOf(id string, num float64, den any, v sightline.Value) keptFigure {
	f := keptFigure{id: id, num: num, den: den}
	if v.IsNumber() {
		f.value = v.Num
	} else {
		f.symb = v.Symbol
	}
	return f
}

// keepReturn keeps a return's tables pseudonymised under key, with its
// figures, replacing whatever was kept for the same council and year, in
// one transaction: a reader sees the old return or the new one, never a
// mixture. Tables are kept in long form, one row per cell: return_id,
// table, the row's number in its table, the child's pseudonym ("" for a
// row naming no child, such as the CIN census header), the field and its
// value. The raw child id and the dropped fields are never written; the
// key is never written either, so the database alone cannot link a
// pseudonym back to a child, while the same key links a child across
// years.
func (s *Store) keepReturn(ctx context.Context, k keptKind, la string, year int, tables map[string]*returns.Table, key []byte, figs []keptFigure) error {
	p, err := pseudo.New(key)
	if err != nil {
		return err
	}
	if la == "" || year == 0 {
		return fmt.Errorf("keep %s: the council's LA number and the year are needed", k.kind)
	}
	children := map[string]bool{}
	for _, name := range k.tables {
		t := tables[name]
		for i := 0; i < t.Len(); i++ {
			if c := t.Str(i, k.child); c != "" {
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
		`DELETE FROM cells_%[1]s WHERE return_id IN (SELECT id FROM returns_%[1]s WHERE la = ? AND year = ?)`,
		`DELETE FROM returns_%[1]s WHERE la = ? AND year = ?`,
		`DELETE FROM indicators_%[1]s WHERE la = ? AND year = ?`,
	} {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(q, k.kind), la, year); err != nil {
			return err
		}
	}
	var id int32
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`INSERT INTO returns_%s (la, year, kept_at, children) VALUES (?, ?, ?, ?) RETURNING id`, k.kind),
		la, year, time.Now().UTC(), len(children)).Scan(&id); err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "cells_"+k.kind)
		if err != nil {
			return err
		}
		for _, name := range k.tables {
			t := tables[name]
			if t == nil {
				continue
			}
			for i, row := range t.Rows {
				if i%4096 == 0 && ctx.Err() != nil {
					a.Close()
					return ctx.Err()
				}
				child := ""
				if c := t.Str(i, k.child); c != "" {
					child = p.Of(c)
				}
				for j, col := range t.Columns {
					if k.dropped[col] || j >= len(row) {
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
		return fmt.Errorf("keep %s %s %d: %w", k.kind, la, year, err)
	}
	for _, f := range figs {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO indicators_%s VALUES (?, ?, ?, ?, ?, ?, ?)`, k.kind), la, year, f.id, f.num, f.den, f.value, f.symb); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}

// keptIndicators reads the indicators kept for a council's returns of a
// kind, oldest year first, in order of rank within a year (ids rank does
// not know, from a newer Sightline, last).
func (s *Store) keptIndicators(ctx context.Context, kind, la string, rank map[string]int) ([]storedFigure, error) {
	rs, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT year, indicator, numerator, denominator, value, symbol FROM indicators_%s WHERE la = ? ORDER BY year, indicator`, kind), la)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []storedFigure
	for rs.Next() {
		var f storedFigure
		var num, den, v sql.NullFloat64
		var sym sql.NullString
		if err := rs.Scan(&f.year, &f.id, &num, &den, &v, &sym); err != nil {
			return nil, err
		}
		f.num, f.den = num.Float64, den.Float64
		switch {
		case sym.Valid:
			f.value = sightline.Sym(sym.String)
		case v.Valid:
			f.value = sightline.Number(v.Float64)
		default:
			f.value = sightline.Missing
		}
		out = append(out, f)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	order := func(id string) int {
		if i, ok := rank[id]; ok {
			return i
		}
		return len(rank)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].year != out[j].year {
			return out[i].year < out[j].year
		}
		return order(out[i].id) < order(out[j].id)
	})
	return out, nil
}

// keptLAs lists the councils (DfE LA numbers) with a kept return of a kind.
func (s *Store) keptLAs(ctx context.Context, kind string) ([]string, error) {
	rs, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT DISTINCT la FROM indicators_%s ORDER BY la`, kind))
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
