package store

import (
	"context"
	"fmt"
	"time"
)

// KeptReturn summarises one kept return, for the list a council analyst
// chooses from.
type KeptReturn struct {
	Kind     string // "903" or "cin"
	LA       string // DfE LA number
	Year     int
	KeptAt   time.Time
	Children int
}

// Cell is one kept cell of a return: the child appears only as a
// pseudonym, and fields the Kept kind drops were never written.
type Cell struct {
	Kind  string
	Year  int
	Table string
	Row   int
	Child string
	Field string
	Value string
}

// KeptKinds are the kinds of return a council's records are read from.
var KeptKinds = []Kept{Kept903, KeptCIN}

// KeptReturns lists a council's kept returns of every kind, newest first.
func (c *Core) KeptReturns(ctx context.Context, la string) ([]KeptReturn, error) {
	var out []KeptReturn
	for _, k := range KeptKinds {
		err := c.each(ctx, func(r Rows) error {
			kr := KeptReturn{Kind: k.Name, LA: la}
			err := r.Scan(&kr.Year, &kr.KeptAt, &kr.Children)
			out = append(out, kr)
			return err
		}, fmt.Sprintf(`SELECT year, kept_at, children FROM returns_%s WHERE la = $1 ORDER BY year DESC`, k.Name), la)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReturnChildren lists the children (pseudonyms) of one kept return.
func (c *Core) ReturnChildren(ctx context.Context, k Kept, la string, year int) ([]string, error) {
	var out []string
	err := c.each(ctx, func(r Rows) error {
		var p string
		err := r.Scan(&p)
		out = append(out, p)
		return err
	}, fmt.Sprintf(`SELECT DISTINCT c.child FROM cells_%[1]s c JOIN returns_%[1]s r ON r.id = c.return_id
		WHERE r.la = $1 AND r.year = $2 AND c.child <> '' ORDER BY c.child`, k.Name), la, year)
	return out, err
}

// ChildCells reads every kept cell about one child (by pseudonym) in a
// council's returns of every kind and year, in return order.
func (c *Core) ChildCells(ctx context.Context, la, child string) ([]Cell, error) {
	var out []Cell
	for _, k := range KeptKinds {
		err := c.eachCell(ctx, k, func(cell Cell) error { out = append(out, cell); return nil },
			`r.la = $1 AND c.child = $2`, la, child)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReturnCells streams every kept cell of one return to fn, for downloads
// that must not hold a whole return in memory.
func (c *Core) ReturnCells(ctx context.Context, k Kept, la string, year int, fn func(Cell) error) error {
	return c.eachCell(ctx, k, fn, `r.la = $1 AND r.year = $2`, la, year)
}

func (c *Core) eachCell(ctx context.Context, k Kept, fn func(Cell) error, where string, args ...any) error {
	return c.each(ctx, func(r Rows) error {
		cell := Cell{Kind: k.Name}
		var row int32
		var v *string
		if err := r.Scan(&cell.Year, &cell.Table, &row, &cell.Child, &cell.Field, &v); err != nil {
			return err
		}
		cell.Row = int(row)
		if v != nil {
			cell.Value = *v
		}
		return fn(cell)
	}, fmt.Sprintf(`SELECT r.year, c.tab, c.row_no, c.child, c.field, c.value FROM cells_%[1]s c JOIN returns_%[1]s r ON r.id = c.return_id
		WHERE `+where+` ORDER BY r.year DESC, c.tab, c.row_no`, k.Name), args...)
}

// Linked is one record the person index links to another: in which
// linkage, from which source, with what probability.
type Linked struct {
	Linkage string
	PersonRecord
}

// LinkedRecords finds every record in the person index that belongs to the
// same person as record (a pseudonym) from source, across linkages; the
// record itself is included.
func (c *Core) LinkedRecords(ctx context.Context, source, record string) ([]Linked, error) {
	var out []Linked
	err := c.each(ctx, func(r Rows) error {
		var l Linked
		var p *float64
		err := r.Scan(&l.Linkage, &l.Source, &l.Record, &l.Person, &p)
		if p != nil {
			l.Probability = *p
		}
		out = append(out, l)
		return err
	}, `SELECT b.linkage, b.source, b.record, b.person, b.probability FROM person_index a
		JOIN person_index b ON a.linkage = b.linkage AND a.person = b.person
		WHERE a.source = $1 AND a.record = $2 ORDER BY b.linkage, b.source, b.record`, source, record)
	return out, err
}
