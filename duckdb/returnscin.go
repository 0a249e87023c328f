package duckdb

import (
	"context"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/returns/figures"
)

// DroppedCIN are the fields of a CIN census never kept: the child's UPN and
// former UPN, which identify a child nationally without the key. LAchildID
// is kept only as its pseudonym.
var DroppedCIN = map[string]bool{"LAchildID": true, "UPN": true, "FormerUPN": true}

var kindCIN = keptKind{kind: "cin", child: "LAchildID", dropped: DroppedCIN, tables: cin.TableNames}

// KeepCIN keeps a council's CIN census for a year, pseudonymised under key,
// with the indicators computed from it, replacing whatever was kept for the
// same council and year, in one transaction, with the guarantees
// KeepReturn903 gives: cells_cin holds the census in long form with the
// child's pseudonym in place of LAchildID; no LAchildID, UPN, former UPN or
// key is ever written, and the same key gives the same pseudonym every
// year (and in the council's SSDA903 returns, where the ids agree).
func (s *Store) KeepCIN(ctx context.Context, la string, year int, ret *cin.Return, key []byte, results ...measure.Result) error {
	figs := make([]keptFigure, len(results))
	for i, r := range results {
		var den any
		if r.Def() == nil || r.Def().Kind != figures.Count {
			den = r.Denominator
		}
		figs[i] = figureOf(r.ID, r.Numerator, den, r.Value)
	}
	return s.keepReturn(ctx, kindCIN, la, year, ret.Tables, key, figs)
}

// IndicatorsCIN returns the indicators kept for a council's CIN censuses,
// oldest year first and in measure.Definitions order within a year,
// unsuppressed: show them with Result.Display. Notes are not kept.
func (s *Store) IndicatorsCIN(ctx context.Context, la string) ([]measure.Result, error) {
	rank := map[string]int{}
	for i, d := range measure.Definitions {
		rank[d.ID] = i
	}
	fs, err := s.keptIndicators(ctx, "cin", la, rank)
	if err != nil {
		return nil, err
	}
	out := make([]measure.Result, len(fs))
	for i, f := range fs {
		out[i] = measure.Result{ID: f.id, Year: f.year, Numerator: f.num, Denominator: f.den, Value: f.value}
	}
	return out, nil
}

// KeptLAsCIN lists the councils (DfE LA numbers) with a kept CIN census, so
// the website can show their own figures without asking about every
// council.
func (s *Store) KeptLAsCIN(ctx context.Context) ([]string, error) { return s.keptLAs(ctx, "cin") }
