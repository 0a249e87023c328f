package peers

import (
	"math"
	"sort"
	"testing"
)

func TestStandardiseWorkedExample(t *testing.T) {
	nan := math.NaN()
	// Mean 2, sample SD 1: z = x − 2. The missing value stays missing and
	// does not enter the mean or the SD.
	z := Standardise([]float64{1, nan, 2, 3})
	want := []float64{-1, nan, 0, 1}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(z[i]) || !math.IsNaN(want[i]) && math.Abs(z[i]-want[i]) > 1e-12 {
			t.Errorf("z[%d] = %v, want %v", i, z[i], want[i])
		}
	}
	// {2, 4, 9}: mean 5, SD sqrt((9+1+16)/2) = sqrt(13).
	z = Standardise([]float64{2, 4, 9})
	if math.Abs(z[2]-4/math.Sqrt(13)) > 1e-12 {
		t.Errorf("z of 9 in {2,4,9} = %v, want 4/sqrt(13)", z[2])
	}
	for _, xs := range [][]float64{{5, 5, 5}, {7}, {nan, 3}} {
		for _, v := range Standardise(xs) {
			if !math.IsNaN(v) {
				t.Errorf("Standardise(%v) gave %v; a variable without spread cannot separate councils", xs, v)
			}
		}
	}
}

func TestDistanceWorkedExample(t *testing.T) {
	nan := math.NaN()
	// Variables: population 1, CIN 1, CLA 1, referrals 0.5, CPP 0.5,
	// region 0.25, type 0.25.
	a := &Profile{Z: []float64{0, 1, nan, 0.5, -1, nan, nan}, Cat: []string{"", "", "", "", "", "E12000001", "E06"}}
	b := &Profile{Z: []float64{1, 1, 2, -0.5, -1, nan, nan}, Cat: []string{"", "", "", "", "", "E12000002", "E06"}}
	// CLA is missing for a, so it drops out of both sums:
	// population 1·1² + CIN 1·0² + referrals 0.5·1² + CPP 0.5·0² + region 0.25·1 + type 0.25·0 = 1.75
	// over weights 1 + 1 + 0.5 + 0.5 + 0.25 + 0.25 = 3.5: d = sqrt(0.5).
	if d := Distance(a, b); math.Abs(d-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("Distance = %v, want sqrt(0.5) = %v", d, math.Sqrt(0.5))
	}
	if Distance(a, b) != Distance(b, a) {
		t.Error("distance is not symmetric")
	}
	if d := Distance(a, a); d != 0 {
		t.Errorf("a council's distance from itself is %v", d)
	}
	// Only child protection (0.5 of 4 numeric weight) in common: too little
	// to compare, whatever region and type say.
	c := &Profile{Z: []float64{nan, nan, nan, nan, 0, nan, nan}, Cat: []string{"", "", "", "", "", "E12000001", "E06"}}
	if d := Distance(a, c); !math.IsInf(d, 1) {
		t.Errorf("distance with one numeric variable in common = %v, want +Inf", d)
	}
	var total float64
	for _, v := range Variables {
		if v.Weight <= 0 || v.Why == "" || v.Title == "" {
			t.Errorf("variable %s needs a weight, a title and a reason", v.ID)
		}
		total += v.Weight
	}
	if total != 4.5 {
		t.Errorf("weights sum to %v; the documentation says 4.5", total)
	}
}

// TestSpaceOnPublishedData checks the context space built from the bundled
// statistics: every numeric variable is standardised across councils,
// nearest lists are ordered, and a year's space uses only that year's
// figures.
func TestSpaceOnPublishedData(t *testing.T) {
	m := realData(t)
	s := m.Space(2025)
	if n := len(s.order); n < 150 || n > 155 {
		t.Fatalf("%d councils in the 2025 space, want about 153", n)
	}
	for k, v := range Variables {
		if v.Kind != Numeric {
			continue
		}
		var zs []float64
		for _, code := range s.order {
			if z := s.Profile(code).Z[k]; !math.IsNaN(z) {
				zs = append(zs, z)
			}
		}
		if len(zs) < 140 {
			t.Errorf("%s: only %d councils have a figure in 2025", v.ID, len(zs))
			continue
		}
		mean, ss := 0.0, 0.0
		for _, z := range zs {
			mean += z
		}
		mean /= float64(len(zs))
		for _, z := range zs {
			ss += (z - mean) * (z - mean)
		}
		if sd := math.Sqrt(ss / float64(len(zs)-1)); math.Abs(mean) > 1e-9 || math.Abs(sd-1) > 1e-9 {
			t.Errorf("%s: z-scores have mean %v and SD %v, want 0 and 1", v.ID, mean, sd)
		}
	}
	// The population term is the log of the ONS estimate behind the year's
	// rates (the children in need rate's denominator), and z-scores keep
	// its order: Birmingham, a big city, is far above Rutland, the smallest
	// county.
	bham, rut := s.Profile("E08000025"), s.Profile("E06000017")
	cin, _ := m.tab.Cell("cin_rate", "E08000025", 2025)
	if math.Abs(bham.Raw[0]-math.Log(cin.Den)) > 1e-12 {
		t.Errorf("Birmingham's population term %v, want log(%v)", bham.Raw[0], cin.Den)
	}
	if !(bham.Z[0] > 1.5 && rut.Z[0] < -2) {
		t.Errorf("population z: Birmingham %v, Rutland %v; want far above and far below the middle", bham.Z[0], rut.Z[0])
	}
	for _, a := range s.order {
		pa := s.Profile(a)
		if (pa.Raw[0] > bham.Raw[0]) != (pa.Z[0] > bham.Z[0]) {
			t.Errorf("%s: standardising changed the order of populations", a)
		}
	}
	near := s.Nearest("E08000025")
	if len(near) < 140 {
		t.Fatalf("Birmingham has %d comparable councils", len(near))
	}
	if !sort.SliceIsSorted(near, func(i, j int) bool { return near[i].Distance < near[j].Distance }) {
		t.Error("nearest councils are not in order of distance")
	}
	for _, n := range near {
		if n.Council == "E08000025" {
			t.Error("Birmingham is listed as its own neighbour")
		}
		if d := s.Distance(n.Council, "E08000025"); d != n.Distance {
			t.Errorf("distance %s–Birmingham %v, listed as %v", n.Council, d, n.Distance)
		}
	}
	// Looked-after rates are published by council from 2021: a 2020 space
	// has no figure for them, so nothing later leaks in.
	cla := -1
	for k, v := range Variables {
		if v.ID == "cla_rate" {
			cla = k
		}
	}
	s20 := m.Space(2020)
	for _, code := range s20.order {
		if p := s20.Profile(code); !math.IsNaN(p.Raw[cla]) {
			t.Fatalf("%s has a 2020 looked-after rate %v; none is published before 2021", code, p.Raw[cla])
		}
	}
	if len(s20.Nearest("E08000025")) < 140 {
		t.Error("without looked-after rates the other variables should still compare councils in 2020")
	}
}
