package sources

import (
	"errors"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/snapshot"
)

// FuzzSourcesRead feeds every reader (neighbours, Ofsted, Fingertips, EES,
// spend) arbitrary bytes: it must return a batch or an InputError, never
// panic, and a batch must be internally consistent.
func FuzzSourcesRead(f *testing.F) {
	for _, name := range []string{"sn_model_2025_wide.csv", "New_Statistical_Neighbour_Groupings_April_2021.csv", "ofsted_ilacs_inspections_2018_to_2023-03.csv", "la_cla_swcount.csv"} {
		file, _ := snapshot.Lookup(name)
		data, err := file.Read()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data[:min(len(data), 3000)])
	}
	f.Add([]byte("Indicator ID,Area Code,Area Name,Area Type,Sex,Age,Category Type,Time period,Value,Count,Denominator\n90284,E92000001,England,England,Persons,<15 yrs,,2023/24,72.7,100,1000\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	reg := geography.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read("fuzz.csv", data, reg)
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an InputError: %v", err)
			}
			return
		}
		for _, o := range b.Observations {
			if o.Dataset != b.Dataset.ID {
				t.Fatalf("observation of %q in batch %q", o.Dataset, b.Dataset.ID)
			}
		}
		for _, n := range b.Neighbours {
			if reg.Council(n.Council) == nil || reg.Council(n.Neighbour) == nil || n.Rank < 1 || n.Rank > 10 {
				t.Fatalf("bad neighbour %+v", n)
			}
		}
		for _, j := range b.Judgements {
			if reg.Council(j.Council) == nil || j.Overall == "" {
				t.Fatalf("bad judgement %+v", j)
			}
		}
	})
}
