package access

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
)

// ChainHash is an audit event's hash: SHA-256 over the previous event's
// hash and every field of this one. A store fills Prev and Hash as it
// appends; VerifyChain recomputes them, so a line edited or removed in the
// database afterwards is found.
func ChainHash(prev string, e sightline.AuditEvent) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, string(e.Role),
		e.Action, e.Object, e.Reason, e.Outcome, e.Remote} {
		// Length-prefixed, so that no two field lists hash alike.
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// VerifyChain checks the whole log, in any order (stores read it newest
// first): ordered by Seq from the first event ever appended, each must link
// to the one before and hash to its stored hash. The error names the first
// event that does not.
func VerifyChain(events []sightline.AuditEvent) error {
	events = slices.Clone(events)
	slices.SortFunc(events, func(a, b sightline.AuditEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	prev := ""
	for i, e := range events {
		if e.Seq != int64(i+1) {
			return fmt.Errorf("audit event %d is missing (found %d in its place)", i+1, e.Seq)
		}
		if e.Prev != prev {
			return fmt.Errorf("audit event %d does not follow event %d", e.Seq, e.Seq-1)
		}
		if ChainHash(prev, e) != e.Hash {
			return fmt.Errorf("audit event %d has been changed since it was written", e.Seq)
		}
		prev = e.Hash
	}
	return nil
}

// Seal fills an event's place in the chain: the store calls it with the
// latest event's sequence and hash, inside the transaction that appends.
func Seal(e sightline.AuditEvent, lastSeq int64, lastHash string) sightline.AuditEvent {
	e.Seq = lastSeq + 1
	e.Prev = lastHash
	if e.At.IsZero() {
		e.At = time.Now()
	}
	// Microseconds are what both stores keep; hashing more would make a
	// read-back event fail verification.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Actor = clip(e.Actor, 200)
	e.Object = clip(e.Object, 500)
	e.Reason = clip(e.Reason, 500)
	e.Hash = ChainHash(e.Prev, e)
	return e
}

// clip bounds a field a client could make arbitrarily long; a character
// cut in half is dropped.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
