// Package measure computes a council's own looked-after children indicators
// from its SSDA903 return, following DfE's methodology for "Children looked
// after in England including adoptions", so a council can see this year's
// figures before DfE publishes them, and beside the ones it published.
//
// Every figure is kept unsuppressed in a Result and shown only through
// Result.Display or Result.Figure, which apply DfE's suppression rules
// (disclosure.LookedAfter); figures shown together also pass through
// figures.Protect, which hides what subtraction would give away.
//
// Methodology (DfE, Children looked after in England including adoptions:
// methodology and data guidance,
// https://explore-education-statistics.service.gov.uk/methodology/children-looked-after-in-england-including-adoptions-methodology):
//
//   - Episodes under an agreed series of short-term placements (legal status
//     V3, V4; V1 in older returns) are left out of every count.
//   - A period of care is a run of episodes each ending with REC X1 on the
//     day the next begins; it starts with RNE S.
//   - Looked after at 31 March: an episode open at the end of 31 March.
//   - Started: a child with an episode starting a period of care (RNE S) in
//     the year; ceased: a child with an episode ending in the year for a
//     reason other than X1. Each child is counted once, as DfE counts
//     children, not periods.
//   - Three or more placements: children looked after at 31 March with three
//     or more placements (carers) during the year; see newPlacement.
//   - Long-term stability: children under 16 at 31 March looked after
//     continuously for at least 2½ years, living with the same carer for at
//     least 2 years, or placed for adoption with that placement and the one
//     before lasting 2 years together.
//   - Care leavers: OC3 records of young people whose 19th, 20th or 21st
//     birthday fell in the year (DfE's "19 to 21 years"); those who died are
//     left out; those not in touch count in the total as "information not
//     known", as in DfE's tables.
//   - Adoption timeliness: children adopted in the year (REC E11, E12), days
//     from the start of the period of care that ended in adoption.
package measure

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903"
)

// Kind says how a result is shown and suppressed; it is shared with other
// returns' measures.
type Kind = figures.Kind

// Kinds of result.
const (
	Count = figures.Count // a number of children, placements or incidents
	Ratio = figures.Ratio // numerator/denominator × Scale: a percentage or rate
	Mean  = figures.Mean  // numerator (a total) / denominator (children) × Scale
)

// Part names the figure of a published indicator that a result sits beside.
type Part = figures.Part

// Parts of a published indicator.
const (
	PartValue     = figures.PartValue     // the indicator's value (a rate, a percentage)
	PartNumerator = figures.PartNumerator // the count behind it
)

// Definition describes one result: what it counts and which published
// indicator it matches (figures.Definition, shared by every return).
type Definition = figures.Definition

// Reasons a result is not available.
const (
	NoPopulation = "needs the ONS mid-year estimate of children aged 0 to 17 (--population)"
	NoDistance   = "needs placement distances, which DfE derives from home and placement postcodes with the ONS postcode directory; Sightline does not bundle the directory, so no distance is computed and none is invented"
)

