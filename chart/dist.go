package chart

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// DistPoint is one council's value in a distribution. It carries the
// council's link as well, so that a reader who spots an outlier can go
// straight to that council.
type DistPoint struct {
	Label, Href string
	Value       float64
	Highlight   bool
}

// DistOptions describes a distribution of every council's value for one year.
// Quartiles are the three cut points of the published quartile bands, and
// BandLabels name the four bands left to right (the caller knows whether high
// is good, so it decides whether A is on the left or the right).
type DistOptions struct {
	ID, Title, Desc, Unit string
	Decimals              int
	Points                []DistPoint
	England               *float64
	Quartiles             []float64 // 3 cut points, may be nil
	BandLabels            []string  // 4 labels left→right, may be nil (A–D)
	Width, Height         int       // viewBox size; 640 wide, height fitted to the data when zero
}

// Distribution draws every council as a dot on one horizontal scale, stacked
// where they crowd, with England and the quartile bands marked: a council's
// place among all 150-odd councils is what a single number or a rank hides.
// Dots link to their councils (out of the tab order, as in Funnel).
func Distribution(o DistOptions) template.HTML {
	W, _ := size(o.Width, o.Height, 640, 200, 200, 80)
	dec := clampDec(o.Decimals)
	id := cleanID(o.ID, o.Title)
	title := o.Title
	if title == "" {
		title = "Distribution"
	}

	var pts []DistPoint
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range o.Points {
		if finite(p.Value) {
			pts = append(pts, p)
			lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Value < pts[j].Value })
	eng, hasEng := 0.0, o.England != nil && finite(*o.England)
	if hasEng {
		eng = *o.England
		lo, hi = math.Min(lo, eng), math.Max(hi, eng)
	}
	var cuts []float64
	for _, q := range o.Quartiles {
		if finite(q) {
			cuts = append(cuts, q)
		}
	}
	sort.Float64s(cuts)
	bands := o.BandLabels
	if bands == nil && len(cuts) == 3 {
		bands = []string{"A", "B", "C", "D"}
	}
	if len(bands) != len(cuts)+1 {
		bands = nil
	}
	if len(pts) > 0 {
		for _, q := range cuts {
			lo, hi = math.Min(lo, q), math.Max(hi, q)
		}
	}
	band := func(v float64) string {
		if bands == nil {
			return ""
		}
		i := sort.SearchFloat64s(cuts, v) // cut points belong to the band on their left
		return bands[i]
	}

	desc := o.Desc
	if desc == "" {
		desc = distDesc(pts, hasEng, eng, dec, o.Unit, band)
	}
	if len(pts) == 0 {
		H := 80.0
		b := &svg{w: W, h: H}
		b.open(id, "slc", title, desc)
		b.text("nd", W/2, H/2, "No figures to show")
		b.s("</svg>")
		return template.HTML(b.String())
	}

	lo, hi = domain(lo, hi, false)
	sc := niceScale(lo, hi, 7)
	tl := sc.tickLabels(o.Unit)
	left := math.Max(12, textWidth(tl[0], tickSize)/2+4)
	right := W - math.Max(12, textWidth(tl[len(tl)-1], tickSize)/2+4)
	xp := func(v float64) float64 { return sc.pos(v, left, right) }

	// Label rows above the dots: bands, England, then highlighted councils
	// (each placed in the first row where it does not overlap another).
	y := 4.0
	bandY, engY := 0.0, 0.0
	if bands != nil {
		y += 16
		bandY = y
	}
	if hasEng {
		y += 16
		engY = y
	}
	type hlabel struct {
		text   string
		x, tx  float64
		row    int
		anchor string
	}
	var hls []hlabel
	var rowEnds []float64
	for _, p := range pts {
		if !p.Highlight || p.Label == "" {
			continue
		}
		t := truncate(p.Label+" "+Format(p.Value, dec, o.Unit), (right-left)/2, fontSize)
		w := textWidth(t, fontSize)
		x := xp(p.Value)
		tx := clamp(x-w/2, 0, math.Max(0, W-w))
		row := 0
		for row < len(rowEnds) && rowEnds[row] > tx-8 {
			row++
		}
		if row == len(rowEnds) {
			rowEnds = append(rowEnds, 0)
		}
		rowEnds[row] = tx + w
		hls = append(hls, hlabel{text: t, x: x, tx: tx, row: row})
	}
	labelTop := y
	y += 16 * float64(len(rowEnds))
	swarmTop := y + 8

	// Stack the dots, shrinking them if the stack would be too tall.
	fixedH := o.Height > 0
	_, Hgiven := size(o.Width, o.Height, 640, 200, 200, 80)
	avail := math.Inf(1)
	if fixedH {
		avail = Hgiven - swarmTop - 30
	}
	xs := make([]float64, len(pts))
	for i, p := range pts {
		xs[i] = xp(p.Value)
	}
	var rows []int
	var r float64
	var nrows int
	for r = 4; ; r -= 0.5 {
		rows, nrows = swarm(xs, 2*r+1, 40)
		if float64(nrows)*(2*r+1) <= avail && nrows < 40 || r <= 1.5 {
			break
		}
	}
	if fixedH && float64(nrows)*(2*r+1) > avail { // still too tall: squeeze the rows together
		nrows = max(1, int(avail/(2*r+1)))
		if nrows%2 == 0 {
			nrows-- // the rows sit evenly above and below the centre
		}
		rows, _ = swarm(xs, 2*r+1, max(nrows, 1))
	}
	pitch := 2*r + 1
	mid := swarmTop + float64(nrows)*pitch/2
	axisY := swarmTop + float64(nrows)*pitch + 6
	H := axisY + 24
	if fixedH {
		H = Hgiven
		axisY = H - 24
		mid = (swarmTop + axisY - 6) / 2
	}
	b := &svg{w: W, h: H}
	b.open(id, "slc", title, desc)

	// Quartile bands and the axis.
	b.s(`<path class="q" d="`)
	for _, q := range cuts {
		b.s("M", b.x(xp(q)), " ", b.y(bandY+4), "V", b.y(axisY))
	}
	b.s(`"/>`)
	if bands != nil {
		edges := append(append([]float64{left}, mapf(cuts, xp)...), right)
		for i, s := range bands {
			a, z := clamp(edges[i], left, right), clamp(edges[i+1], left, right)
			if z-a >= textWidth(s, fontSize) {
				b.text("bd", (a+z)/2, bandY, s)
			}
		}
	}
	b.s(`<path class="bl" d="M`, b.x(left), " ", b.y(axisY), "H", b.x(right), `"/><g class="ax x">`)
	for i, t := range sc.ticks {
		b.text("", xp(t), axisY+17, tl[i])
	}
	b.s(`</g>`)

	// Dots, highlighted last.
	for pass := 0; pass < 2; pass++ {
		for i, p := range pts {
			if p.Highlight != (pass == 1) {
				continue
			}
			class, rad := "dt", cx(r)
			if p.Highlight {
				class, rad = "dt hl", cx(r+2)
			}
			tip := p.Label + "\n" + Format(p.Value, dec, o.Unit)
			if s := band(p.Value); s != "" {
				tip += "\nband " + s
			}
			dot(b, p.Href, class, rad, xs[i], mid+float64(rows[i])*pitch, tip)
		}
	}

	// England line over the dots, so it is never hidden.
	if hasEng {
		x := xp(eng)
		b.s(`<path class="en" d="M`, b.x(x), " ", b.y(engY+4), "V", b.y(axisY), `"/>`)
		t := "England " + Format(eng, dec, o.Unit)
		if x+4+textWidth(t, fontSize) > W {
			b.text("hal y", x-4, engY, t) // .y anchors at the end
		} else {
			b.text("hal", x+4, engY, t)
		}
	}

	// Highlight labels with leader lines down to their dots.
	if len(hls) > 0 {
		b.s(`<path class="ll" d="`)
		k := 0
		for i, p := range pts {
			if p.Highlight && p.Label != "" {
				ly := labelTop + 16*float64(hls[k].row) + 16
				b.s("M", b.x(xs[i]), " ", b.y(ly+3), "V", b.y(mid+float64(rows[i])*pitch-r-2))
				k++
			}
		}
		b.s(`"/>`)
		for _, h := range hls {
			b.text("hal lb", h.tx, labelTop+16*float64(h.row)+14, h.text)
		}
	}
	b.s(`</svg>`)
	return template.HTML(b.String())
}

