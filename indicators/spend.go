package indicators

func rsx(measure string) *Ref {
	return &Ref{Dataset: "spend_rsx", Measure: measure, Multiply: 1000}
}

func ro3(measure string) *Ref {
	return &Ref{Dataset: "spend_ro3", Measure: measure, Multiply: 1000}
}

// spend: national framework enabler 2, leaders drive conditions for
// effective practice, as shown by what councils spend (MHCLG revenue
// outturn, £ thousand as published, shown in pounds).
var spend = []Indicator{
	{
		ID: "csc_spend_per_child", Title: "Children's social care spending per child", Area: "Spend", Kind: Enabler,
		Unit: Pounds, Decimals: 0, Polarity: NoJudgement,
		Definition: "Net current expenditure on children's social care in the financial year (RSX) per child aged 0 to 17 (ONS mid-year estimate at the start of the year).",
		Numerator:  rsx("RSX-csc-net-cur-exp"), NumeratorText: "net current expenditure on children's social care (£)",
		Denominator: population, DenominatorText: "children aged 0 to 17 (ONS mid-year estimate)", Scale: 1,
	},
	{
		ID: "csc_spend_share_pct", Title: "Share of the council's spending on children's social care", Area: "Spend", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: NoJudgement, EnglandFromCouncils: true,
		Definition: "Net current expenditure on children's social care as a percentage of net current expenditure on all services (RSX). " +
			"England's figure adds up councils with children's services only: MHCLG's England total also includes police, fire and other authorities.",
		Numerator: rsx("RSX-csc-net-cur-exp"), NumeratorText: "net current expenditure on children's social care (£)",
		Denominator: rsx("RSX-totsx-net-cur-exp"), DenominatorText: "net current expenditure on all services (£)", Scale: 100,
	},
	{
		ID: "cla_spend_per_child_looked_after", Title: "Spending on children looked after per child looked after", Area: "Spend", Kind: Enabler,
		Unit: Pounds, Decimals: 0, Polarity: NoJudgement,
		Definition: "Net current expenditure on children looked after in the financial year (RO3) per child looked after at 31 March at its end.",
		Numerator:  ro3("RO3-csclkd-net-cur-exp"), NumeratorText: "net current expenditure on children looked after (£)",
		Denominator: cla(claAt31, "children_count"), DenominatorText: "children looked after at 31 March", Scale: 1,
	},
	{
		ID: "residential_spend_share_pct", Title: "Share of spending on children looked after that goes on residential care", Area: "Spend", Kind: Enabler,
		Unit: Percent, Decimals: 1, Polarity: NoJudgement,
		Definition: "Net current expenditure on residential care as a percentage of net current expenditure on children looked after (RO3).",
		Numerator:  ro3("RO3-csclkdres-net-cur-exp"), NumeratorText: "net current expenditure on residential care (£)",
		Denominator: ro3("RO3-csclkd-net-cur-exp"), DenominatorText: "net current expenditure on children looked after (£)", Scale: 100,
	},
}
