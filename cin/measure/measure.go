// Package measure computes a council's own children in need indicators from
// its CIN census, following DfE's methodology for the "Children in need"
// statistics, so a council can see this year's figures before DfE publishes
// them, and beside the ones it published.
//
// Every figure is kept unsuppressed in a Result and shown only through
// Result.Display or Result.Figure, which apply DfE's suppression rules for
// the publication (disclosure.ChildrenInNeed); figures shown together also
// pass through figures.Protect.
//
// Methodology (DfE, Children in need methodology,
// https://explore-education-statistics.service.gov.uk/methodology/children-in-need,
// and its predecessor, Characteristics of children in need in England
// 2018 to 2019: methodology document, section 4 "Data processing"). The
// census year Year runs from 1 April Year−1 to 31 March Year; dates on its
// first and last day are in the year.
//
//   - Referrals: CIN episodes whose CINreferralDate is in the year, each
//     counted (a child referred twice counts twice), as table C1 counts
//     them.
//   - Re-referrals: referrals in the year within 12 months of a previous
//     referral of the same child ("A re-referral occurs when a child is
//     referred within 12 months of a previous referral": DfE, Children in
//     need: a focus on re-referrals, methodology). The previous referral
//     is another episode of the child, in this census or the previous
//     year's (Options.Previous), referred on or after the same date a year
//     earlier and before this one. The census holds only episodes open at
//     some time in the year, so an earlier referral whose episode closed
//     before 1 April is missing from it: without the previous census the
//     referrals with no earlier referral found could not be checked, and
//     the result's note says how many.
//   - No further action: referrals in the year with ReferralNFA true (1).
//   - Assessed not in need: referrals in the year, not NFA, whose episode
//     closed with reason RC8 or RC9 (case closed after assessment: no
//     further action, or referred to early help).
//   - Episodes of need started: referrals in the year less those two, as
//     table B1 counts them (nationally in 2025, 632,830 referrals −
//     41,340 NFA − 194,620 not in need = 396,870 episodes started).
//   - Children in need at 31 March: episodes referred on or before 31 March
//     and not closed by then (no CINclosureDate, or one after 31 March),
//     NFA referrals left out; B1's At31_episodes.
//   - Assessments completed: assessments whose AssessmentAuthorisationDate
//     is in the year (table C2). Their duration is the working days from
//     AssessmentActualStartDate to AssessmentAuthorisationDate counted as
//     DfE's tools count them (returns.WorkingDays: weekends and England's
//     bank holidays left out, an assessment started and finished the same
//     day lasting 0 days, C2's "Started and finished the same day"); within
//     45 working days is a duration of 45 or less, the limit Working
//     Together to Safeguard Children sets.
//   - Factors identified at the end of assessment (table C3): for each
//     episode, the factors of its assessments completed in the year, each
//     factor counted once per episode; the denominator is the episodes with
//     any factor, code 21 ("No factors identified") not being one. Codes
//     are the census's (CIN_schema_2025.xsd, assessmentfactorstype).
//   - Section 47 enquiries: Section47 records whose S47ActualStartDate is
//     in the year. Initial child protection conferences: Section47 records
//     whose DateOfInitialCPC is in the year, within 15 working days when
//     the working days from S47ActualStartDate to the conference are 15 or
//     fewer.
//   - Child protection plans at 31 March: children with a plan started on
//     or before 31 March and not ended by then (table D5). Lasting 2 years
//     or more: those whose plan started on or before 31 March two years
//     earlier.
//   - Plans started in the year, and second or subsequent plans among them:
//     NumberOfPreviousCPP above 0 (table D3).
//   - Rates are per 10,000 children aged 0 to 17, from ONS's mid-year
//     estimate for the year before (Options.Population).
package measure

import (
	"fmt"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/returns/figures"
)

// Definition describes one result: what it counts and which published
// indicator it matches (figures.Definition, shared by every return).
type Definition = figures.Definition

// NoPopulation is why a rate is not available without the population.
const NoPopulation = "needs the ONS mid-year estimate of children aged 0 to 17 (--population)"

// Factor is a group of assessment factor codes DfE publishes as one column
// of table C3, so the codes live in one place.
type Factor struct {
	ID    string   // the result's id
	Codes []string // the census's codes
	What  string   // what the factor is, for titles
	// Indicator is the published indicator, "" where Sightline carries
	// none.
	Indicator string
}

