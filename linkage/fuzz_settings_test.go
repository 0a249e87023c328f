package linkage_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/sightline-uk/sightline/linkage"
)

// FuzzLoadSettings feeds arbitrary documents to the settings reader, as a
// hand-edited model.json or an upload on the Link records page would: it
// must refuse them with an error or give settings that save, reload, and
// link a few records without crashing.
func FuzzLoadSettings(f *testing.F) {
	model, err := os.ReadFile("testdata/fake_1000_model.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(model)
	f.Add([]byte(`{"link_type":"dedupe","unique_id_column":"id","blocking_rules":[{"keys":[{"column":"dob"}]}],
		"comparisons":[{"columns":["name"],"levels":[{"kind":"null"},{"kind":"exact"},{"kind":"else"}]}]}`))
	f.Add([]byte(`{"link_type":"link_only","unique_id_column":"id","prior":0.01}`))
	f.Add([]byte(`{}`))
	table, err := linkage.NewTable([]string{"unique_id", "id", "name", "first_name", "surname", "dob", "city", "email", "source"}, [][]string{
		{"0", "0", "Ann Smith", "Ann", "Smith", "2012-03-04", "Leeds", "ann@x.org", "a"},
		{"1", "1", "Anne Smith", "Anne", "Smith", "2012-04-03", "Leeds", "ann@x.org", "b"},
		{"2", "2", "Bob Jones", "Bob", "Jones", "", "", "", "a"},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := linkage.LoadSettings(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := s.Save(&buf); err != nil {
			t.Fatalf("settings that loaded do not save: %v", err)
		}
		if _, err := linkage.LoadSettings(&buf); err != nil {
			t.Fatalf("saved settings do not load again: %v\n%s", err, buf.Bytes())
		}
		_ = s.Parameters()
		for _, r := range s.Blocking {
			_ = linkage.RuleString(r)
		}
		l, err := linkage.New(s, table)
		if err != nil {
			return
		}
		if _, err := l.Candidates(context.Background()); err != nil {
			return
		}
		if s.Trained() {
			_, _ = l.ScorePair(0, 1)
			_, _ = l.Explain(0, 1)
		}
	})
}
