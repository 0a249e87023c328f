package indicators

import "github.com/sightline-uk/sightline/stats"

const (
	cinGroup = "CINO at 31 March"
	claGroup = "CLA 12 months at 31 March"
)

func absence(group, measure string) *Ref {
	return &Ref{Dataset: "absence_social_care", Measure: measure,
		Filters: map[string]string{"social_care_group": group, "phase_type_grouping": "Total"}}
}

func ks(dataset, group, measure string) *Ref {
	return &Ref{Dataset: dataset, Measure: measure, Filters: map[string]string{"social_care_group": group}}
}

func absenceIndicators(id, who, group string) []Indicator {
	return []Indicator{
		{
			ID: id + "_absence_pct", Title: "Overall absence of " + who, Area: "Education and health", Kind: Outcome,
			Unit: Percent, Decimals: 1, Polarity: LowIsGood,
			Definition: "Sessions missed through authorised and unauthorised absence by " + who + " in state-funded schools, as a percentage of possible sessions, over the academic year.",
			Value:      absence(group, "pt_overall"),
			Numerator:  absence(group, "t_sess_overall"), NumeratorText: "sessions missed",
			Denominator: absence(group, "t_sess_possible"), DenominatorText: "possible sessions", Scale: 100,
			// Sessions are not independent trials, so no funnel is drawn.
		},
		{
			ID: id + "_persistent_absence_pct", Title: "Persistent absence of " + who, Area: "Education and health", Kind: Outcome,
			Unit: Percent, Decimals: 1, Polarity: LowIsGood,
			Definition: "Pupils among " + who + " missing 10% or more of possible sessions, as a percentage of those pupils.",
			Value:      absence(group, "pt_pupils_pa_10_exact"),
			Numerator:  absence(group, "t_pupils_pa_10_exact"), NumeratorText: "persistently absent pupils",
			Denominator: absence(group, "t_pupils"), DenominatorText: "pupils", Scale: 100, Model: stats.Binomial,
		},
		{
			ID: id + "_ks2_rwm_pct", Title: "Key stage 2: " + who + " meeting the expected standard in reading, writing and maths", Area: "Education and health", Kind: Outcome,
			Unit: Percent, Decimals: 0, Polarity: HighIsGood,
			Definition: "Pupils among " + who + " at the end of key stage 2 reaching the expected standard in reading, writing and maths.",
			Value:      ks("ks2_social_care", group, "pt_rwm_met_expected_standard"),
			Numerator:  ks("ks2_social_care", group, "t_rwm_met_expected_standard"), NumeratorText: "pupils meeting the expected standard",
			Denominator: ks("ks2_social_care", group, "t_rwm_eligible_pupils"), DenominatorText: "eligible pupils", Scale: 100, Model: stats.Binomial,
		},
		{
			ID: id + "_attainment8", Title: "Key stage 4: average Attainment 8 score of " + who, Area: "Education and health", Kind: Outcome,
			Unit: Score, Decimals: 1, Polarity: HighIsGood,
			Definition: "Average Attainment 8 score of " + who + " at the end of key stage 4.",
			Value:      ks("ks4_social_care", group, "avg_att8"),
		},
	}
}

// educationHealth: the education and health of children in need and in care.
var educationHealth = append(append(
	absenceIndicators("cin", "children in need", cinGroup),
	absenceIndicators("cla", "children looked after", claGroup)...),
	Indicator{
		ID: "injury_admissions_rate", Title: "Hospital admissions for injuries, children aged 0 to 14", Area: "Education and health", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: LowIsGood,
		Definition: "Emergency hospital admissions caused by unintentional and deliberate injuries in children aged 0 to 14, per 10,000 children (OHID Fingertips indicator 90284), by financial year.",
		Value:      &Ref{Dataset: "fingertips_90284", Measure: "value", Filters: map[string]string{"sex": "Persons"}},
		Numerator:  &Ref{Dataset: "fingertips_90284", Measure: "count", Filters: map[string]string{"sex": "Persons"}}, NumeratorText: "admissions",
		Denominator: &Ref{Dataset: "fingertips_90284", Measure: "denominator", Filters: map[string]string{"sex": "Persons"}}, DenominatorText: "children aged 0 to 14",
		Scale: 10000, Model: stats.Poisson,
	},
)
