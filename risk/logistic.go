package risk

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Logistic is a logistic regression with an L2 (ridge) penalty on
// standardised inputs. The penalty keeps coefficients finite and stable
// with few events and many correlated inputs; the intercept is not
// penalised, so the fitted mean risk matches the training rate.
type Logistic struct {
	// Mean and SD standardise each input as in the training data.
	Mean, SD []float64
	// Intercept and Coef are on the standardised scale: the log-odds are
	// Intercept + Σ Coef[j]·(x[j]−Mean[j])/SD[j].
	Intercept float64
	Coef      []float64
	Lambda    float64
	// Iterations of Newton's method the fit took.
	Iterations int
}

// ErrNoConvergence reports a fit that did not settle, as happens without a
// penalty when the inputs separate the outcomes perfectly.
var ErrNoConvergence = errors.New("logistic regression did not converge")

// FitLogistic fits the penalised model by Newton's method (iteratively
// reweighted least squares), minimising
//
//	−Σ log-likelihood + λ/2 · Σ Coef²
//
// on inputs standardised to mean 0 and standard deviation 1. Every column of
// x must vary; y holds 0 or 1.
func FitLogistic(x [][]float64, y []float64, lambda float64) (*Logistic, error) {
	n := len(y)
	if n == 0 || len(x) != n {
		return nil, fmt.Errorf("logistic regression needs as many rows as outcomes (%d, %d), and at least one", len(x), n)
	}
	k := len(x[0])
	l := &Logistic{Mean: make([]float64, k), SD: make([]float64, k), Coef: make([]float64, k), Lambda: lambda}
	for j := 0; j < k; j++ {
		var s, ss float64
		for i := range x {
			s += x[i][j]
		}
		m := s / float64(n)
		for i := range x {
			ss += (x[i][j] - m) * (x[i][j] - m)
		}
		sd := math.Sqrt(ss / float64(n))
		if sd == 0 {
			return nil, fmt.Errorf("input %d does not vary in the training data", j)
		}
		l.Mean[j], l.SD[j] = m, sd
	}
	// Design matrix with a leading column of ones.
	z := mat.NewDense(n, k+1, nil)
	for i := range x {
		z.Set(i, 0, 1)
		for j := 0; j < k; j++ {
			z.Set(i, j+1, (x[i][j]-l.Mean[j])/l.SD[j])
		}
	}
	beta := make([]float64, k+1)
	var events float64
	for _, v := range y {
		events += v
	}
	if events == 0 || events == float64(n) {
		return nil, fmt.Errorf("logistic regression needs both outcomes in the training data (%v of %d)", events, n)
	}
	beta[0] = math.Log(events / (float64(n) - events))
	obj := l.objective(z, y, beta)
	for it := 1; it <= 100; it++ {
		l.Iterations = it
		grad := mat.NewVecDense(k+1, nil)
		hess := mat.NewSymDense(k+1, nil)
		p := make([]float64, n)
		w := mat.NewDense(n, k+1, nil)
		for i := 0; i < n; i++ {
			eta := 0.0
			for j := 0; j <= k; j++ {
				eta += z.At(i, j) * beta[j]
			}
			p[i] = sigmoid(eta)
			wi := p[i] * (1 - p[i])
			for j := 0; j <= k; j++ {
				grad.SetVec(j, grad.AtVec(j)+z.At(i, j)*(p[i]-y[i]))
				w.Set(i, j, z.At(i, j)*wi)
			}
		}
		var zwz mat.Dense
		zwz.Mul(z.T(), w)
		for a := 0; a <= k; a++ {
			for b := a; b <= k; b++ {
				v := zwz.At(a, b)
				if a == b && a > 0 {
					v += lambda
				}
				hess.SetSym(a, b, v)
			}
		}
		for j := 1; j <= k; j++ {
			grad.SetVec(j, grad.AtVec(j)+lambda*beta[j])
		}
		var chol mat.Cholesky
		if ok := chol.Factorize(hess); !ok {
			return nil, fmt.Errorf("%w: the information matrix is singular (inputs may be collinear; a penalty avoids this)", ErrNoConvergence)
		}
		var step mat.VecDense
		if err := chol.SolveVecTo(&step, grad); err != nil {
			return nil, err
		}
		// Step halving keeps each iteration downhill.
		t := 1.0
		next := make([]float64, k+1)
		var nobj float64
		for h := 0; h < 30; h++ {
			for j := range beta {
				next[j] = beta[j] - t*step.AtVec(j)
			}
			nobj = l.objective(z, y, next)
			if nobj <= obj+1e-12 {
				break
			}
			t /= 2
		}
		maxStep := 0.0
		for j := range beta {
			maxStep = math.Max(maxStep, math.Abs(next[j]-beta[j]))
		}
		copy(beta, next)
		// Converged when the coefficients stop moving. Perfectly separated
		// outcomes never get there without a penalty: their coefficients
		// grow by about one each step.
		done := maxStep < 1e-9
		obj = nobj
		if done {
			l.Intercept, l.Coef = beta[0], beta[1:]
			return l, nil
		}
	}
	return nil, ErrNoConvergence
}

