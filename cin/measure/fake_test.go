package measure

import (
	"bytes"
	"encoding/xml"
	"os"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/cin"
)

const fakeFile = "../testdata/fake/fake_CIN_data.xml"

// fakeCensus is the fake return as encoding/xml reads it, apart from the
// cin package's reader.
type fakeCensus struct {
	ReferenceDate string `xml:"Header>CollectionDetails>ReferenceDate"`
	Children      []struct {
		ID       string `xml:"ChildIdentifiers>LAchildID"`
		Episodes []struct {
			Referral string `xml:"CINreferralDate"`
			Closure  string `xml:"CINclosureDate"`
			Reason   string `xml:"ReasonForClosure"`
			NFA      string `xml:"ReferralNFA"`
		} `xml:"CINdetails"`
	} `xml:"Children>Child"`
}

// TestFakeCensus recounts the fake census's figures with a simple loop over
// its XML, independently of the cin reader and of Compute. The fake's
// reference date is 21 July 2022, so cin.Read takes it as the 2022/23
// census (1 April 2022 to 31 March 2023); it has referrals and closures but
// no assessments, enquiries or plans.
//
// Every referral in the fake is NFA, which leaves no episode of need, so
// the census is checked again with ReferralNFA false throughout.
func TestFakeCensus(t *testing.T) {
	data, err := os.ReadFile(fakeFile)
	if err != nil {
		t.Fatal(err)
	}
	rs := checkFake(t, data)
	if r := rs["nfa_pct"]; r.Numerator != r.Denominator || r.Display().Format(1) != "100.0" {
		t.Errorf("NFA %v of %v, shown %v", r.Numerator, r.Denominator, r.Display())
	}
	rs = checkFake(t, bytes.ReplaceAll(data, []byte("<ReferralNFA>true<"), []byte("<ReferralNFA>false<")))
	if rs["cin_31_march"].Numerator < 20 || rs["not_in_need_pct"].Numerator == 0 {
		t.Errorf("without NFA: %v in need at 31 March, %v not in need", rs["cin_31_march"].Numerator, rs["not_in_need_pct"].Numerator)
	}
}

func checkFake(t *testing.T, data []byte) map[string]Result {
	t.Helper()
	ret, err := cin.Read(fakeFile, data)
	if err != nil {
		t.Fatal(err)
	}
	if ret.Year != 2023 {
		t.Fatalf("the fake census is read as %d", ret.Year)
	}
	var f fakeCensus
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	date := func(s string) (time.Time, bool) {
		d, err := time.Parse("2006-01-02", s)
		return d, err == nil
	}
	start := time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC)
	var referrals, rereferrals, nfa, notInNeed, at31 int
	for _, c := range f.Children {
		for i, e := range c.Episodes {
			ref, ok := date(e.Referral)
			if !ok {
				continue
			}
			closed, isClosed := date(e.Closure)
			isNFA := e.NFA == "true" || e.NFA == "1"
			if !ref.After(end) && (!isClosed || closed.After(end)) && !isNFA {
				at31++
			}
			if ref.Before(start) || ref.After(end) {
				continue
			}
			referrals++
			if isNFA {
				nfa++
			} else if isClosed && (e.Reason == "RC8" || e.Reason == "RC9") {
				notInNeed++
			}
			for j, o := range c.Episodes {
				prev, ok := date(o.Referral)
				if j != i && ok && prev.Before(ref) && !prev.Before(ref.AddDate(-1, 0, 0)) {
					rereferrals++
					break
				}
			}
		}
	}
	t.Logf("fake 2022/23: %d children, %d referrals, %d re-referrals, %d NFA, %d not in need, %d in need at 31 March",
		len(f.Children), referrals, rereferrals, nfa, notInNeed, at31)
	if len(f.Children) != 332 || referrals < 20 {
		t.Fatalf("the recount is broken: %d children, %d referrals", len(f.Children), referrals)
	}
	rs := byID(Compute(ret, Options{Population: 50000}))
	for id, want := range map[string][2]int{
		"referrals":       {referrals, 0},
		"rereferral_pct":  {rereferrals, referrals},
		"nfa_pct":         {nfa, referrals},
		"not_in_need_pct": {notInNeed, referrals},
		"cin_starts":      {referrals - nfa - notInNeed, 0},
		"cin_31_march":    {at31, 0},
		"cin_rate":        {at31, 50000},
		"cpp_31_march":    {0, 0},
		"factor_episodes": {0, 0},
	} {
		if got := rs[id]; got.Numerator != float64(want[0]) || got.Denominator != float64(want[1]) {
			t.Errorf("%s = %v/%v, recounted %d/%d", id, got.Numerator, got.Denominator, want[0], want[1])
		}
	}
	if got := rs["assessments_45days_pct"].Display(); got.Symbol != "z" {
		t.Errorf("no assessments, shown as %v", got)
	}
	for _, r := range Compute(ret, Options{Population: 50000}) {
		t.Logf("%-32s %6v / %-6v shown %-6s %s", r.ID, r.Numerator, r.Denominator, r.Display().Format(r.Def().Decimals), r.Note)
	}
	return rs
}