// Factors are the factors identified at the end of assessment that
// Sightline computes, with the census codes (CIN_schema_2025.xsd) behind
// each: DfE's factor_* indicators take one code each (Domestic_Abuse_parent
// is 3B alone); the "any" rows add the child and other people in the
// household, as DfE's three columns would.
var Factors = []Factor{
	{ID: "factor_domestic_abuse_pct", Codes: []string{"3B"}, What: "domestic abuse affecting a parent or carer", Indicator: "factor_domestic_abuse_pct"},
	{ID: "factor_domestic_abuse_any_pct", Codes: []string{"3A", "3B", "3C"}, What: "domestic abuse affecting anyone in the household"},
	{ID: "factor_parent_mental_health_pct", Codes: []string{"4B"}, What: "a parent's or carer's mental health", Indicator: "factor_parent_mental_health_pct"},
	{ID: "factor_neglect_pct", Codes: []string{"16A"}, What: "neglect", Indicator: "factor_neglect_pct"},
	{ID: "factor_emotional_abuse_pct", Codes: []string{"17A"}, What: "emotional abuse", Indicator: "factor_emotional_abuse_pct"},
	{ID: "factor_physical_abuse_pct", Codes: []string{"18A", "18B", "18C"}, What: "physical abuse"},
	{ID: "factor_sexual_abuse_pct", Codes: []string{"19A", "19B", "19C"}, What: "sexual abuse"},
	{ID: "factor_cse_pct", Codes: []string{"11A"}, What: "child sexual exploitation", Indicator: "factor_cse_pct"},
	{ID: "factor_cce_pct", Codes: []string{"24A"}, What: "child criminal exploitation", Indicator: "factor_cce_pct"},
	{ID: "factor_missing_pct", Codes: []string{"10A"}, What: "the child going missing", Indicator: "factor_missing_pct"},
	{ID: "factor_gangs_pct", Codes: []string{"13A"}, What: "gangs"},
}

// NoFactor is the code for "No factors identified", which is not a factor.
const NoFactor = "21"

const (
	popText       = "children aged 0 to 17 (ONS mid-year estimate)"
	referralsText = "referrals in the year"
)

func count(id, title, num, ind string, part figures.Part) Definition {
	return Definition{ID: id, Title: title, Kind: figures.Count, Unit: sightline.Count, NumeratorText: num, Indicator: ind, Part: part}
}

// rate is a rate per 10,000 children whose numerator is the count figure
// of, so the two are suppressed together.
func rate(id, title, num, ind, of string) Definition {
	return Definition{ID: id, Title: title, Kind: figures.Ratio, Unit: sightline.PerTenThousand, Scale: 10000, Decimals: 1,
		NumeratorText: num, DenominatorText: popText, Indicator: ind, Part: figures.PartValue, NumeratorID: of}
}

// pct is a percentage; over names the count figure that is its
// denominator, "" where none is shown.
func pct(id, title, num, den, ind, over string) Definition {
	d := Definition{ID: id, Title: title, Kind: figures.Ratio, Unit: sightline.Percent, Scale: 100, Decimals: 1,
		NumeratorText: num, DenominatorText: den, Indicator: ind, DenominatorID: over}
	if ind != "" {
		d.Part = figures.PartValue
	}
	return d
}

