package http

import (
	"math"
	"net/http"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/risk"
)

// riskState is every current council's risk of an inadequate judgement at
// its next inspection, as of the state's load, with the backtest that chose
// the method.
type riskState struct {
	Result    *risk.Result
	ByCouncil map[string]risk.Score
	Rank      map[string]int // 1 is the highest risk
}

// computeRisk scores councils as of now from the state's table and
// judgements; nil (and logged) when it cannot, so pages still serve.
func (s *Server) computeRisk(st *State) *riskState {
	var js []sightline.Judgement
	for _, j := range st.Judgements {
		js = append(js, j...)
	}
	d, err := risk.NewData(st.Table, s.Reg, js)
	if err != nil {
		s.Logger.Error("risk", "error", err)
		return nil
	}
	res, err := d.Risk(time.Now())
	if err != nil {
		s.Logger.Error("risk", "error", err)
		return nil
	}
	rs := &riskState{Result: res, ByCouncil: map[string]risk.Score{}, Rank: map[string]int{}}
	for i, sc := range res.Scores {
		rs.ByCouncil[sc.Council] = sc
		rs.Rank[sc.Council] = i + 1
	}
	return rs
}

// riskRowJSON is one backtest row, with NaN (no inadequate judgement to
// rank, say) as null.
type riskRowJSON struct {
	Method      string   `json:"method"`
	Origin      string   `json:"origin"` // "pooled" for all origins together
	Train       int      `json:"train"`
	TrainEvents int      `json:"train_inadequate"`
	Test        int      `json:"test"`
	TestEvents  int      `json:"test_inadequate"`
	Detail      string   `json:"detail,omitempty"`
	AUC         *float64 `json:"auc"`
	AUCLow      *float64 `json:"auc_low"`
	AUCHigh     *float64 `json:"auc_high"`
	Brier       *float64 `json:"brier"`
	Precision   *float64 `json:"precision_top"`
	Recall      *float64 `json:"recall_top"`
	Top         int      `json:"top"`
}

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func riskRows(bt *risk.Backtest) []riskRowJSON {
	out := []riskRowJSON{}
	if bt == nil {
		return out
	}
	for _, r := range bt.Rows {
		origin := "pooled"
		if !r.Origin.IsZero() {
			origin = r.Origin.Format(time.DateOnly)
		}
		out = append(out, riskRowJSON{Method: string(r.Method), Origin: origin, Train: r.Train, TrainEvents: r.TrainEvents,
			Test: r.N, TestEvents: r.Events, Detail: r.Detail, AUC: num(r.AUC), AUCLow: num(r.AUCLow), AUCHigh: num(r.AUCHigh),
			Brier: num(r.Brier), Precision: num(r.Precision), Recall: num(r.Recall), Top: r.Top})
	}
	return out
}

// apiRisk gives every current council's risk of an inadequate judgement
// at its next inspection, the method used and why, and the backtest.
func (s *Server) apiRisk(w http.ResponseWriter, r *http.Request) {
	rs := s.State().Risk
	if rs == nil {
		writeJSON(w, http.StatusServiceUnavailable, apiError{"the risk scores could not be computed from the loaded data"})
		return
	}
	scores := rs.Result.Scores
	if code := r.URL.Query().Get("council"); code != "" {
		if s.Reg.Council(code) == nil {
			notFoundJSON(w, "no council with code "+code)
			return
		}
		sc, ok := rs.ByCouncil[s.Reg.Canonical(code)]
		if !ok {
			notFoundJSON(w, "no current council with code "+code)
			return
		}
		scores = []risk.Score{sc}
	}
	// A copy, since the state is shared by concurrent requests.
	scores = append([]risk.Score(nil), scores...)
	for i := range scores {
		if scores[i].Contributions == nil {
			scores[i].Contributions = []risk.Contribution{}
		}
	}
	res := rs.Result
	out := map[string]any{"as_of": res.AsOf.Format(time.DateOnly), "method": string(res.Method), "describe": res.Describe,
		"reason": res.Reason, "scores": scores, "backtest": riskRows(res.Backtest)}
	if bt := res.Backtest; bt != nil {
		out["base_rate"] = num(bt.BaseRate)
		out["top_definition"] = risk.TopDefinition
	}
	writeJSON(w, http.StatusOK, out)
}
