package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

var (
	_ sightline.Accounts = (*Store)(nil)
	_ sightline.AuditLog = (*Store)(nil)
)

const userColumns = `id, name, coalesce(email, ''), role, coalesce(council, ''), coalesce(region, ''), coalesce(agency, ''),
	coalesce(password_hash, ''), coalesce(subject, ''), disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (sightline.User, error) {
	var u sightline.User
	var role string
	err := row.Scan(&u.ID, &u.Name, &u.Email, &role, &u.Council, &u.Region, &u.Agency, &u.PasswordHash, &u.Subject, &u.Disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, sightline.ErrNotFound
	}
	u.Role = sightline.Role(role)
	return u, err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddUser creates an account; the name must be new.
func (s *Store) AddUser(ctx context.Context, u sightline.User) (sightline.User, error) {
	if err := access.CheckUser(u); err != nil {
		return u, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (name, email, role, council, region, agency, password_hash, subject, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Name, nullIfEmpty(u.Email), string(u.Role), nullIfEmpty(u.Council), nullIfEmpty(u.Region), nullIfEmpty(u.Agency),
		nullIfEmpty(u.PasswordHash), nullIfEmpty(u.Subject), u.Disabled, u.CreatedAt).Scan(&u.ID)
	if err != nil && strings.Contains(err.Error(), "uplicate key") {
		return u, fmt.Errorf("there is already an account named %q", u.Name)
	}
	return u, err
}

// UpdateUser rewrites an account's details.
func (s *Store) UpdateUser(ctx context.Context, u sightline.User) error {
	if err := access.CheckUser(u); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE users SET email = ?, role = ?, council = ?, region = ?, agency = ?, password_hash = ?, subject = ?, disabled = ? WHERE id = ?`,
		nullIfEmpty(u.Email), string(u.Role), nullIfEmpty(u.Council), nullIfEmpty(u.Region), nullIfEmpty(u.Agency),
		nullIfEmpty(u.PasswordHash), nullIfEmpty(u.Subject), u.Disabled, u.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return sightline.ErrNotFound
	}
	return nil
}

// UserByName finds an account by its sign-in name.
func (s *Store) UserByName(ctx context.Context, name string) (sightline.User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
}

// UserBySubject finds an account by its identity provider's subject.
func (s *Store) UserBySubject(ctx context.Context, subject string) (sightline.User, error) {
	if subject == "" {
		return sightline.User{}, sightline.ErrNotFound
	}
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE subject = ?`, subject))
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]sightline.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sightline.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession stores a signed-in browser's token hash.
func (s *Store) CreateSession(ctx context.Context, se sightline.Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions VALUES (?, ?, ?, ?)`, se.TokenHash, se.UserID, se.CreatedAt.UTC(), se.ExpiresAt.UTC())
	return err
}

// SessionUser finds a live session and its enabled user.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (sightline.Session, sightline.User, error) {
	se := sightline.Session{TokenHash: tokenHash}
	var userID int64
	err := s.db.QueryRowContext(ctx, `SELECT user_id, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, now.UTC()).Scan(&userID, &se.CreatedAt, &se.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return se, sightline.User{}, sightline.ErrNotFound
	}
	if err != nil {
		return se, sightline.User{}, err
	}
	se.UserID = userID
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
	if err == nil && u.Disabled {
		err = sightline.ErrNotFound
	}
	return se, u, err
}

// DeleteSession signs one browser out.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteUserSessions signs a user out everywhere, and clears expired
// sessions while it is there.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? OR expires_at < ?`, userID, time.Now().UTC())
	return err
}

// Append adds an event to the end of the audit chain, in a transaction so
// that a crash leaves the chain whole.
func (s *Store) Append(ctx context.Context, e sightline.AuditEvent) (sightline.AuditEvent, error) {
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return e, err
	}
	defer tx.Rollback()
	var seq int64
	var hash string
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e = access.Seal(e, seq, hash)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At, e.Actor, string(e.Role), e.Action, e.Object, e.Reason, e.Outcome, e.Remote, e.Prev, e.Hash); err != nil {
		return e, fmt.Errorf("audit log: %w", err)
	}
	return e, tx.Commit()
}

// AuditEvents reads the log, newest first.
func (s *Store) AuditEvents(ctx context.Context, q sightline.AuditQuery) ([]sightline.AuditEvent, error) {
	where, args := []string{"true"}, []any{}
	if q.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, q.Actor)
	}
	if q.Action != "" {
		where, args = append(where, "action = ?"), append(args, q.Action)
	}
	if !q.Since.IsZero() {
		where, args = append(where, "at_time >= ?"), append(args, q.Since.UTC())
	}
	query := `SELECT seq, at_time, actor, role, action, object, reason, outcome, remote, prev, hash FROM audit WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY seq DESC`
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sightline.AuditEvent
	for rows.Next() {
		var e sightline.AuditEvent
		var role string
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &role, &e.Action, &e.Object, &e.Reason, &e.Outcome, &e.Remote, &e.Prev, &e.Hash); err != nil {
			return nil, err
		}
		e.Role = sightline.Role(role)
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
