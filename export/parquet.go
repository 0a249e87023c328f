package export

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// WriteParquet writes the table as a Parquet file for bulk use (Python,
// R, Spark). A column whose cells are all values becomes a DOUBLE column
// plus a "<name>_symbol" column holding any symbol, so numbers stay numbers
// and symbols are not lost; other columns are text.
func WriteParquet(ctx context.Context, path string, t *Table) error {
	conn, err := duckdb.NewConnector("", nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	numeric := make([]bool, len(t.Columns))
	for i := range t.Columns {
		numeric[i] = len(t.Rows) > 0
		for _, r := range t.Rows {
			if i < len(r) && !r[i].IsValue && r[i].Text != "" {
				numeric[i] = false
				break
			}
		}
	}
	var cols []string
	for i, c := range t.Columns {
		q := `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		if numeric[i] {
			cols = append(cols, q+" DOUBLE", `"`+strings.ReplaceAll(c, `"`, `""`)+`_symbol" VARCHAR`)
		} else {
			cols = append(cols, q+" VARCHAR")
		}
	}
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "CREATE TABLE t ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	err = c.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "t")
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			var row []driver.Value
			for i := range t.Columns {
				var cell Cell
				if i < len(r) {
					cell = r[i]
				}
				switch {
				case numeric[i] && cell.IsValue && cell.Value.IsNumber():
					row = append(row, cell.Value.Num, nil)
				case numeric[i] && cell.IsValue:
					row = append(row, nil, cell.Value.Symbol)
				case numeric[i]:
					row = append(row, nil, nil)
				default:
					row = append(row, cell.String())
				}
			}
			if err := a.AppendRow(row...); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	_, err = c.ExecContext(ctx, "COPY t TO '"+strings.ReplaceAll(path, "'", "''")+"' (FORMAT parquet)")
	return err
}
