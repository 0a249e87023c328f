package indicators

import "github.com/sightline-uk/sightline/stats"

func factor(measure string) *Ref {
	return &Ref{Dataset: "cin_c3", Measure: measure, Filters: map[string]string{"category": "Factors identified at the end of assessment"}}
}

// factorIndicator declares the share of assessments at which a factor was
// identified. Factors describe need, so no judgement is made of them.
func factorIndicator(id, title, measure, what string) Indicator {
	return Indicator{
		ID: id, Title: title, Area: "Safety", Kind: Outcome, Unit: Percent, Decimals: 1, Polarity: NoJudgement,
		Definition: "Episodes of need with " + what + " identified at the end of assessment, as a percentage of episodes with any factor recorded. " +
			"A picture of the harms children face locally, not a judgement of the council.",
		Numerator: factor(measure), NumeratorText: "assessments with " + what,
		Denominator: factor("Episodes_with_assessment_factor"), DenominatorText: "assessments with any factor recorded",
		Scale: 100, Model: stats.Binomial,
	}
}

func cppDuration(measure string) *Ref {
	return &Ref{Dataset: "cin_d5", Measure: measure, Filters: map[string]string{"category": "Child Protection Plans by length of time"}}
}

func cppSubsequent(measure string) *Ref {
	return &Ref{Dataset: "cin_d3", Measure: measure, Filters: map[string]string{"category": "Child Protection Plans which are a second or subsequent plan"}}
}

// safety: national framework outcome 3, children are safe in and outside
// their homes.
var safety = []Indicator{
	{
		ID: "cpp_rate", Title: "Children on child protection plans per 10,000 children", Area: "Safety", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: NoJudgement,
		Definition: "Children subject to a child protection plan at 31 March per 10,000 children aged 0 to 17.",
		Numerator:  cppDuration("CPP_At31"), NumeratorText: "children on a plan at 31 March",
		Denominator: population, DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "cpp_starts_rate", Title: "Child protection plans started per 10,000 children", Area: "Safety", Kind: Outcome,
		Unit: PerTenThousand, Decimals: 1, Polarity: NoJudgement,
		Definition: "Child protection plans that started in the year to 31 March per 10,000 children aged 0 to 17.",
		Numerator:  cppSubsequent("CPP_start"), NumeratorText: "plans started in the year",
		Denominator: population, DenominatorText: populationText, Scale: 10000, Model: stats.Poisson,
	},
	{
		ID: "cpp_repeat_pct", Title: "Second or subsequent child protection plans", Area: "Safety", Kind: Outcome,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Plans started in the year that were a second or subsequent plan for the child, as a percentage of plans started.",
		Value:      cppSubsequent("CPP_subsequent_percent"),
		Numerator:  cppSubsequent("CPP_subsequent"), NumeratorText: "second or subsequent plans started",
		Denominator: cppSubsequent("CPP_start"), DenominatorText: "plans started in the year", Scale: 100, Model: stats.Binomial,
	},
	{
		ID: "cpp_2yrs_pct", Title: "Child protection plans lasting two years or more", Area: "Safety", Kind: Outcome,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Plans open at 31 March that had lasted two years or more, as a percentage of plans open at 31 March.",
		Value:      cppDuration("2_years_or_more_percent"),
		Numerator:  cppDuration("2_years_or_more"), NumeratorText: "plans open two years or more at 31 March",
		Denominator: cppDuration("CPP_At31"), DenominatorText: "plans open at 31 March", Scale: 100, Model: stats.Binomial,
	},
	factorIndicator("factor_domestic_abuse_pct", "Assessments identifying domestic abuse affecting a parent or carer", "Domestic_Abuse_parent", "domestic abuse affecting a parent or carer"),
	factorIndicator("factor_neglect_pct", "Assessments identifying neglect", "Neglect", "neglect"),
	factorIndicator("factor_emotional_abuse_pct", "Assessments identifying emotional abuse", "Emotional_Abuse", "emotional abuse"),
	factorIndicator("factor_parent_mental_health_pct", "Assessments identifying a parent's or carer's mental health", "Mental_Health_parent", "a parent's or carer's mental health"),
	factorIndicator("factor_cse_pct", "Assessments identifying child sexual exploitation", "Child_sexual_exploitation", "child sexual exploitation"),
	factorIndicator("factor_cce_pct", "Assessments identifying child criminal exploitation", "Child_criminal_exploitation", "child criminal exploitation"),
	factorIndicator("factor_missing_pct", "Assessments identifying the child going missing", "Going_missing", "the child going missing"),
}
