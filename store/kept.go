package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// keepEvery is how many cells go in between checks of the context.
const keepEvery = 4096

// Kept describes one kind of return for keeping, so the SSDA903 and the
// CIN census are kept by the same code with the same guarantees: returns_K,
// cells_K and indicators_K hold them, K being Name.
type Kept struct {
	Name        string          // the tables' suffix: "903", "cin"
	Child       string          // the column naming the child, kept only as its pseudonym
	Dropped     map[string]bool // fields never kept (the child column among them)
	Tables      []string        // the return's tables, in order
	Definitions []figures.Definition
}

// Dropped903 are the fields of a return never kept: the child's UPN, and
// home and placement postcodes, which would identify a child or a carer's
// home without the key. CHILD is kept only as its pseudonym.
var Dropped903 = map[string]bool{"CHILD": true, "UPN": true, "HOME_POST": true, "PL_POST": true}

// DroppedCIN are the fields of a CIN census never kept: the child's UPN and
// former UPN, which identify a child nationally without the key. LAchildID
// is kept only as its pseudonym.
var DroppedCIN = map[string]bool{"LAchildID": true, "UPN": true, "FormerUPN": true}

// The two kinds of return Sightline keeps.
var (
	Kept903 = Kept{Name: "903", Child: "CHILD", Dropped: Dropped903, Tables: ssda903.TableNames, Definitions: measure.Definitions}
	KeptCIN = Kept{Name: "cin", Child: "LAchildID", Dropped: DroppedCIN, Tables: cin.TableNames, Definitions: cinmeasure.Definitions}
)

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
func (c *Core) KeepReturn903(ctx context.Context, la string, year int, ret *ssda903.Return, key []byte, results ...measure.Result) error {
	return c.Keep(ctx, Kept903, la, year, ret.Tables, key, convert[figures.Result](results))
}

// Indicators903 returns the indicators kept for a council's returns, oldest
// year first and in measure.Definitions order within a year, unsuppressed:
// show them with Result.Display. The reasons a figure was not available
// (Result.Note) are not kept.
func (c *Core) Indicators903(ctx context.Context, la string) ([]measure.Result, error) {
	fs, err := c.KeptIndicators(ctx, Kept903, la)
	return convert[measure.Result](fs), err
}

// KeptLAs903 lists the councils (DfE LA numbers) with a kept return, so the
// website can show their own figures without asking about every council.
func (c *Core) KeptLAs903(ctx context.Context) ([]string, error) { return c.KeptLAs(ctx, Kept903) }

// KeepCIN keeps a council's CIN census for a year, pseudonymised under key,
// with the indicators computed from it, replacing whatever was kept for the
// same council and year, in one transaction, with the guarantees
// KeepReturn903 gives: cells_cin holds the census in long form with the
// child's pseudonym in place of LAchildID; no LAchildID, UPN, former UPN or
// key is ever written, and the same key gives the same pseudonym every
// year (and in the council's SSDA903 returns, where the ids agree).
func (c *Core) KeepCIN(ctx context.Context, la string, year int, ret *cin.Return, key []byte, results ...cinmeasure.Result) error {
	return c.Keep(ctx, KeptCIN, la, year, ret.Tables, key, convert[figures.Result](results))
}

// IndicatorsCIN returns the indicators kept for a council's CIN censuses,
// oldest year first and in measure.Definitions order within a year,
// unsuppressed: show them with Result.Display. Notes are not kept.
func (c *Core) IndicatorsCIN(ctx context.Context, la string) ([]cinmeasure.Result, error) {
	fs, err := c.KeptIndicators(ctx, KeptCIN, la)
	return convert[cinmeasure.Result](fs), err
}

// KeptLAsCIN lists the councils (DfE LA numbers) with a kept CIN census, so
// the website can show their own figures without asking about every
// council.
func (c *Core) KeptLAsCIN(ctx context.Context) ([]string, error) { return c.KeptLAs(ctx, KeptCIN) }

// Result is any return's measures.Result: each has figures.Result's
// fields, so the store keeps and reads them all as that.
type Result interface {
	~struct {
		ID                     string
		Year                   int
		Numerator, Denominator float64
		Value                  sightline.Value
		Note                   string
	}
}

// convert converts results between the returns' Result types.
func convert[To, From Result](rs []From) []To {
	out := make([]To, len(rs))
	for i, r := range rs {
		out[i] = To(r)
	}
	return out
}