// Definitions lists every result Compute returns, in order.
var Definitions = func() []Definition {
	ds := []Definition{
		count("referrals", "Referrals", referralsText, "referral_rate", figures.PartNumerator),
		rate("referral_rate", "Referrals per 10,000 children", referralsText, "referral_rate", "referrals"),
		pct("rereferral_pct", "Re-referrals within 12 months", "referrals within 12 months of a previous referral", referralsText, "rereferral_pct", "referrals"),
		pct("nfa_pct", "Referrals resulting in no further action", "referrals with no further action", referralsText, "nfa_pct", "referrals"),
		pct("not_in_need_pct", "Assessments finding the child not in need", "referrals closed after assessment, not in need (RC8, RC9)", referralsText, "not_in_need_pct", "referrals"),
		count("cin_starts", "Episodes of need started", "episodes of need started in the year", "cin_starts_rate", figures.PartNumerator),
		rate("cin_starts_rate", "Episodes of need started per 10,000 children", "episodes of need started in the year", "cin_starts_rate", "cin_starts"),
		count("cin_31_march", "Children in need at 31 March", "episodes of need open at 31 March", "cin_rate", figures.PartNumerator),
		rate("cin_rate", "Children in need per 10,000 children", "episodes of need open at 31 March", "cin_rate", "cin_31_march"),
		count("assessments_completed", "Assessments completed", "assessments completed (authorised) in the year", "", ""),
		pct("assessments_45days_pct", "Assessments completed within 45 working days", "assessments completed within 45 working days of their start", "assessments completed in the year with a start date", "", ""),
		count("s47_enquiries", "Section 47 enquiries", "section 47 enquiries started in the year", "", ""),
		pct("icpc_15days_pct", "Initial child protection conferences within 15 working days", "conferences within 15 working days of the section 47 enquiry's start", "initial child protection conferences after a section 47 enquiry in the year", "", ""),
		count("cpp_31_march", "Children on child protection plans at 31 March", "children on a plan at 31 March", "cpp_rate", figures.PartNumerator),
		rate("cpp_rate", "Children on child protection plans per 10,000 children", "children on a plan at 31 March", "cpp_rate", "cpp_31_march"),
		count("cpp_starts", "Child protection plans started", "plans started in the year", "cpp_starts_rate", figures.PartNumerator),
		rate("cpp_starts_rate", "Child protection plans started per 10,000 children", "plans started in the year", "cpp_starts_rate", "cpp_starts"),
		pct("cpp_repeat_pct", "Second or subsequent child protection plans", "plans started in the year with a previous plan", "plans started in the year", "cpp_repeat_pct", "cpp_starts"),
		pct("cpp_2yrs_pct", "Child protection plans lasting two years or more", "children on a plan at 31 March that started 2 years or more before", "children on a plan at 31 March", "cpp_2yrs_pct", "cpp_31_march"),
		count("factor_episodes", "Episodes with a factor identified at assessment", "episodes with a factor identified at an assessment completed in the year", "", ""),
	}
	for _, f := range Factors {
		ds = append(ds, pct(f.ID, "Assessments identifying "+f.What, "episodes with "+f.What+" identified", "episodes with any factor identified", f.Indicator, "factor_episodes"))
	}
	return ds
}()

var catalogue = figures.NewCatalogue(Definitions)

// Lookup finds a definition by id, or nil, so stored results can be read
// back with their titles and kinds.
func Lookup(id string) *Definition { return catalogue[id] }

// Result is one computed figure, unsuppressed: show it with Display.
type Result struct {
	ID   string
	Year int
	// Numerator and Denominator are the counts; Denominator is 0 for a
	// Count.
	Numerator, Denominator float64
	// Value is the unrounded figure, or Missing ("x") when it cannot be
	// computed from the return; Note says why, or what was left out.
	Value sightline.Value
	Note  string
}

// Def is the result's definition (nil for an id no longer defined).
func (r Result) Def() *Definition { return Lookup(r.ID) }

// Display is the figure on its own as Sightline would show it: suppressed
// and rounded by DfE's rules for the Children in need publication
// (disclosure.ChildrenInNeed).
func (r Result) Display() sightline.Value {
	return figures.Show(disclosure.ChildrenInNeed, r.Def(), figures.Result(r))
}

// Figure is the result as shown, with what a page needs to set it beside
// the published indicator; figures.Protect suppresses across the figures a
// page shows together.
func (r Result) Figure() figures.Figure {
	return figures.Make(disclosure.ChildrenInNeed, r.Def(), figures.Result(r))
}

// Options are what a census does not hold.
type Options struct {
	// Population is ONS's mid-year estimate of children aged 0 to 17 in
	// the council for the year before the census year, as DfE uses for
	// rates; 0 when not known.
	Population float64
	// Previous is the council's census for the year before, whose
	// referrals let every re-referral be checked; nil when not given.
	Previous *cin.Return
}

