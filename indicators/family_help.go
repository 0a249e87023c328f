package indicators

import "github.com/sightline-uk/sightline/stats"

// population is the ONS mid-year estimate of children aged 0 to 17 for the
// year before the reporting year ending 31 March, as DfE uses for rates.
var population = &Ref{Dataset: "population", Measure: "population_estimate",
	Filters: map[string]string{"age_group": "Children aged 0 to 17 years"}, YearOffset: -1}

const populationText = "children aged 0 to 17 (ONS mid-year estimate for the previous year)"

func cin(measure string) *Ref {
	return &Ref{Dataset: "cin_b1", Measure: measure, Filters: map[string]string{"category": "Children in Need"}}
}

func referrals(measure string) *Ref {
	return &Ref{Dataset: "cin_c1", Measure: measure, Filters: map[string]string{"category": "Referrals and Re-referrals"}}
}

// familyHelp: national framework outcome 1, children and families stay
// together and get the help they need.
var familyHelp = []Indicator{
	{
		ID: "cin_rate", Title: "Children in need per 10,000 children", Area: "Family help", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: NoJudgement,
		Definition: "Children in need at 31 March (episodes open on that day) per 10,000 children aged 0 to 17. " +
			"A high rate is neither good nor bad in itself: it reflects need and how the council meets it.",
		Numerator: cin("At31_episodes"), NumeratorText: "children in need at 31 March",
		Denominator: population, DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "cin_starts_rate", Title: "Children starting an episode of need per 10,000 children", Area: "Family help", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: NoJudgement,
		Definition: "Episodes of need that started during the year to 31 March per 10,000 children aged 0 to 17.",
		Numerator:  cin("Started_episodes"), NumeratorText: "episodes of need started in the year",
		Denominator: population, DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "referral_rate", Title: "Referrals per 10,000 children", Area: "Family help", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: NoJudgement,
		Definition: "Referrals to children's social care in the year to 31 March per 10,000 children aged 0 to 17.",
		Numerator:  referrals("referral_count"), NumeratorText: "referrals in the year",
		Denominator: population, DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "rereferral_pct", Title: "Re-referrals within 12 months", Area: "Family help", Kind: Outcome,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Referrals in the year that were within 12 months of a previous referral for the same child, as a percentage of all referrals. " +
			"Fewer re-referrals suggest help that lasts.",
		Value:     referrals("rereferral_percent"),
		Numerator: referrals("rereferral_count"), NumeratorText: "re-referrals within 12 months",
		Denominator: referrals("referral_count"), DenominatorText: "referrals in the year", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "nfa_pct", Title: "Referrals resulting in no further action", Area: "Family help", Kind: Outcome,
		Unit: Percent, Decimals: 1, Polarity: NoJudgement,
		Definition: "Referrals that resulted in no further action, as a percentage of all referrals in the year. " +
			"Very high or very low proportions can both signal a front door that needs attention.",
		Value:     referrals("no_further_action_percent"),
		Numerator: referrals("no_further_action_count"), NumeratorText: "referrals with no further action",
		Denominator: referrals("referral_count"), DenominatorText: "referrals in the year", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "not_in_need_pct", Title: "Assessments finding the child not in need", Area: "Family help", Kind: Outcome,
		Unit: Percent, Decimals: 1, Polarity: NoJudgement,
		Definition: "Referrals that led to an assessment concluding the child was not in need, as a percentage of referrals.",
		Value:      referrals("not_in_need_percent"),
		Numerator:  referrals("not_in_need_count"), NumeratorText: "assessments ending with the child not in need",
		Denominator: referrals("referral_count"), DenominatorText: "referrals in the year", Scale: 100, Model: stats.Binomial,
	},
}
