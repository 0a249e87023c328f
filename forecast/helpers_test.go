package forecast

import (
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
)

// ep is one episodes row: child, start, end (blank when open), placement
// and reason for new episode.
type ep struct{ child, decom, dec, place, rne string }

// tables builds a year's episodes and header tables as a council's files
// would hold them, read by the product's own CSV reader.
func tables(t testing.TB, year string, end time.Time, eps []ep, dobs map[string]string) YearTables {
	t.Helper()
	var b strings.Builder
	b.WriteString("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n")
	for _, e := range eps {
		rec := ""
		if e.dec != "" {
			rec = "E11"
		}
		b.WriteString(strings.Join([]string{e.child, e.decom, e.rne, "C2", "N1", e.place, "PR1", e.dec, rec, "", "", "", ""}, ",") + "\n")
	}
	et, err := ssda903.ReadCSV(year+"-episodes.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	b.WriteString("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n")
	for id, dob := range dobs {
		b.WriteString(strings.Join([]string{id, "1", dob, "WBRI", "", "", ""}, ",") + "\n")
	}
	ht, err := ssda903.ReadCSV(year+"-header.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return YearTables{Name: year, End: end, Episodes: et, Header: ht}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// bundled is the fictional council's history.
func bundled(t testing.TB) ([]YearTables, *History) {
	t.Helper()
	years, err := BundledYears()
	if err != nil {
		t.Fatal(err)
	}
	h, err := BuildHistory(years, DefaultStateSpace())
	if err != nil {
		t.Fatal(err)
	}
	return years, h
}
