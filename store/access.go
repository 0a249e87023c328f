package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

const userColumns = `id, name, coalesce(email, ''), role, coalesce(council, ''), coalesce(region, ''), coalesce(agency, ''),
	coalesce(password_hash, ''), coalesce(subject, ''), disabled, created_at`

func scanUser(row Row) (sightline.User, error) {
	var u sightline.User
	var role string
	err := row.Scan(&u.ID, &u.Name, &u.Email, &role, &u.Council, &u.Region, &u.Agency, &u.PasswordHash, &u.Subject, &u.Disabled, &u.CreatedAt)
	if isNoRows(err) {
		return u, sightline.ErrNotFound
	}
	u.Role = sightline.Role(role)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// oneUser reads the single account a query finds.
func (c *Core) oneUser(ctx context.Context, query string, args ...any) (sightline.User, error) {
	var u sightline.User
	found := false
	err := c.each(ctx, func(r Rows) error {
		var err error
		u, err = scanUser(r)
		found = true
		return err
	}, query, args...)
	if err == nil && !found {
		err = sightline.ErrNotFound
	}
	return u, err
}

// AddUser creates an account; the name must be new.
func (c *Core) AddUser(ctx context.Context, u sightline.User) (sightline.User, error) {
	if err := access.CheckUser(u); err != nil {
		return u, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = u.CreatedAt.UTC().Truncate(time.Microsecond)
	err := c.inTx(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO users (name, email, role, council, region, agency, password_hash, subject, disabled, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			u.Name, nullable(u.Email), string(u.Role), nullable(u.Council), nullable(u.Region), nullable(u.Agency),
			nullable(u.PasswordHash), nullable(u.Subject), u.Disabled, u.CreatedAt).Scan(&u.ID)
	})
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "duplicate key") {
		return u, fmt.Errorf("there is already an account named %q", u.Name)
	}
	return u, err
}

// UpdateUser rewrites an account's role, scope, password hash and state.
func (c *Core) UpdateUser(ctx context.Context, u sightline.User) error {
	if err := access.CheckUser(u); err != nil {
		return err
	}
	err := c.inTx(ctx, func(tx Tx) error {
		var id int64
		return tx.QueryRow(ctx, `UPDATE users SET email = $1, role = $2, council = $3, region = $4, agency = $5, password_hash = $6, subject = $7, disabled = $8
			WHERE id = $9 RETURNING id`,
			nullable(u.Email), string(u.Role), nullable(u.Council), nullable(u.Region), nullable(u.Agency),
			nullable(u.PasswordHash), nullable(u.Subject), u.Disabled, u.ID).Scan(&id)
	})
	if isNoRows(err) {
		return sightline.ErrNotFound
	}
	return err
}

// UserByName finds an account by its sign-in name.
func (c *Core) UserByName(ctx context.Context, name string) (sightline.User, error) {
	return c.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name)
}

// UserBySubject finds an account by its identity provider's subject.
func (c *Core) UserBySubject(ctx context.Context, subject string) (sightline.User, error) {
	if subject == "" {
		return sightline.User{}, sightline.ErrNotFound
	}
	return c.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE subject = $1`, subject)
}

// Users lists every account by name.
func (c *Core) Users(ctx context.Context) ([]sightline.User, error) {
	var out []sightline.User
	err := c.each(ctx, func(r Rows) error {
		u, err := scanUser(r)
		out = append(out, u)
		return err
	}, `SELECT `+userColumns+` FROM users ORDER BY name`)
	return out, err
}

// CreateSession stores a signed-in browser's token hash.
func (c *Core) CreateSession(ctx context.Context, s sightline.Session) error {
	return c.inTx(ctx, func(tx Tx) error {
		return tx.Exec(ctx, `INSERT INTO sessions VALUES ($1, $2, $3, $4)`, s.TokenHash, s.UserID, s.CreatedAt.UTC(), s.ExpiresAt.UTC())
	})
}

// SessionUser finds a live session and its enabled account.
func (c *Core) SessionUser(ctx context.Context, tokenHash string, now time.Time) (sightline.Session, sightline.User, error) {
	s := sightline.Session{TokenHash: tokenHash}
	found := false
	err := c.each(ctx, func(r Rows) error {
		found = true
		return r.Scan(&s.UserID, &s.CreatedAt, &s.ExpiresAt)
	}, `SELECT user_id, created_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now.UTC())
	if err != nil {
		return s, sightline.User{}, err
	}
	if !found {
		return s, sightline.User{}, sightline.ErrNotFound
	}
	u, err := c.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, s.UserID)
	if err == nil && u.Disabled {
		err = sightline.ErrNotFound
	}
	return s, u, err
}

// DeleteSession signs one browser out.
func (c *Core) DeleteSession(ctx context.Context, tokenHash string) error {
	return c.inTx(ctx, func(tx Tx) error { return tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash) })
}

// DeleteUserSessions signs an account out everywhere.
func (c *Core) DeleteUserSessions(ctx context.Context, userID int64) error {
	return c.inTx(ctx, func(tx Tx) error { return tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID) })
}

// DeleteExpiredSessions clears sessions that ended before now.
func (c *Core) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return c.inTx(ctx, func(tx Tx) error { return tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now.UTC()) })
}

// Append adds an event to the end of the audit chain. Appends take turns
// (a lock across servers, a mutex within one process), and each is one
// transaction, so a crash leaves the chain whole.
func (c *Core) Append(ctx context.Context, e sightline.AuditEvent) (sightline.AuditEvent, error) {
	c.auditMu.Lock()
	defer c.auditMu.Unlock()
	err := c.inTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, "audit"); err != nil {
			return err
		}
		var seq int64
		var hash string
		err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
		if err != nil && !isNoRows(err) {
			return err
		}
		e = access.Seal(e, seq, hash)
		return tx.Exec(ctx, `INSERT INTO audit VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			e.Seq, e.At, e.Actor, string(e.Role), e.Action, e.Object, e.Reason, e.Outcome, e.Remote, e.Prev, e.Hash)
	})
	if err != nil {
		return e, fmt.Errorf("audit log: %w", err)
	}
	return e, nil
}

// AuditEvents reads the log, newest first.
func (c *Core) AuditEvents(ctx context.Context, q sightline.AuditQuery) ([]sightline.AuditEvent, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.Actor != "" {
		add("actor = $%d", q.Actor)
	}
	if q.Action != "" {
		add("action = $%d", q.Action)
	}
	if !q.Since.IsZero() {
		add("at_time >= $%d", q.Since.UTC())
	}
	query := `SELECT seq, at_time, actor, role, action, object, reason, outcome, remote, prev, hash FROM audit WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY seq DESC`
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	var out []sightline.AuditEvent
	err := c.each(ctx, func(r Rows) error {
		var e sightline.AuditEvent
		var role string
		if err := r.Scan(&e.Seq, &e.At, &e.Actor, &role, &e.Action, &e.Object, &e.Reason, &e.Outcome, &e.Remote, &e.Prev, &e.Hash); err != nil {
			return err
		}
		e.Role = sightline.Role(role)
		e.At = e.At.UTC()
		out = append(out, e)
		return nil
	}, query, args...)
	return out, err
}