// swarm stacks sorted x positions into rows so that dots in a row are at least
// gap apart, filling the centre row first and then alternately above and
// below. It returns each dot's row offset from the centre and the rows used.
// Beyond maxRows, a dot goes in the row whose last dot is furthest away.
func swarm(xs []float64, gap float64, maxRows int) ([]int, int) {
	out := make([]int, len(xs))
	last := map[int]float64{}
	order := []int{0}
	for k := 1; len(order) < maxRows; k++ {
		order = append(order, k)
		if len(order) < maxRows {
			order = append(order, -k)
		}
	}
	used := 1
	for i, x := range xs {
		best, bestGap := 0, math.Inf(-1)
		for _, row := range order {
			l, ok := last[row]
			if !ok || x-l >= gap {
				best, bestGap = row, math.Inf(1)
				break
			}
			if x-l > bestGap {
				best, bestGap = row, x-l
			}
		}
		out[i], last[best] = best, x
		used = max(used, 2*abs(best)+1)
	}
	return out, used
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func mapf(v []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = f(v[i])
	}
	return out
}

// distDesc gives the range, England and the highlighted councils' places.
func distDesc(pts []DistPoint, hasEng bool, eng float64, dec int, unit string, band func(float64) string) string {
	if len(pts) == 0 {
		return "No figures to show."
	}
	var b strings.Builder
	b.WriteString("Distribution of " + strconv.Itoa(len(pts)) + " councils' values, from " +
		Format(pts[0].Value, dec, unit) + " to " + Format(pts[len(pts)-1].Value, dec, unit) + ".")
	if hasEng {
		b.WriteString(" England " + Format(eng, dec, unit) + ".")
	}
	for _, p := range pts {
		if p.Highlight {
			b.WriteString(" " + p.Label + ": " + Format(p.Value, dec, unit))
			if s := band(p.Value); s != "" {
				b.WriteString(", band " + s)
			}
			b.WriteString(".")
		}
	}
	return b.String()
}
