// Package forecast projects children in care: a stock-and-flow model of a
// council's own SSDA903 history by age band and placement type, with
// prediction intervals, costs, scenarios and sufficiency; forecast/published
// projects every council's published numbers.
package forecast

// BacktestRow is one line of `sightline forecast backtest`: a model's
// out-of-sample error and interval coverage for one scope and horizon.
// Scope is "councils" for the council-level forecasts from published data,
// "records" for the record-level model's total and "records:<state>" for
// one of its states.
type BacktestRow struct {
	Scope        string
	Model        string
	HorizonYears int
	// MAPE is the mean absolute percentage error, in percent.
	MAPE float64
	// Coverage80 is the share of outcomes inside the 80% prediction
	// interval, as a proportion (0.8 is right).
	Coverage80 float64
}