// objective is the penalised negative log-likelihood.
func (l *Logistic) objective(z *mat.Dense, y, beta []float64) float64 {
	n, k := z.Dims()
	var s float64
	for i := 0; i < n; i++ {
		eta := 0.0
		for j := 0; j < k; j++ {
			eta += z.At(i, j) * beta[j]
		}
		// log(1+e^eta) − y·eta, computed without overflow.
		s += softplus(eta) - y[i]*eta
	}
	for j := 1; j < k; j++ {
		s += l.Lambda / 2 * beta[j] * beta[j]
	}
	return s
}

func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// Contributions returns each input's share of the log-odds: its coefficient
// times its standardised distance from the training mean. Their sum plus
// the intercept is the log-odds, so a council at the training mean on every
// input has the intercept's risk.
func (l *Logistic) Contributions(x []float64) []float64 {
	out := make([]float64, len(l.Coef))
	for j, b := range l.Coef {
		out[j] = b * (x[j] - l.Mean[j]) / l.SD[j]
	}
	return out
}

// LogOdds is the fitted log-odds for inputs x.
func (l *Logistic) LogOdds(x []float64) float64 {
	s := l.Intercept
	for _, c := range l.Contributions(x) {
		s += c
	}
	return s
}

// Predict is the fitted probability for inputs x.
func (l *Logistic) Predict(x []float64) float64 { return sigmoid(l.LogOdds(x)) }

// Original returns the intercept and coefficients on the inputs' own
// scales, for comparison with a fit on unstandardised data.
func (l *Logistic) Original() (intercept float64, coef []float64) {
	intercept = l.Intercept
	coef = make([]float64, len(l.Coef))
	for j, b := range l.Coef {
		coef[j] = b / l.SD[j]
		intercept -= b * l.Mean[j] / l.SD[j]
	}
	return intercept, coef
}

// Lambdas is the grid of penalties cross-validation chooses from: from
// almost none to strong enough that every coefficient is small.
var Lambdas = []float64{0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000}

// CrossValidate chooses the penalty by repeated stratified k-fold
// cross-validation inside the rows given (the training data only): the one
// with the lowest mean held-out log-loss. It returns the chosen penalty and
// the mean log-loss of each in grid. seed makes fold assignment repeatable.
func CrossValidate(x [][]float64, y []float64, grid []float64, folds, repeats int, seed uint64) (float64, []float64, error) {
	var pos, neg []int
	for i, v := range y {
		if v == 1 {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	folds = min(folds, len(pos), len(neg))
	if folds < 2 {
		return 0, nil, fmt.Errorf("cross-validation needs at least two rows of each outcome (%d and %d)", len(pos), len(neg))
	}
	loss := make([]float64, len(grid))
	count := make([]float64, len(grid))
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	fold := make([]int, len(y))
	for r := 0; r < repeats; r++ {
		for _, group := range [][]int{pos, neg} {
			perm := rng.Perm(len(group))
			for k, p := range perm {
				fold[group[p]] = k % folds
			}
		}
		for f := 0; f < folds; f++ {
			var trX, teX [][]float64
			var trY, teY []float64
			for i := range y {
				if fold[i] == f {
					teX, teY = append(teX, x[i]), append(teY, y[i])
				} else {
					trX, trY = append(trX, x[i]), append(trY, y[i])
				}
			}
			for g, lambda := range grid {
				m, err := fitVarying(trX, trY, lambda)
				if err != nil {
					continue
				}
				for i := range teX {
					p := math.Min(math.Max(m.Predict(teX[i]), 1e-6), 1-1e-6)
					loss[g] -= teY[i]*math.Log(p) + (1-teY[i])*math.Log(1-p)
					count[g]++
				}
			}
		}
	}
	best := -1
	for g := range grid {
		if count[g] == 0 {
			loss[g] = math.NaN()
			continue
		}
		loss[g] /= count[g]
		if best < 0 || loss[g] < loss[best] {
			best = g
		}
	}
	if best < 0 {
		return 0, loss, ErrNoConvergence
	}
	return grid[best], loss, nil
}

// fitVarying fits on the columns that vary in these rows, and returns a
// model over all columns with zero coefficients for the rest, so that a
// fold in which an input happens to be constant still fits.
func fitVarying(x [][]float64, y []float64, lambda float64) (*Logistic, error) {
	k := len(x[0])
	var keep []int
	for j := 0; j < k; j++ {
		for i := 1; i < len(x); i++ {
			if x[i][j] != x[0][j] {
				keep = append(keep, j)
				break
			}
		}
	}
	sub := make([][]float64, len(x))
	for i := range x {
		for _, j := range keep {
			sub[i] = append(sub[i], x[i][j])
		}
	}
	m, err := FitLogistic(sub, y, lambda)
	if err != nil {
		return nil, err
	}
	full := &Logistic{Mean: make([]float64, k), SD: make([]float64, k), Coef: make([]float64, k), Intercept: m.Intercept, Lambda: lambda, Iterations: m.Iterations}
	for j := range full.SD {
		full.SD[j] = 1
	}
	for a, j := range keep {
		full.Mean[j], full.SD[j], full.Coef[j] = m.Mean[a], m.SD[a], m.Coef[a]
	}
	return full, nil
}