// Definitions lists every result Compute returns, in order.
var Definitions = []Definition{
	{ID: "cla_31_march", Title: "Children looked after at 31 March", Kind: Count, Unit: sightline.Count,
		NumeratorText: "children looked after at 31 March", Indicator: "cla_rate", Part: PartNumerator},
	{ID: "cla_rate", Title: "Children looked after per 10,000 children", Kind: Ratio, Unit: sightline.PerTenThousand, Scale: 10000,
		NumeratorText: "children looked after at 31 March", DenominatorText: "children aged 0 to 17 (ONS mid-year estimate)", Indicator: "cla_rate", Part: PartValue,
		NumeratorID: "cla_31_march"},
	{ID: "cla_starts", Title: "Children starting to be looked after", Kind: Count, Unit: sightline.Count,
		NumeratorText: "children starting to be looked after in the year", Indicator: "cla_starts_rate", Part: PartNumerator},
	{ID: "cla_starts_rate", Title: "Children starting to be looked after per 10,000 children", Kind: Ratio, Unit: sightline.PerTenThousand, Scale: 10000,
		NumeratorText: "children starting to be looked after in the year", DenominatorText: "children aged 0 to 17 (ONS mid-year estimate)", Indicator: "cla_starts_rate", Part: PartValue,
		NumeratorID: "cla_starts"},
	{ID: "cla_ceased", Title: "Children ceasing to be looked after", Kind: Count, Unit: sightline.Count,
		NumeratorText: "children ceasing to be looked after in the year", Indicator: "cla_ceased_rate", Part: PartNumerator},
	{ID: "cla_ceased_rate", Title: "Children ceasing to be looked after per 10,000 children", Kind: Ratio, Unit: sightline.PerTenThousand, Scale: 10000,
		NumeratorText: "children ceasing to be looked after in the year", DenominatorText: "children aged 0 to 17 (ONS mid-year estimate)", Indicator: "cla_ceased_rate", Part: PartValue,
		NumeratorID: "cla_ceased"},
	{ID: "placements_3plus_pct", Title: "Children looked after with three or more placements in the year", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "children with 3 or more placements in the year", DenominatorText: "children looked after at 31 March", Indicator: "placements_3plus_pct", Part: PartValue,
		DenominatorID: "cla_31_march"},
	{ID: "long_term_stability_pct", Title: "Long-term placement stability", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "children with the same carer for 2 years or more, or placed for adoption", DenominatorText: "children under 16 looked after for 2.5 years or more", Indicator: "long_term_stability_pct", Part: PartValue},
	{ID: "placed_20miles_pct", Title: "New placements outside the council and more than 20 miles from home", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "new placements outside the boundary and over 20 miles away", DenominatorText: "new placements in the year", Indicator: "placed_20miles_pct", Part: PartValue},
	{ID: "missing_children_pct", Title: "Children looked after who went missing in the year", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "children with a missing incident in the year", DenominatorText: "children looked after during the year"},
	{ID: "missing_incidents", Title: "Missing incidents in the year", Kind: Count, Unit: sightline.Count,
		NumeratorText: "missing incidents starting in the year"},
	{ID: "away_children", Title: "Children looked after away from placement without authorisation in the year", Kind: Count, Unit: sightline.Count,
		NumeratorText: "children with an away-from-placement incident in the year"},
	{ID: "uasc_31_march", Title: "Unaccompanied asylum-seeking children looked after at 31 March", Kind: Count, Unit: sightline.Count,
		NumeratorText: "unaccompanied asylum-seeking children looked after at 31 March", Within: "cla_31_march"},
	{ID: "care_leavers_eet_pct", Title: "Care leavers aged 19 to 21 in education, employment or training", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "care leavers in education, employment or training", DenominatorText: "care leavers aged 19 to 21", Indicator: "care_leavers_eet_pct", Part: PartValue},
	{ID: "care_leavers_suitable_pct", Title: "Care leavers aged 19 to 21 in suitable accommodation", Kind: Ratio, Unit: sightline.Percent, Scale: 100,
		NumeratorText: "care leavers in suitable accommodation", DenominatorText: "care leavers aged 19 to 21", Indicator: "care_leavers_suitable_pct", Part: PartValue},
	{ID: "adopted", Title: "Children adopted in the year", Kind: Count, Unit: sightline.Count,
		NumeratorText: "children who ceased to be looked after by adoption (E11, E12)", Within: "cla_ceased"},
	{ID: "adoption_timeliness_days", Title: "Average days from entering care to adoption", Kind: Mean, Unit: "days", Scale: 1,
		NumeratorText: "days from entering care to adoption, summed", DenominatorText: "children adopted whose period of care began in the returns given"},
	{ID: "adoption_timeliness_months", Title: "Average months from entering care to adoption", Kind: Mean, Unit: sightline.Months, Scale: 12 / 365.25,
		NumeratorText: "days from entering care to adoption, summed", DenominatorText: "children adopted whose period of care began in the returns given", Indicator: "adoption_timeliness_months", Part: PartValue},
}