// Compute returns every result in Definitions order for the census year.
func Compute(r *cin.Return, opt Options) []Result {
	start, end := r.CollectionStart(), r.CollectionEnd()
	in := func(d returns.Date) bool { return d.OK && !d.Before(start) && !d.After(end) }
	res := map[string]*Result{}
	for _, d := range Definitions {
		res[d.ID] = &Result{ID: d.ID, Year: r.Year}
	}
	set := func(id string, num, den int) { res[id].Numerator, res[id].Denominator = float64(num), float64(den) }

	// Referrals and episodes of need.
	cd := r.T(cin.CINdetails)
	referred := map[string][]time.Time{} // child → referral dates, this census and the previous
	addReferrals := func(t *cin.Table) {
		kids, dates := t.Column("LAchildID"), t.DateColumn("CINreferralDate")
		for i := range kids {
			if dates[i].OK {
				referred[kids[i]] = append(referred[kids[i]], dates[i].Time)
			}
		}
	}
	addReferrals(cd)
	if opt.Previous != nil {
		addReferrals(opt.Previous.T(cin.CINdetails))
	}
	kids, ref, closed := cd.Column("LAchildID"), cd.DateColumn("CINreferralDate"), cd.DateColumn("CINclosureDate")
	nfaCol, reason := cd.Column("ReferralNFA"), cd.Column("ReasonForClosure")
	var referrals, rereferrals, unchecked, nfa, notInNeed, at31 int
	for i := range kids {
		if !ref[i].OK {
			continue
		}
		isNFA := True(nfaCol[i])
		if in(ref[i]) {
			referrals++
			switch {
			case isNFA:
				nfa++
			case closed[i].OK && (reason[i] == "RC8" || reason[i] == "RC9"):
				notInNeed++
			}
			if Rereferral(referred[kids[i]], ref[i].Time) {
				rereferrals++
			} else if opt.Previous == nil {
				unchecked++
			}
		}
		if !ref[i].After(end) && (!closed[i].OK || closed[i].After(end)) && !isNFA {
			at31++
		}
	}
	set("referrals", referrals, 0)
	set("rereferral_pct", rereferrals, referrals)
	if unchecked > 0 {
		res["rereferral_pct"].Note = fmt.Sprintf("%s could not be checked: no earlier referral of the child within 12 months is in this census, but one whose episode closed before 1 April %d would not be; give the previous year's census (--previous)",
			plural(unchecked, "referral", "referrals"), r.Year-1)
	}
	set("nfa_pct", nfa, referrals)
	set("not_in_need_pct", notInNeed, referrals)
	set("cin_starts", referrals-nfa-notInNeed, 0)
	set("cin_31_march", at31, 0)

	// Assessments, their timeliness and the factors identified.
	var completed, timely, timedDen, undated int
	episodeFactors := map[string]map[string]bool{}
	for _, a := range assessments(r.T(cin.Assessments)) {
		if !in(a.auth) {
			continue
		}
		completed++
		if a.start.OK && !a.start.After(a.auth.Time) {
			timedDen++
			if returns.WorkingDays(a.start.Time, a.auth.Time) <= 45 {
				timely++
			}
		} else {
			undated++
		}
		ep := a.child + "\x00" + a.episode
		for _, f := range a.factors {
			if f == "" || f == NoFactor {
				continue
			}
			if episodeFactors[ep] == nil {
				episodeFactors[ep] = map[string]bool{}
			}
			episodeFactors[ep][f] = true
		}
	}
	set("assessments_completed", completed, 0)
	set("assessments_45days_pct", timely, timedDen)
	if undated > 0 {
		res["assessments_45days_pct"].Note = fmt.Sprintf("%s left out: no start date on or before the authorisation date", plural(undated, "completed assessment", "completed assessments"))
	}
	set("factor_episodes", len(episodeFactors), 0)
	for _, f := range Factors {
		n := 0
		for _, fs := range episodeFactors {
			for _, c := range f.Codes {
				if fs[c] {
					n++
					break
				}
			}
		}
		set(f.ID, n, len(episodeFactors))
	}

	// Section 47 enquiries and initial child protection conferences.
	s47 := r.T(cin.Section47)
	s47Start, icpc := s47.DateColumn("S47ActualStartDate"), s47.DateColumn("DateOfInitialCPC")
	var enquiries, conferences, quick, unstarted int
	for i := range s47Start {
		if in(s47Start[i]) {
			enquiries++
		}
		if !in(icpc[i]) {
			continue
		}
		if !s47Start[i].OK || s47Start[i].After(icpc[i].Time) {
			unstarted++
			continue
		}
		conferences++
		if returns.WorkingDays(s47Start[i].Time, icpc[i].Time) <= 15 {
			quick++
		}
	}
	set("s47_enquiries", enquiries, 0)
	set("icpc_15days_pct", quick, conferences)
	if unstarted > 0 {
		res["icpc_15days_pct"].Note = fmt.Sprintf("%s left out: no section 47 start date on or before the conference", plural(unstarted, "conference", "conferences"))
	}

	// Child protection plans.
	cpp := r.T(cin.ChildProtectionPlans)
	cppKids, cppStart, cppEnd := cpp.Column("LAchildID"), cpp.DateColumn("CPPstartDate"), cpp.DateColumn("CPPendDate")
	twoYears := end.AddDate(-2, 0, 0)
	onPlan, longPlan := map[string]bool{}, map[string]bool{}
	var starts, repeats, unknownPrevious int
	for i := range cppKids {
		if !cppStart[i].OK {
			continue
		}
		if in(cppStart[i]) {
			starts++
			if n, ok := cpp.Int(i, "NumberOfPreviousCPP"); !ok {
				unknownPrevious++
			} else if n > 0 {
				repeats++
			}
		}
		if !cppStart[i].After(end) && (!cppEnd[i].OK || cppEnd[i].After(end)) {
			onPlan[cppKids[i]] = true
			if !cppStart[i].After(twoYears) {
				longPlan[cppKids[i]] = true
			}
		}
	}
	set("cpp_31_march", len(onPlan), 0)
	set("cpp_starts", starts, 0)
	set("cpp_repeat_pct", repeats, starts)
	if unknownPrevious > 0 {
		res["cpp_repeat_pct"].Note = fmt.Sprintf("%s with no number of previous plans count as first plans", plural(unknownPrevious, "plan", "plans"))
	}
	set("cpp_2yrs_pct", len(longPlan), len(onPlan))

	// Rates per 10,000 children.
	for _, p := range [][2]string{{"referral_rate", "referrals"}, {"cin_starts_rate", "cin_starts"}, {"cin_rate", "cin_31_march"},
		{"cpp_rate", "cpp_31_march"}, {"cpp_starts_rate", "cpp_starts"}} {
		rr := res[p[0]]
		rr.Numerator = res[p[1]].Numerator
		if opt.Population > 0 {
			rr.Denominator = opt.Population
		} else {
			rr.Value, rr.Note = sightline.Missing, NoPopulation
		}
	}

	out := make([]Result, 0, len(Definitions))
	for _, d := range Definitions {
		r := res[d.ID]
		if r.Value.Symbol == "" {
			r.Value = value(&d, r.Numerator, r.Denominator)
		}
		out = append(out, *r)
	}
	return out
}

