package synth

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// volumeFile is the published file the generator calibrates against: DfE's
// children looked after on 31 March, starting and ceasing, by council.
const volumeFile = "cla_number_and_rate_per_10k_children.csv"

// Council is one council the generator can write a return for, with the
// published volumes its synthetic return is calibrated to.
type Council struct {
	Code string // ONS code, E06000001
	LA   string // DfE's three-digit LA number, 805
	Name string
	// Published counts: children looked after on 31 March of the year before
	// the collection year (the children carried into it), and children
	// starting and ceasing to be looked after during the collection year,
	// and the year before it.
	CLAStart, Starting, Ceasing, CeasingBefore int
}

// Slug is the council's name for folder names: lower case, words joined
// by underscores.
func (c Council) Slug() string { return synthkit.Slug(c.Name) }

// IDs are the names a council can be picked by: ONS code, LA number and
// slug.
func (c Council) IDs() []string { return []string{c.Code, c.LA, c.Slug()} }

var (
	volOnce sync.Once
	volObs  []sightline.Observation
	volErr  error
)

func loadVolumes() ([]sightline.Observation, error) {
	volOnce.Do(func() {
		volObs, volErr = synthkit.Published(volumeFile)
		if volErr != nil {
			volErr = fmt.Errorf("synth: %w", volErr)
		}
	})
	return volObs, volErr
}

// Councils lists the current councils with their published volumes for a
// collection year (2025 is 2024/25), in LA-number order. A council whose
// counts are suppressed or missing gets small counts, as such councils
// (the Isles of Scilly, the City of London) look after few children.
func Councils(year int) ([]Council, error) {
	obs, err := loadVolumes()
	if err != nil {
		return nil, err
	}
	reg := geography.Default()
	type key struct {
		area string
		year int
		kind string
	}
	vals := map[key]float64{}
	for _, o := range obs {
		if o.Level != sightline.LocalAuthority || o.Measure != "children_count" || !o.Value.IsNumber() {
			continue
		}
		kind := ""
		switch {
		case strings.Contains(o.Filters, "looked after on 31 March"):
			kind = "cla"
		case strings.Contains(o.Filters, "starting"):
			kind = "start"
		case strings.Contains(o.Filters, "ceasing"):
			kind = "cease"
		default:
			continue
		}
		vals[key{reg.Canonical(o.Area), o.Year, kind}] = o.Value.Num
	}
	get := func(area string, y int, kind string, def float64) int {
		if v, ok := vals[key{area, y, kind}]; ok {
			return int(v)
		}
		// Fall back to the nearest year published, then to def.
		for d := 1; d <= 4; d++ {
			for _, yy := range []int{y - d, y + d} {
				if v, ok := vals[key{area, yy, kind}]; ok {
					return int(v)
				}
			}
		}
		return int(def)
	}
	var out []Council
	for _, c := range reg.Councils() {
		if !c.Current || c.OldCode == "" {
			continue
		}
		out = append(out, Council{Code: c.Code, LA: c.OldCode, Name: c.Name,
			CLAStart:      get(c.Code, year-1, "cla", 5),
			Starting:      get(c.Code, year, "start", 3),
			Ceasing:       get(c.Code, year, "cease", 3),
			CeasingBefore: get(c.Code, year-1, "cease", 3)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LA < out[j].LA })
	return out, nil
}