var catalogue = figures.NewCatalogue(Definitions)

// Lookup finds a definition by id, or nil, so stored results can be read
// back with their titles and kinds.
func Lookup(id string) *Definition { return catalogue[id] }

// Result is one computed figure, unsuppressed: show it with Display.
type Result struct {
	ID   string
	Year int
	// Numerator and Denominator are the counts (for a Mean, the total and
	// the number of children); Denominator is 0 for a Count.
	Numerator, Denominator float64
	// Value is the unrounded figure, or Missing ("x") when it cannot be
	// computed from the return; Note says why, or what was left out.
	Value sightline.Value
	Note  string
}

// Def is the result's definition (nil for an id no longer defined).
func (r Result) Def() *Definition { return Lookup(r.ID) }

// Display is the figure on its own as Sightline would show it: suppressed
// and rounded by DfE's rules for a council's own figures.
func (r Result) Display() sightline.Value {
	return figures.Show(disclosure.LookedAfter, r.Def(), figures.Result(r))
}

// Figure is the result as shown, with what a page needs to set it beside
// the published indicator (figures.Figure is shared by every return);
// figures.Protect suppresses across the figures a page shows together.
func (r Result) Figure() figures.Figure {
	return figures.Make(disclosure.LookedAfter, r.Def(), figures.Result(r))
}

// Options are the figures a return does not hold.
type Options struct {
	// Population is ONS's mid-year estimate of children aged 0 to 17 in
	// the council for the year before the return's year, as DfE uses for
	// rates; 0 when not known.
	Population float64
	// Postcodes places postcodes for the distance indicator (the ONS
	// Postcode Directory, as the validation rules use it); nil when none.
	Postcodes ssda903.Postcodes
}

