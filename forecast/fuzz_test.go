package forecast

import (
	"testing"

	"github.com/sightline-uk/sightline/ssda903"
)

// FuzzBuildHistory feeds arbitrary episodes tables to the history
// builder: it must return an error or histories whose spells are in order,
// never overlap and never run backwards.
func FuzzBuildHistory(f *testing.F) {
	head := "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
	f.Add(head+"A,01/04/2020,S,C2,N1,U1,PR1,01/05/2020,E11,,,,\nA,01/05/2020,P,C2,N1,K2,PR1,,,,,,\n", "A,1,01/01/2010")
	f.Add(head+"A,01/04/2020,S,C2,N1,U1,PR1,,,,,,\nA,01/03/2020,P,C2,N1,ZZ,PR1,05/04/2020,,,,,\nB,29/02/2020,S,C2,N1,H5,PR1,29/02/2020,,,,,\n", "A,1,29/02/2004\nB,2,01/01/2003")
	f.Fuzz(func(t *testing.T, episodes, header string) {
		et, err := ssda903.ReadCSV("e.csv", []byte(head+episodes))
		if err != nil {
			return
		}
		ht, err := ssda903.ReadCSV("h.csv", []byte("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"+header))
		if err != nil {
			ht = nil
		}
		if ht != nil && ht.Name != ssda903.Header || et.Name != ssda903.Episodes {
			return
		}
		h, err := BuildHistory([]YearTables{{Name: "2020", Episodes: et, Header: ht}}, DefaultStateSpace())
		if err != nil {
			return
		}
		for _, c := range h.Children {
			for j, s := range c.Spells {
				if s.End <= s.Start {
					t.Fatalf("child %s spell %d runs backwards: %+v", c.ID, j, s)
				}
				if j > 0 && s.Start < c.Spells[j-1].End {
					t.Fatalf("child %s spells overlap: %+v", c.ID, c.Spells)
				}
			}
		}
		if _, err := Estimate(h, 2); err != nil {
			t.Fatal(err)
		}
	})
}