// True reports whether a census yes/no field says yes: "1" in the schema
// (yesnotype), "true" in older files and exports.
func True(s string) bool {
	s = strings.TrimSpace(s)
	return s == "1" || strings.EqualFold(s, "true")
}

// Rereferral reports whether a referral on date d falls within 12 months of
// another of the child's referrals (dates): one on or after the same date a
// year earlier and before d.
func Rereferral(dates []time.Time, d time.Time) bool {
	from := d.AddDate(-1, 0, 0)
	for _, p := range dates {
		if p.Before(d) && !p.Before(from) {
			return true
		}
	}
	return false
}

// assessment is one Assessments element: the table has a row per factor.
type assessment struct {
	child, episode string
	start, auth    returns.Date
	factors        []string
}

// assessments gathers the Assessments table's rows back into assessments:
// the reader writes one row per factor, consecutively, with the same
// dates and source position.
func assessments(t *cin.Table) []assessment {
	kids, eps, factors := t.Column("LAchildID"), t.Column("CINdetailsID"), t.Column("AssessmentFactors")
	start, review, auth := t.Column("AssessmentActualStartDate"), t.Column("AssessmentInternalReviewDate"), t.Column("AssessmentAuthorisationDate")
	starts, auths := t.DateColumn("AssessmentActualStartDate"), t.DateColumn("AssessmentAuthorisationDate")
	var out []assessment
	prev := ""
	for i := range kids {
		line := 0
		if i < len(t.Lines) {
			line = t.Lines[i]
		}
		key := strings.Join([]string{kids[i], eps[i], start[i], review[i], auth[i], fmt.Sprint(line)}, "\x00")
		if key != prev || len(out) == 0 {
			out = append(out, assessment{child: kids[i], episode: eps[i], start: starts[i], auth: auths[i]})
			prev = key
		}
		a := &out[len(out)-1]
		a.factors = append(a.factors, factors[i])
	}
	return out
}

// value is a result's unrounded figure: the count, or the ratio ("z", not
// applicable, when its denominator is zero).
func value(d *Definition, num, den float64) sightline.Value {
	if d.Kind == figures.Count {
		return sightline.Number(num)
	}
	if den == 0 {
		return sightline.Sym("z")
	}
	return sightline.Number(num / den * d.Scale)
}

// plural is "1 referral" or "2 referrals".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