// Compute returns every result in Definitions order for the return's year.
// The previous year's episodes (r.Last), where given, let periods of care
// and placements that began before the year be traced back.
func Compute(r *ssda903.Return, opt Options) []Result {
	start, end := r.CollectionStart(), r.CollectionEnd()
	kids := children(r)
	dobs := map[string]time.Time{}
	hdr := r.T(ssda903.Header)
	for i := range hdr.Rows {
		if d := hdr.Date(i, "DOB"); d.OK {
			dobs[hdr.Str(i, "CHILD")] = d.Time
		}
	}
	res := map[string]*Result{}
	for _, d := range Definitions {
		res[d.ID] = &Result{ID: d.ID, Year: r.Year}
	}
	count := func(id string, n int) { res[id].Numerator = float64(n) }
	ratio := func(id string, num, den int) {
		res[id].Numerator, res[id].Denominator = float64(num), float64(den)
	}

	ids := make([]string, 0, len(kids))
	for c := range kids {
		ids = append(ids, c)
	}
	sort.Strings(ids)
	var at31, starts, ceased, three, ltDen, ltNum, ltUnknown, adopted, adoptN, adoptUnknown int
	var adoptDays float64
	during := map[string]bool{}
	at31Kids := map[string]bool{}
	twoYears := end.AddDate(-2, 0, 0)                                        // 31 March two years before
	twoHalf := time.Date(r.Year-3, time.September, 30, 0, 0, 0, 0, time.UTC) // 2½ years before 31 March
	for _, c := range ids {
		es := kids[c]
		open, started, ended, adoptedHere := -1, false, false, false
		for i, e := range es {
			if !e.cur {
				continue
			}
			if e.overlaps(start, end) {
				during[c] = true
			}
			if e.openAt(end) {
				open = i
			}
			if e.rne == "S" && in(e.decom, start, end) {
				started = true
			}
			if !e.open && in(e.dec, start, end) && e.rec != "X1" && e.rec != "" {
				ended = true
				if (e.rec == "E11" || e.rec == "E12") && !adoptedHere {
					adoptedHere = true
					adopted++
					if ps, known := periodStart(es, i); known {
						adoptN++
						adoptDays += math.Round(e.dec.Sub(ps).Hours() / 24)
					} else {
						adoptUnknown++
					}
				}
			}
		}
		if started {
			starts++
		}
		if ended {
			ceased++
		}
		if open < 0 {
			continue
		}
		at31++
		at31Kids[c] = true
		// Placements during the year: the one held on 1 April (or on
		// entering care) and each new one after it.
		n := 0
		for i, e := range es {
			if !e.cur || !e.overlaps(start, end) {
				continue
			}
			if n == 0 || newPlacement(es, i) {
				n++
			}
		}
		if n >= 3 {
			three++
		}
		// Long-term stability.
		dob, ok := dobs[c]
		if !ok || ssda903.Age(dob, end) >= 16 {
			continue
		}
		ps, known := periodStart(es, open)
		if ps.After(twoHalf) {
			if !known {
				ltUnknown++
			}
			continue
		}
		ltDen++
		k, pls, _ := placementStart(es, open)
		if !pls.After(twoYears) {
			ltNum++
		} else if adoptive[es[open].place] && continues(es, k) {
			if _, before, _ := placementStart(es, k-1); !before.After(twoYears) {
				ltNum++
			}
		}
	}
	count("cla_31_march", at31)
	count("cla_starts", starts)
	count("cla_ceased", ceased)
	for _, p := range [][2]string{{"cla_rate", "cla_31_march"}, {"cla_starts_rate", "cla_starts"}, {"cla_ceased_rate", "cla_ceased"}} {
		r := res[p[0]]
		r.Numerator = res[p[1]].Numerator
		if opt.Population > 0 {
			r.Denominator = opt.Population
		} else {
			r.Value, r.Note = sightline.Missing, NoPopulation
		}
	}
	ratio("placements_3plus_pct", three, at31)
	ratio("long_term_stability_pct", ltNum, ltDen)
	if ltUnknown > 0 {
		res["long_term_stability_pct"].Note = fmt.Sprintf("%s under 16 left out: their period of care began before the episodes given and they may have been looked after for 2½ years; give the previous year's return (--previous)", plural(ltUnknown, "child", "children"))
	}
	count("adopted", adopted)
	for _, id := range []string{"adoption_timeliness_days", "adoption_timeliness_months"} {
		res[id].Numerator, res[id].Denominator = adoptDays, float64(adoptN)
		if adoptUnknown > 0 {
			res[id].Note = fmt.Sprintf("%s left out: their period of care began before the episodes given; give the previous year's return (--previous)", plural(adoptUnknown, "adopted child", "adopted children"))
		}
	}
	distance(r, kids, opt.Postcodes, res["placed_20miles_pct"])

	// Missing and away from placement, among children looked after during
	// the year.
	mis := r.T(ssda903.Missing)
	missingKids, awayKids := map[string]bool{}, map[string]bool{}
	incidents := 0
	for i := range mis.Rows {
		c := mis.Str(i, "CHILD")
		d := mis.Date(i, "MIS_START")
		if !during[c] || !d.OK || !in(d.Time, start, end) {
			continue
		}
		switch ssda903.Upper(mis.Str(i, "MISSING")) {
		case "M":
			incidents++
			missingKids[c] = true
		case "A":
			awayKids[c] = true
		}
	}
	ratio("missing_children_pct", len(missingKids), len(during))
	count("missing_incidents", incidents)
	count("away_children", len(awayKids))

	// UASC at 31 March: in the UASC table and not ceased to be UASC by then.
	uasc := r.T(ssda903.UASC)
	uascKids := map[string]bool{}
	for i := range uasc.Rows {
		c := uasc.Str(i, "CHILD")
		if duc := uasc.Date(i, "DUC"); at31Kids[c] && (!duc.OK || duc.After(end)) {
			uascKids[c] = true
		}
	}
	count("uasc_31_march", len(uascKids))

	// Care leavers aged 19 to 21 on their birthday in the year.
	oc3 := r.T(ssda903.OC3)
	var leavers, eet, suitable int
	for i := range oc3.Rows {
		dob := oc3.Date(i, "DOB")
		born, ok := dob.Time, dob.OK
		if !ok {
			born, ok = dobs[oc3.Str(i, "CHILD")]
		}
		if !ok {
			continue
		}
		if age := ssda903.Age(born, end); age < 19 || age > 21 {
			continue
		}
		if ssda903.Upper(oc3.Str(i, "IN_TOUCH")) == "DIED" {
			continue
		}
		leavers++
		if a := ssda903.Upper(oc3.Str(i, "ACTIV")); strings.HasPrefix(a, "F") || strings.HasPrefix(a, "P") {
			eet++
		}
		if a := ssda903.Upper(oc3.Str(i, "ACCOM")); len(a) == 2 && a[1] == '1' {
			suitable++
		}
	}
	ratio("care_leavers_eet_pct", eet, leavers)
	ratio("care_leavers_suitable_pct", suitable, leavers)

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

// value is a result's unrounded figure: the count, or the ratio or mean
// ("z", not applicable, when its denominator is zero).
func value(d *Definition, num, den float64) sightline.Value {
	if d.Kind == Count {
		return sightline.Number(num)
	}
	if den == 0 {
		return sightline.Sym("z")
	}
	return sightline.Number(num / den * d.Scale)
}

// distance computes the share of new placements in the year that were
// outside the council and more than 20 miles from home, where the postcode
// directory can place both postcodes. Placements it cannot place count in the total only,
// as DfE counts "distance not known" placements.
func distance(r *ssda903.Return, kids map[string][]ep, loc ssda903.Postcodes, res *Result) {
	if loc == nil {
		res.Value, res.Note = sightline.Missing, NoDistance
		return
	}
	if r.LA == "" {
		res.Value, res.Note = sightline.Missing, "needs the council's LA number (--la) to tell placements outside its boundary"
		return
	}
	start, end := r.CollectionStart(), r.CollectionEnd()
	t := r.T(ssda903.Episodes)
	homes := map[string]map[time.Time]string{} // child → DECOM → HOME_POST
	decoms := t.DateColumn("DECOM")
	for i := range t.Rows {
		c := t.Str(i, "CHILD")
		if homes[c] == nil {
			homes[c] = map[time.Time]string{}
		}
		if decoms[i].OK {
			homes[c][decoms[i].Time] = t.Str(i, "HOME_POST")
		}
	}
	var total, located, far int
	for c, es := range kids {
		for i, e := range es {
			if !e.cur || !in(e.decom, start, end) || !newPlacement(es, i) {
				continue
			}
			total++
			he, hn, _, ok1 := loc.Locate(homes[c][e.decom])
			pe, pn, pla, ok2 := loc.Locate(e.post)
			if !ok1 || !ok2 || e.post == "" || math.IsNaN(he+hn+pe+pn) {
				continue
			}
			located++
			if pla != r.LA && miles(he, hn, pe, pn) > 20 {
				far++
			}
		}
	}
	if located == 0 {
		res.Value = sightline.Missing
		res.Note = fmt.Sprintf("none of the %d new placements' home and placement postcodes could be located", total)
		return
	}
	res.Numerator, res.Denominator = float64(far), float64(total)
	if located < total {
		res.Note = fmt.Sprintf("%d of %d new placements could not be located and count as distance not known", total-located, total)
	}
}

// miles is the straight-line distance between two grid references (metres
// east and north), in miles as DfE's guidance computes PL_DISTANCE:
// kilometres divided by 1.6093.
func miles(e1, n1, e2, n2 float64) float64 {
	de, dn := e2-e1, n2-n1
	return math.Sqrt(de*de+dn*dn) / 1000 / 1.6093
}

// plural is "1 child" or "2 children".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
