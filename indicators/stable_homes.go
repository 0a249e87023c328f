package indicators

import "github.com/sightline-uk/sightline/stats"

func cla(population string, measure string) *Ref {
	return &Ref{Dataset: "cla_numbers", Measure: measure, Filters: map[string]string{"population_type": population}}
}

func stability(group, row string) *Ref {
	return &Ref{Dataset: "cla_placement_stability", Measure: "children_count", Filters: map[string]string{"cla_group": group, "placement_stability": row}}
}

func stabilityPct(group, row string) *Ref {
	r := stability(group, row)
	r.Measure = "children_percent"
	return r
}

func leavers(dataset, age, breakdown, measure string) *Ref {
	return &Ref{Dataset: dataset, Measure: measure, Filters: map[string]string{"care_leaver_age": age, "breakdown": breakdown}}
}

func outcome(characteristic, breakdown, measure string) *Ref {
	return &Ref{Dataset: "cla_outcomes", Measure: measure, Filters: map[string]string{"characteristic": characteristic, "breakdown": breakdown}}
}

const (
	claAt31       = "Children looked after on 31 March each year"
	longTermGroup = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
	healthGroup   = "Health assessments: Children looked after all ages"
)

// stableHomes: national framework outcome 4, children in care and care
// leavers have stable, loving homes.
var stableHomes = []Indicator{
	{
		ID: "cla_rate", Title: "Children looked after per 10,000 children", Area: "Stable homes", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 0, Polarity: NoJudgement,
		Definition: "Children looked after at 31 March per 10,000 children aged 0 to 17, as published by DfE.",
		Value:      cla(claAt31, "rate_per_10000"),
		Numerator:  cla(claAt31, "children_count"), NumeratorText: "children looked after at 31 March",
		Denominator: cla(claAt31, "population_estimate"), DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "cla_starts_rate", Title: "Children starting to be looked after per 10,000 children", Area: "Stable homes", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 0, Polarity: NoJudgement,
		Definition: "Children who started to be looked after during the year per 10,000 children aged 0 to 17.",
		Value:      cla("Children starting to be looked after each year", "rate_per_10000"),
		Numerator:  cla("Children starting to be looked after each year", "children_count"), NumeratorText: "children starting to be looked after",
		Denominator: cla("Children starting to be looked after each year", "population_estimate"), DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "cla_ceased_rate", Title: "Children ceasing to be looked after per 10,000 children", Area: "Stable homes", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 0, Polarity: NoJudgement,
		Definition: "Children who ceased to be looked after during the year per 10,000 children aged 0 to 17.",
		Value:      cla("Children ceasing to be looked after each year", "rate_per_10000"),
		Numerator:  cla("Children ceasing to be looked after each year", "children_count"), NumeratorText: "children ceasing to be looked after",
		Denominator: cla("Children ceasing to be looked after each year", "population_estimate"), DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "placements_3plus_pct", Title: "Children looked after with three or more placements in the year", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition: "Children looked after at 31 March who had three or more placements during the year, as a percentage of all children looked after at 31 March.",
		Value:      stabilityPct("CLA on 31 March", "With 3 or more placements during the year"),
		Numerator:  stability("CLA on 31 March", "With 3 or more placements during the year"), NumeratorText: "children with 3 or more placements in the year",
		Denominator: stability("CLA on 31 March", "Total children"), DenominatorText: "children looked after at 31 March", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "long_term_stability_pct", Title: "Long-term placement stability", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: HighIsGood,
		Definition: "Children under 16 looked after for at least 2.5 years who have lived with the same carer for at least 2 years, as a percentage of such children.",
		Value:      stabilityPct(longTermGroup, "Living with the same carer for at least 2 years"),
		Numerator:  stability(longTermGroup, "Living with the same carer for at least 2 years"), NumeratorText: "children with the same carer for 2 years or more",
		Denominator: stability(longTermGroup, "Total children"), DenominatorText: "children under 16 looked after for 2.5 years or more", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "placed_20miles_pct", Title: "New placements outside the council and more than 20 miles from home", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition:      "New placements in the year that were outside the council's boundary and more than 20 miles from the child's home, as a percentage of new placements.",
		Value:           &Ref{Dataset: "cla_new_placements", Measure: "children_percent", Filters: map[string]string{"characteristic": "Location of new placements during the year", "breakdown": "Placed outside LA boundary more than 20 miles from home"}},
		Numerator:       &Ref{Dataset: "cla_new_placements", Measure: "children_count", Filters: map[string]string{"characteristic": "Location of new placements during the year", "breakdown": "Placed outside LA boundary more than 20 miles from home"}},
		NumeratorText:   "new placements outside the boundary and over 20 miles away",
		Denominator:     &Ref{Dataset: "cla_new_placements", Measure: "children_count", Filters: map[string]string{"characteristic": "Location of new placements during the year", "breakdown": "Total new placements"}},
		DenominatorText: "new placements in the year", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "school_moves_pct", Title: "Children looked after with a school move in the year", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition:      "Children looked after at 31 March who moved school at least once during the year, as a percentage of children looked after at 31 March.",
		Value:           &Ref{Dataset: "cla_school_moves", Measure: "percentage", Filters: map[string]string{"cla_group": "CLA on 31 March", "move_measure": "Any moves", "school_stability": "With one or more moves during the year"}},
		Numerator:       &Ref{Dataset: "cla_school_moves", Measure: "number", Filters: map[string]string{"cla_group": "CLA on 31 March", "move_measure": "Any moves", "school_stability": "With one or more moves during the year"}},
		NumeratorText:   "children with one or more school moves",
		Denominator:     &Ref{Dataset: "cla_school_moves", Measure: "number", Filters: map[string]string{"cla_group": "CLA on 31 March", "move_measure": "Any moves", "school_stability": "Total children"}},
		DenominatorText: "children looked after at 31 March", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "social_worker_changes_pct", Title: "Children looked after with three or more social workers in the year", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition:    "Children looked after at 31 March who had three or more social workers during the year, as a percentage of children looked after at 31 March.",
		Value:         &Ref{Dataset: "cla_social_worker_changes", Measure: "percentage", Filters: map[string]string{"cla_group": "CLA on 31 March", "sw_stability": "3 or more social workers during the year"}},
		Numerator:     &Ref{Dataset: "cla_social_worker_changes", Measure: "number", Filters: map[string]string{"cla_group": "CLA on 31 March", "sw_stability": "3 or more social workers during the year"}},
		NumeratorText: "children with 3 or more social workers", Scale: 100, Model: stats.Binomial,
		Denominator:     &Ref{Dataset: "cla_social_worker_changes", Measure: "number", Filters: map[string]string{"cla_group": "CLA on 31 March", "sw_stability": "Total children"}},
		DenominatorText: "children looked after at 31 March",
	},
	{
		ID: "care_leavers_eet_pct", Title: "Care leavers aged 19 to 21 in education, employment or training", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: HighIsGood,
		Definition: "Care leavers aged 19 to 21 in education, employment or training around their birthday, as a percentage of care leavers of that age.",
		Value:      leavers("care_leavers_activity", "19 to 21 years", "Total in education, employment or training", "care_leaver_percent"),
		Numerator:  leavers("care_leavers_activity", "19 to 21 years", "Total in education, employment or training", "care_leaver_count"), NumeratorText: "care leavers in education, employment or training",
		Denominator: leavers("care_leavers_activity", "19 to 21 years", "Total", "care_leaver_count"), DenominatorText: "care leavers aged 19 to 21", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "care_leavers_suitable_pct", Title: "Care leavers aged 19 to 21 in suitable accommodation", Area: "Stable homes", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: HighIsGood,
		Definition: "Care leavers aged 19 to 21 whose accommodation was considered suitable, as a percentage of care leavers of that age.",
		Value:      leavers("care_leavers_accommodation", "19 to 21 years", "Accommodation considered suitable", "care_leaver_percent"),
		Numerator:  leavers("care_leavers_accommodation", "19 to 21 years", "Accommodation considered suitable", "care_leaver_count"), NumeratorText: "care leavers in suitable accommodation",
		Denominator: leavers("care_leavers_accommodation", "19 to 21 years", "Suitability total", "care_leaver_count"), DenominatorText: "care leavers aged 19 to 21", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "adoption_timeliness_months", Title: "Average time from entering care to adoption (England)", Area: "Stable homes", Kind: Outcome,
		Unit: Months, Decimals: 0, Polarity: LowIsGood, NationalOnly: true,
		Definition: "Average time, in months, between a child entering care and being adopted, for children adopted in the year. Published for England only.",
		Value:      &Ref{Dataset: "adoption_timeliness", Measure: "number", Filters: map[string]string{"stage_of_adoption_process": "6. Total average time between entry into care and adoption", "age_start_poc": "Total"}},
	},
	{
		ID: "cla_health_assessment_pct", Title: "Children looked after with an up-to-date annual health assessment", Area: "Education and health", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: HighIsGood,
		Definition: "Children looked after for at least 12 months at 31 March whose annual health assessment was up to date.",
		Value:      outcome(healthGroup, "Had their annual health assessment", "children_percent"),
		Numerator:  outcome(healthGroup, "Had their annual health assessment", "children_count"), NumeratorText: "children with an up-to-date health assessment",
		Denominator: outcome(healthGroup, "Total all ages", "children_count"), DenominatorText: "children looked after for 12 months or more", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "cla_dental_pct", Title: "Children looked after who had their teeth checked", Area: "Education and health", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: HighIsGood,
		Definition: "Children looked after for at least 12 months at 31 March who had their teeth checked by a dentist in the year.",
		Value:      outcome(healthGroup, "Had their teeth checked by a dentist", "children_percent"),
		Numerator:  outcome(healthGroup, "Had their teeth checked by a dentist", "children_count"), NumeratorText: "children with a dental check",
		Denominator: outcome(healthGroup, "Total all ages", "children_count"), DenominatorText: "children looked after for 12 months or more", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "cla_convictions_pct", Title: "Children looked after aged 10 to 17 convicted or cautioned", Area: "Education and health", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition: "Children aged 10 to 17 looked after for at least 12 months who were convicted or subject to a youth caution or youth conditional caution during the year.",
		Value:      outcome("Convictions: Children looked after Ages 10 to 17 years", "Convicted or subject to youth cautions, or youth conditional cautions during the year", "children_percent"),
		Numerator:  outcome("Convictions: Children looked after Ages 10 to 17 years", "Convicted or subject to youth cautions, or youth conditional cautions during the year", "children_count"), NumeratorText: "children convicted or cautioned",
		Denominator: outcome("Convictions: Children looked after Ages 10 to 17 years", "Total ages 10 to 17 years", "children_count"), DenominatorText: "children aged 10 to 17 looked after for 12 months or more", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "cla_sdq_concern_pct", Title: "Children looked after whose wellbeing score is a cause for concern", Area: "Education and health", Kind: Outcome,
		Unit: Percent, Decimals: 0, Polarity: LowIsGood,
		Definition: "Children aged 5 to 16 looked after for at least 12 months whose Strengths and Difficulties Questionnaire score is a cause for concern, as a percentage of those with a score.",
		Value:      outcome("Ages 5 to 16 years with SDQ score", "SDQ score is a cause for concern", "children_percent"),
		Numerator:  outcome("Ages 5 to 16 years with SDQ score", "SDQ score is a cause for concern", "children_count"), NumeratorText: "children whose score is a cause for concern",
		Denominator: outcome("Ages 5 to 16 years with SDQ score", "SDQ score was received", "children_count"), DenominatorText: "children aged 5 to 16 with a score", Scale: 100, Model: stats.Binomial,
	},
}
