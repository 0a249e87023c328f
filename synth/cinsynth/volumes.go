package cinsynth

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// volumeFiles are the published files the generator calibrates against:
// DfE's children in need (b1), referrals (c1), child protection plans
// started (d3) and open on 31 March (d5), by council.
var volumeFiles = []string{
	"b1_children_in_need_2013_to_2025.csv",
	"c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
	"d3_cpps_subsequent_plan_2013_to_2025.csv",
	"d5_cpps_at31march_by_duration_2013_to_2025.csv",
}

// Volumes are one council's published children in need figures for a
// census year, which its synthetic census is sized to, so that each
// council's file looks like its real one in size and shape.
type Volumes struct {
	Code string // ONS code, E06000001
	LA   string // DfE's three-digit LA number, 805
	Name string

	// Referrals is referrals received in the year (c1 referral_count).
	Referrals int
	// NFAPercent, NotInNeedPercent and RereferralPercent are the shares of
	// those referrals that led to no further action, were assessed as not in
	// need, and came within 12 months of a previous referral.
	NFAPercent, NotInNeedPercent, RereferralPercent float64
	// InNeedAt31 is CIN episodes open on 31 March (b1 At31_episodes);
	// CarriedIn is episodes open on 1 April, before the year's referrals
	// (b1 Anypoint_episodes less Started_episodes).
	InNeedAt31, CarriedIn int
	// CPPStarts is child protection plans starting in the year (d3
	// CPP_start), CPPAt31 those open on 31 March (d5 CPP_At31) and
	// CPPAt31Before those open a year earlier, which the year inherits.
	CPPStarts, CPPAt31, CPPAt31Before int
	// CPPSubsequentPercent is the share of plans that are a second or
	// later plan (d3).
	CPPSubsequentPercent float64
	// CPPByDuration splits CPPAt31 by how long the plan had lasted: up to 3
	// months, 3 to 6, 6 to 12, 1 to 2 years, 2 years or more (d5).
	CPPByDuration [5]int
}

// Slug is the council's name for file names: lower case, words joined by
// underscores.
func (v Volumes) Slug() string { return synthkit.Slug(v.Name) }

// IDs are the names a council can be picked by: ONS code, LA number and
// slug.
func (v Volumes) IDs() []string { return []string{v.Code, v.LA, v.Slug()} }

var (
	volOnce sync.Once
	volObs  []sightline.Observation
	volErr  error
)

func loadVolumes() ([]sightline.Observation, error) {
	volOnce.Do(func() {
		volObs, volErr = synthkit.Published(volumeFiles...)
		if volErr != nil {
			volErr = fmt.Errorf("cinsynth: %w", volErr)
		}
	})
	return volObs, volErr
}

// Councils lists the current councils with their published figures for a
// census year (2025 is 1 April 2024 to 31 March 2025), in LA-number order.
// A figure that is suppressed or unpublished falls back to the nearest year
// published, then to a small default, as the councils with suppressed
// figures (the Isles of Scilly, the City of London) are tiny.
func Councils(year int) ([]Volumes, error) {
	obs, err := loadVolumes()
	if err != nil {
		return nil, err
	}
	reg := geography.Default()
	type key struct {
		area    string
		year    int
		measure string
	}
	vals := map[key]float64{}
	for _, o := range obs {
		if o.Value.IsNumber() {
			vals[key{reg.Canonical(o.Area), o.Year, o.Measure}] = o.Value.Num
		}
	}
	get := func(area string, y int, measure string, def float64) float64 {
		if v, ok := vals[key{area, y, measure}]; ok {
			return v
		}
		for d := 1; d <= 4; d++ {
			for _, yy := range []int{y - d, y + d} {
				if v, ok := vals[key{area, yy, measure}]; ok {
					return v
				}
			}
		}
		return def
	}
	round := func(f float64) int { return int(math.Round(f)) }
	var out []Volumes
	for _, c := range reg.Councils() {
		if !c.Current || c.OldCode == "" {
			continue
		}
		v := Volumes{Code: c.Code, LA: c.OldCode, Name: c.Name}
		v.Referrals = max(round(get(c.Code, year, "referral_count", 20)), 5)
		v.NFAPercent = get(c.Code, year, "no_further_action_percent", 6)
		v.NotInNeedPercent = get(c.Code, year, "not_in_need_percent", 30)
		v.RereferralPercent = get(c.Code, year, "rereferral_percent", 20)
		v.InNeedAt31 = max(round(get(c.Code, year, "At31_episodes", float64(v.Referrals)*0.6)), 2)
		started := get(c.Code, year, "Started_episodes", -1)
		anyPoint := get(c.Code, year, "Anypoint_episodes", -1)
		if started >= 0 && anyPoint >= started {
			v.CarriedIn = round(anyPoint - started)
		} else {
			v.CarriedIn = v.InNeedAt31
		}
		v.CPPStarts = max(round(get(c.Code, year, "CPP_start", 2)), 1)
		v.CPPAt31 = max(round(get(c.Code, year, "CPP_At31", 2)), 1)
		v.CPPAt31Before = max(round(get(c.Code, year-1, "CPP_At31", float64(v.CPPAt31))), 1)
		v.CPPSubsequentPercent = get(c.Code, year, "CPP_subsequent_percent", 24)
		buckets := []string{"3_months_or_less", "more_than_3_months_6_months", "more_than_6_months_less_than_1_year",
			"1_year_less_than_2_years", "2_years_or_more"}
		national := []float64{31.5, 25.5, 26.3, 14.4, 2.3} // England, 31 March 2025
		shares := make([]float64, 5)
		total := 0.0
		for i, b := range buckets {
			shares[i] = get(c.Code, year, b+"_percent", national[i])
			total += shares[i]
		}
		v.CPPByDuration = apportion(v.CPPAt31, shares, total)
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LA < out[j].LA })
	return out, nil
}

// apportion splits n by shares, largest remainders first, so the parts sum
// to n exactly.
func apportion(n int, shares []float64, total float64) [5]int {
	var out [5]int
	if total <= 0 {
		out[0] = n
		return out
	}
	rem := make([]float64, len(shares))
	sum := 0
	for i, s := range shares {
		x := float64(n) * s / total
		out[i] = int(x)
		rem[i] = x - float64(out[i])
		sum += out[i]
	}
	for sum < n {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		sum++
	}
	return out
}