// Keep keeps a return's tables pseudonymised under key, with its figures,
// replacing whatever was kept for the same council and year, in one
// transaction: a reader sees the old return or the new one, never a
// mixture. Tables are kept in long form, one row per cell: return_id,
// table, the row's number in its table, the child's pseudonym ("" for a
// row naming no child, such as the CIN census header), the field and its
// value. The raw child id and the dropped fields are never written; the
// key is never written either, so the database alone cannot link a
// pseudonym back to a child, while the same key links a child across
// years.
func (c *Core) Keep(ctx context.Context, k Kept, la string, year int, tables map[string]*returns.Table, key []byte, results []figures.Result) error {
	p, err := pseudo.New(key)
	if err != nil {
		return err
	}
	if la == "" || year == 0 {
		return fmt.Errorf("keep %s: the council's LA number and the year are needed", k.Name)
	}
	children := map[string]bool{}
	for _, name := range k.Tables {
		t := tables[name]
		if t == nil {
			continue
		}
		for i := 0; i < t.Len(); i++ {
			if c := t.Str(i, k.Child); c != "" {
				children[c] = true
			}
		}
	}
	err = c.inTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, fmt.Sprintf("return %s %s %d", k.Name, la, year)); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM cells_%[1]s WHERE return_id IN (SELECT id FROM returns_%[1]s WHERE la = $1 AND year = $2)`,
			`DELETE FROM returns_%[1]s WHERE la = $1 AND year = $2`,
			`DELETE FROM indicators_%[1]s WHERE la = $1 AND year = $2`,
		} {
			if err := tx.Exec(ctx, fmt.Sprintf(q, k.Name), la, year); err != nil {
				return err
			}
		}
		var id int32
		if err := tx.QueryRow(ctx, fmt.Sprintf(`INSERT INTO returns_%s (la, year, kept_at, children) VALUES ($1, $2, $3, $4) RETURNING id`, k.Name),
			la, year, time.Now().UTC(), len(children)).Scan(&id); err != nil {
			return err
		}
		cells := NewCursor(ctx, keepEvery, k.cells(id, tables, p))
		if err := tx.Append(ctx, "cells_"+k.Name, []string{"return_id", "tab", "row_no", "child", "field", "value"}, cells); err != nil {
			return err
		}
		defs := figures.NewCatalogue(k.Definitions)
		for _, r := range results {
			var den, v, sym any
			if d := defs[r.ID]; d == nil || d.Kind != figures.Count {
				den = r.Denominator
			}
			if r.Value.IsNumber() {
				v = r.Value.Num
			} else {
				sym = r.Value.Symbol
			}
			if err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO indicators_%s (la, year, indicator, numerator, denominator, value, symbol) VALUES ($1, $2, $3, $4, $5, $6, $7)`, k.Name),
				la, year, r.ID, r.Numerator, den, v, sym); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep %s %s %d: %w", k.Name, la, year, cancelled(ctx, err))
	}
	return nil
}

// cells walks a return's tables cell by cell, as rows of cells_K: the
// child's pseudonym in place of its id, dropped fields left out, empty
// cells NULL.
func (k Kept) cells(id int32, tables map[string]*returns.Table, p *pseudo.Pseudonymiser) func() ([]any, bool) {
	ti, ri, ci := 0, 0, 0
	child := ""
	return func() ([]any, bool) {
		for ti < len(k.Tables) {
			t := tables[k.Tables[ti]]
			if t == nil || ri >= len(t.Rows) {
				ti, ri, ci = ti+1, 0, 0
				continue
			}
			row := t.Rows[ri]
			if ci == 0 {
				child = ""
				if c := t.Str(ri, k.Child); c != "" {
					child = p.Of(c)
				}
			}
			if ci >= len(t.Columns) || ci >= len(row) {
				ri, ci = ri+1, 0
				continue
			}
			col, j := t.Columns[ci], ci
			ci++
			if k.Dropped[col] {
				continue
			}
			return []any{id, k.Tables[ti], int32(ri + 1), child, col, nullable(row[j])}, true
		}
		return nil, false
	}
}

// KeptIndicators reads the indicators kept for a council's returns of a
// kind, oldest year first, in the order of the kind's definitions within a
// year (ids it does not know, from a newer Sightline, last).
func (c *Core) KeptIndicators(ctx context.Context, k Kept, la string) ([]figures.Result, error) {
	var out []figures.Result
	err := c.each(ctx, func(r Rows) error {
		var f figures.Result
		var num, den, v *float64
		var sym *string
		if err := r.Scan(&f.Year, &f.ID, &num, &den, &v, &sym); err != nil {
			return err
		}
		if num != nil {
			f.Numerator = *num
		}
		if den != nil {
			f.Denominator = *den
		}
		f.Value = valueOf(v, sym)
		out = append(out, f)
		return nil
	}, fmt.Sprintf(`SELECT year, indicator, numerator, denominator, value, symbol FROM indicators_%s WHERE la = $1 ORDER BY year, indicator`, k.Name), la)
	if err != nil {
		return nil, err
	}
	rank := map[string]int{}
	for i, d := range k.Definitions {
		rank[d.ID] = i
	}
	order := func(id string) int {
		if i, ok := rank[id]; ok {
			return i
		}
		return len(rank)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return order(out[i].ID) < order(out[j].ID)
	})
	return out, nil
}

// KeptLAs lists the councils (DfE LA numbers) with a kept return of a kind.
func (c *Core) KeptLAs(ctx context.Context, k Kept) ([]string, error) {
	var out []string
	err := c.each(ctx, func(r Rows) error {
		var la string
		err := r.Scan(&la)
		out = append(out, la)
		return err
	}, fmt.Sprintf(`SELECT DISTINCT la FROM indicators_%s ORDER BY la`, k.Name))
	return out, err
}
