package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sightline-uk/sightline"
)

// importEvery is how many observations go in between checks of the
// context: often enough that a cancelled import stops within a moment,
// rarely enough to cost nothing.
const importEvery = 65536

// datasetTables are the tables a dataset's rows live in, the datasets row
// last so a reader never sees a dataset without its rows.
var datasetTables = []string{"observations", "areas", "judgements", "neighbours", "datasets"}

// Import replaces a dataset in one transaction: the previous rows of the
// same dataset are deleted and the batch appended, so readers see either the
// old dataset or the new one, never a mixture, even if the process dies or
// the connection drops. It reports false, writing nothing, when the same
// file (by SHA-256) is already there.
func (c *Core) Import(ctx context.Context, b *sightline.Batch) (changed bool, err error) {
	d := b.Dataset
	err = c.inTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, "dataset "+d.ID); err != nil {
			return err
		}
		var prev string
		switch err := tx.QueryRow(ctx, `SELECT sha256 FROM datasets WHERE id = $1`, d.ID).Scan(&prev); {
		case err == nil && prev == d.SHA256:
			return nil
		case err != nil && !isNoRows(err):
			return err
		}
		for _, t := range datasetTables {
			col := "dataset"
			if t == "datasets" {
				col = "id"
			}
			if err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE "+col+" = $1", d.ID); err != nil {
				return err
			}
		}
		if err := tx.Exec(ctx, `INSERT INTO datasets (id, title, file, kind, sha256, rows, imported_at, filters, measures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			d.ID, d.Title, d.File, d.Kind, d.SHA256, d.Rows, d.ImportedAt.UTC(), orEmpty(d.Filters), orEmpty(d.Measures)); err != nil {
			return err
		}
		for _, t := range batchTables(b) {
			if t.n == 0 {
				continue
			}
			if err := tx.Append(ctx, t.name, t.columns, Indexed(ctx, importEvery, t.n, t.row)); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
		changed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("import %s: %w", d.ID, cancelled(ctx, err))
	}
	return changed, nil
}

// cancelled makes sure an error caused by a cancelled context says so,
// whatever the driver made of the cancellation.
func cancelled(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// isNoRows recognises either driver's "no rows" from a single-row query
// (pgx's wraps database/sql's).
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// table is one table's share of a batch as rows for a bulk append.
type table struct {
	name    string
	columns []string
	n       int
	row     func(i int) []any
}

// nullable stores an empty string as NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// date stores a zero time as NULL.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// batchTables lays a batch out as the rows of each table.
func batchTables(b *sightline.Batch) []table {
	id := b.Dataset.ID
	return []table{
		{"observations", []string{"dataset", "period", "time_identifier", "year", "level", "area", "filters", "measure", "value", "symbol", "seq"}, len(b.Observations), func(i int) []any {
			o := &b.Observations[i]
			var v, sym any
			if o.Value.IsNumber() {
				v = o.Value.Num
			} else {
				sym = o.Value.Symbol
			}
			return []any{id, o.Period, o.TimeID, int32(o.Year), string(o.Level), o.Area, o.Filters, o.Measure, v, sym, int32(i)}
		}},
		{"areas", []string{"dataset", "code", "old_code", "name", "level", "region_code", "region_name", "first_year", "last_year"}, len(b.Areas), func(i int) []any {
			a := &b.Areas[i]
			return []any{id, a.Code, nullable(a.OldCode), a.Name, string(a.Level), nullable(a.RegionCode), nullable(a.RegionName), int32(a.FirstYear), int32(a.LastYear)}
		}},
		{"judgements", []string{"dataset", "council", "council_name", "inspection_date", "publication_date", "inspection_type", "overall", "leaders", "help_and_protection", "children_in_care", "care_leavers"}, len(b.Judgements), func(i int) []any {
			j := &b.Judgements[i]
			return []any{id, j.Council, j.CouncilName, j.InspectionDate, date(j.PublicationDate), j.Type,
				nullable(string(j.Overall)), nullable(string(j.Leaders)), nullable(string(j.HelpAndProtection)), nullable(string(j.ChildrenInCare)), nullable(string(j.CareLeavers))}
		}},
		{"neighbours", []string{"dataset", "model", "council", "neighbour", "rank", "closeness"}, len(b.Neighbours), func(i int) []any {
			n := &b.Neighbours[i]
			return []any{id, n.Model, n.Council, n.Neighbour, int32(n.Rank), n.Closeness}
		}},
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
