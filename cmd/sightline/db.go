package main

import (
	"context"

	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/postgres"
	"github.com/sightline-uk/sightline/store"
)

// openStore opens the store --db (or SIGHTLINE_DB) names, so every command
// runs on either database: a postgres:// or postgresql:// URL opens the
// PostgreSQL server store, anything else is a DuckDB file.
func openStore(ctx context.Context, db string) (store.Store, error) {
	if postgres.IsURL(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := duckdb.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// dbName is --db as it may be printed: a URL loses its password.
func dbName(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}
