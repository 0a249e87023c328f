package indicators

func csww(measure string) *Ref { return &Ref{Dataset: "csww", Measure: measure} }

// workforce: national framework enabler 3, the workforce is equipped and
// effective.
var workforce = []Indicator{
	{
		ID: "sw_turnover_pct", Title: "Social worker turnover", Area: "Workforce", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Children and family social workers (FTE) who left in the year to 30 September, as a percentage of those in post.",
		Value:      csww("turnover_rate_fte"),
	},
	{
		ID: "sw_agency_pct", Title: "Agency social workers", Area: "Workforce", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Agency children and family social workers (FTE) at 30 September, as a percentage of all social workers in post and agency.",
		Value:      csww("agency_rate_fte"),
	},
	{
		ID: "sw_vacancy_pct", Title: "Social worker vacancies", Area: "Workforce", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Vacant children and family social worker posts (FTE) at 30 September, as a percentage of vacancies plus social workers in post.",
		Value:      csww("vacancy_rate_fte"),
	},
	{
		ID: "sw_caseload", Title: "Average social worker caseload", Area: "Workforce", Kind: Enabler,
		Unit: Ratio, Decimals: 1, Polarity: LowIsGood,
		Definition: "Cases held at 30 September divided by the FTE of case-holding social workers.",
		Value:      csww("caseload_fte"),
	},
	{
		ID: "sw_absence_pct", Title: "Social worker sickness absence", Area: "Workforce", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "Working days lost to sickness absence in the year as a percentage of available working days (FTE).",
		Value:      csww("absence_rate_fte"),
	},
}
