package forecast

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sightline-uk/sightline"
)

// csvRows reads a small CSV file a council writes by hand (places, costs):
// the header must be want (case and spaces aside), blank lines are
// skipped, and every row must have want's number of fields. each gets each
// row's line and trimmed fields. Every problem is an error naming the file
// and line.
func csvRows(name string, data []byte, want []string, each func(line int, rec []string) error) error {
	fail := func(line int, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return fail(1, "%v", err)
	}
	for i := range head {
		head[i] = strings.ToLower(strings.TrimSpace(head[i]))
	}
	if strings.Join(head, ",") != strings.Join(want, ",") {
		return fail(1, "the header must be %s, not %s", strings.Join(want, ","), strings.Join(head, ","))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// FieldPos panics when no record was read: a parse error
			// carries its own line.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			return fail(line, "%v", err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(want) {
			return fail(line, "a row needs %s; this one has %d fields", strings.Join(want, ","), len(rec))
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if err := each(line, rec); err != nil {
			return err
		}
	}
}
