package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
)

// each runs a query and calls scan for every row, so every reader closes
// its rows and reports the driver's error the same way.
func (c *Core) each(ctx context.Context, scan func(Rows) error, query string, args ...any) error {
	rs, err := c.DB.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := scan(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

// SchemaVersion reports how many migrations the database has had.
func (c *Core) SchemaVersion(ctx context.Context) (int, error) {
	v := 0
	err := c.each(ctx, func(r Rows) error { return r.Scan(&v) }, `SELECT coalesce(max(version), 0) FROM schema_migrations`)
	return v, err
}

// Datasets lists what has been imported, by id.
func (c *Core) Datasets(ctx context.Context) ([]sightline.Dataset, error) {
	var out []sightline.Dataset
	err := c.each(ctx, func(r Rows) error {
		var d sightline.Dataset
		var f, m any
		if err := r.Scan(&d.ID, &d.Title, &d.File, &d.Kind, &d.SHA256, &d.Rows, &d.ImportedAt, &f, &m); err != nil {
			return err
		}
		var err error
		if d.Filters, err = stringList(f); err != nil {
			return fmt.Errorf("dataset %s filters: %w", d.ID, err)
		}
		if d.Measures, err = stringList(m); err != nil {
			return fmt.Errorf("dataset %s measures: %w", d.ID, err)
		}
		d.ImportedAt = d.ImportedAt.UTC()
		out = append(out, d)
		return nil
	}, `SELECT id, title, file, kind, sha256, rows, imported_at, filters, measures FROM datasets ORDER BY id`)
	return out, err
}

// stringList reads a list column, which both drivers give as []any.
func stringList(v any) ([]string, error) {
	switch l := v.(type) {
	case []string:
		return l, nil
	case []any:
		out := make([]string, len(l))
		for i, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("item %d is %T, not a string", i, x)
			}
			out[i] = s
		}
		return out, nil
	case nil:
		return []string{}, nil
	}
	return nil, fmt.Errorf("a list was read as %T", v)
}

// valueOf is a stored value and symbol as a Value: a symbol wins, a number
// follows, and neither is Missing.
func valueOf(v *float64, sym *string) sightline.Value {
	switch {
	case sym != nil:
		return sightline.Sym(*sym)
	case v != nil:
		return sightline.Number(*v)
	}
	return sightline.Missing
}

// Observations returns a dataset's cells, optionally only some measures,
// in the order of the file they were imported from.
func (c *Core) Observations(ctx context.Context, q sightline.ObservationQuery) ([]sightline.Observation, error) {
	query := `SELECT period, time_identifier, year, level, area, filters, measure, value, symbol FROM observations WHERE dataset = $1`
	args := []any{q.Dataset}
	if len(q.Measures) > 0 {
		ps := make([]string, len(q.Measures))
		for i, m := range q.Measures {
			args = append(args, m)
			ps[i] = fmt.Sprintf("$%d", i+2)
		}
		query += ` AND measure IN (` + strings.Join(ps, ", ") + `)`
	}
	query += ` ORDER BY seq`
	var out []sightline.Observation
	err := c.each(ctx, func(r Rows) error {
		o := sightline.Observation{Dataset: q.Dataset}
		var level string
		var v *float64
		var sym *string
		if err := r.Scan(&o.Period, &o.TimeID, &o.Year, &level, &o.Area, &o.Filters, &o.Measure, &v, &sym); err != nil {
			return err
		}
		o.Level, o.Value = sightline.Level(level), valueOf(v, sym)
		out = append(out, o)
		return nil
	}, query, args...)
	return out, err
}

// Areas returns every area named by any dataset, one row per dataset.
func (c *Core) Areas(ctx context.Context) ([]sightline.Area, error) {
	var out []sightline.Area
	err := c.each(ctx, func(r Rows) error {
		var a sightline.Area
		var level string
		if err := r.Scan(&a.Code, &a.OldCode, &a.Name, &level, &a.RegionCode, &a.RegionName, &a.FirstYear, &a.LastYear); err != nil {
			return err
		}
		a.Level = sightline.Level(level)
		out = append(out, a)
		return nil
	}, `SELECT code, coalesce(old_code, ''), name, level, coalesce(region_code, ''), coalesce(region_name, ''), first_year, last_year FROM areas ORDER BY code, last_year`)
	return out, err
}

// Judgements returns every Ofsted judgement, oldest first.
func (c *Core) Judgements(ctx context.Context) ([]sightline.Judgement, error) {
	var out []sightline.Judgement
	err := c.each(ctx, func(r Rows) error {
		var j sightline.Judgement
		var pub *time.Time
		var o, l, h, ch, cl string
		if err := r.Scan(&j.Council, &j.CouncilName, &j.InspectionDate, &pub, &j.Type, &o, &l, &h, &ch, &cl); err != nil {
			return err
		}
		if pub != nil {
			j.PublicationDate = *pub
		}
		j.Overall, j.Leaders, j.HelpAndProtection, j.ChildrenInCare, j.CareLeavers = sightline.Grade(o), sightline.Grade(l), sightline.Grade(h), sightline.Grade(ch), sightline.Grade(cl)
		out = append(out, j)
		return nil
	}, `SELECT council, council_name, inspection_date, publication_date, inspection_type,
		coalesce(overall,''), coalesce(leaders,''), coalesce(help_and_protection,''), coalesce(children_in_care,''), coalesce(care_leavers,'')
		FROM judgements ORDER BY inspection_date, council`)
	return out, err
}

// Neighbours returns every statistical neighbour of every model.
func (c *Core) Neighbours(ctx context.Context) ([]sightline.Neighbour, error) {
	var out []sightline.Neighbour
	err := c.each(ctx, func(r Rows) error {
		var n sightline.Neighbour
		if err := r.Scan(&n.Model, &n.Council, &n.Neighbour, &n.Rank, &n.Closeness); err != nil {
			return err
		}
		out = append(out, n)
		return nil
	}, `SELECT model, council, neighbour, rank, coalesce(closeness,'') FROM neighbours ORDER BY model, council, rank`)
	return out, err
}
