package forecast

// Plan is everything one forecast run needs besides the returns: the
// model's settings, the scenarios to set beside the baseline, and the
// council's costs and places. The command line and the website both run
// forecasts through it.
type Plan struct {
	Space       StateSpace
	WindowYears int
	Options     Options
	Scenarios   []Scenario
	Costs       Costs
	Capacity    *Capacity // nil: no sufficiency gap
}

// Run builds the children's histories from yearly returns, fits the rates,
// projects the baseline and every scenario, and summarises them. skipped
// names files that were not episodes or header tables, for the report.
func Run(years []YearTables, skipped []string, plan Plan) (*Report, error) {
	h, err := BuildHistory(years, plan.Space)
	if err != nil {
		return nil, err
	}
	fit, err := Estimate(h, plan.WindowYears)
	if err != nil {
		return nil, err
	}
	p, err := Project(fit, plan.Options, plan.Scenarios...)
	if err != nil {
		return nil, err
	}
	return BuildReport(h, p, plan.Costs, plan.Capacity, skipped), nil
}
