package duckdb

import (
	"context"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// Dropped903 are the fields of a return never kept: the child's UPN, and
// home and placement postcodes, which would identify a child or a carer's
// home without the key. CHILD is kept only as its pseudonym.
var Dropped903 = map[string]bool{"CHILD": true, "UPN": true, "HOME_POST": true, "PL_POST": true}

var kind903 = keptKind{kind: "903", child: "CHILD", dropped: Dropped903, tables: ssda903.TableNames}

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
	figs := make([]keptFigure, len(results))
	for i, r := range results {
		var den any
		if r.Def() == nil || r.Def().Kind != measure.Count {
			den = r.Denominator
		}
		figs[i] = figureOf(r.ID, r.Numerator, den, r.Value)
	}
	return s.keepReturn(ctx, kind903, la, year, ret.Tables, key, figs)
}

// Indicators903 returns the indicators kept for a council's returns, oldest
// year first and in measure.Definitions order within a year, unsuppressed:
// show them with Result.Display. The reasons a figure was not available
// (Result.Note) are not kept.
func (s *Store) Indicators903(ctx context.Context, la string) ([]measure.Result, error) {
	rank := map[string]int{}
	for i, d := range measure.Definitions {
		rank[d.ID] = i
	}
	fs, err := s.keptIndicators(ctx, "903", la, rank)
	if err != nil {
		return nil, err
	}
	out := make([]measure.Result, len(fs))
	for i, f := range fs {
		out[i] = measure.Result{ID: f.id, Year: f.year, Numerator: f.num, Denominator: f.den, Value: f.value}
	}
	return out, nil
}

// KeptLAs903 lists the councils (DfE LA numbers) with a kept return, so the
// website can show their own figures without asking about every council.
func (s *Store) KeptLAs903(ctx context.Context) ([]string, error) { return s.keptLAs(ctx, "903") }
