package chart

import (
	"html/template"
	"math"
	"strings"
)

// Point is one x position of a series. Publications suppress or omit figures
// ("c", "x", "z"), and a missing figure must be shown as a gap rather than a
// zero or an interpolated line, so OK=false breaks the line there and Note
// (such as "c: suppressed") tells the reader why.
type Point struct {
	X    string
	Y    float64
	OK   bool
	Note string
}

// Series is one line. Its Role fixes its look so that the council and each
// benchmark look the same on every chart; Points align with LineOptions.X.
type Series struct {
	Name   string
	Points []Point
	Role   Role
}

// Band is a shaded interval behind the lines — a forecast's 80% or 95%
// prediction interval, say — so a fan chart is a line chart with bands.
// Lower and Upper align with LineOptions.X; where either is missing the
// band has a gap. Bands are drawn in order, so give the widest first.
type Band struct {
	Name         string
	Lower, Upper []Point
}

// LineOptions describes a time-series chart. ID prefixes the element ids so
// that several charts can share a page; Unit and Decimals format ticks and
// tooltips as the page's tables do; ZeroBased forces a zero baseline for
// measures (such as counts) where the bar-from-zero reading matters.
type LineOptions struct {
	ID, Title, Desc string
	X               []string
	Series          []Series
	Unit            string
	Decimals        int
	Width, Height   int // viewBox size; 640×320 when zero
	ZeroBased       bool
	// Bands are shaded intervals drawn behind the series.
	Bands []Band
}

const (
	fontSize = 13.0
	tickSize = 12.0
)

// line is a series after validation: gaps resolved, name defaulted.
type line struct {
	name string
	role Role
	ok   []bool
	y    []float64
	note []string
	last int // index of the last drawable point, or -1
}

// Line draws series over shared x positions (typically years) with the series
// named at their line ends, because readers compare a council with England far
// more easily from labelled lines than from a legend or a table. Hovering a
// year shows every series' value there.
func Line(o LineOptions) template.HTML {
	W, H := size(o.Width, o.Height, 640, 320, 160, 100)
	dec := clampDec(o.Decimals)
	id := cleanID(o.ID, o.Title)

	labels := o.X
	if len(labels) == 0 { // fall back to the points' own labels
		for _, s := range o.Series {
			if len(s.Points) > len(labels) {
				labels = make([]string, len(s.Points))
				for i, p := range s.Points {
					labels[i] = p.X
				}
			}
		}
	}
	n := len(labels)

	lo, hi := math.Inf(1), math.Inf(-1)
	lines := make([]line, 0, len(o.Series))
	for _, s := range o.Series {
		l := line{name: s.Name, role: s.Role, ok: make([]bool, n), y: make([]float64, n), note: make([]string, n), last: -1}
		if l.role < Primary || l.role > Other {
			l.role = Other
		}
		if strings.TrimSpace(l.name) == "" {
			l.name = l.role.defaultName()
		}
		for i := 0; i < n && i < len(s.Points); i++ {
			p := s.Points[i]
			l.note[i] = p.Note
			if p.OK && finite(p.Y) {
				l.ok[i], l.y[i], l.last = true, p.Y, i
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
		}
		lines = append(lines, l)
	}
	for _, bd := range o.Bands {
		for _, pts := range [][]Point{bd.Lower, bd.Upper} {
			for i := 0; i < n && i < len(pts); i++ {
				if pts[i].OK && finite(pts[i].Y) {
					lo, hi = math.Min(lo, pts[i].Y), math.Max(hi, pts[i].Y)
				}
			}
		}
	}

	title := o.Title
	if title == "" {
		title = "Chart"
	}
	desc := o.Desc
	if desc == "" {
		desc = lineDesc(labels, lines, dec, o.Unit)
	}
	b := &svg{w: W, h: H}
	b.open(id, "slc", title, desc)
	if math.IsInf(lo, 1) {
		b.text("nd", W/2, H/2, "No figures to show")
		b.s("</svg>")
		return template.HTML(b.String())
	}

	lo, hi = domain(lo, hi, o.ZeroBased)
	sc := niceScale(lo, hi, 6)
	tl := sc.tickLabels(o.Unit)

	// Margins: tick labels on the left, series names on the right.
	left := 8.0
	for _, t := range tl {
		left = math.Max(left, textWidth(t, tickSize)+14)
	}
	left = math.Min(left, W*0.3)
	top, bottom := 12.0, H-26
	labelW := 0.0
	for _, l := range lines {
		labelW = math.Max(labelW, textWidth(l.name, fontSize))
	}
	right := W - math.Min(labelW+14, W*0.3)

	// Direct labels at line ends where they fit; otherwise a legend on top.
	var ly []float64
	legend := len(lines) > 0
	if legend {
		ys := make([]float64, len(lines))
		for i, l := range lines {
			v := sc.lo
			if l.last >= 0 {
				v = l.y[l.last]
			}
			ys[i] = sc.pos(v, bottom, top)
		}
		var ok bool
		if ly, ok = spread(ys, fontSize+2, top+4, bottom); ok {
			legend = false
		}
	}
	if legend {
		right = W - 8
		top += legendHeight(lines, left, right)
		// Recompute nothing else: the scale is independent of the plot height.
	}
	if right-left < 40 || bottom-top < 30 { // too small for labels: give the plot the space
		left, right, top, legend, ly = 4, W-4, 4, false, nil
	}
	yp := func(v float64) float64 { return sc.pos(v, bottom, top) }
	x0, x1 := left+5, right-5
	xp := func(i int) float64 {
		if n <= 1 {
			return (x0 + x1) / 2
		}
		return x0 + float64(i)*(x1-x0)/float64(n-1)
	}

	// Grid and y ticks.
	b.s(`<path class="gr" d="`)
	for _, t := range sc.ticks {
		if t != sc.lo && t != 0 {
			b.s("M", b.x(left), " ", b.y(yp(t)), "H", b.x(right))
		}
	}
	b.s(`"/><path class="bl" d="M`, b.x(left), " ", b.y(yp(sc.lo)), "H", b.x(right))
	if sc.lo < 0 && sc.hi > 0 {
		b.s("M", b.x(left), " ", b.y(yp(0)), "H", b.x(right))
	}
	b.s(`"/><g class="ax y">`)
	if left > 8 {
		for i, t := range sc.ticks {
			b.text("", left-6, yp(t)+4, tl[i])
		}
	}
	b.s(`</g><g class="ax x">`)
	// X labels: thinned so they never collide, always keeping the latest.
	if n > 0 && len(lines) > 0 {
		lw := 0.0
		for _, s := range labels {
			lw = math.Max(lw, textWidth(s, tickSize)+20) // room to breathe, not just to fit
		}
		every := 1
		if n > 1 {
			every = max(1, int(math.Ceil(lw/((x1-x0)/float64(n-1)))))
		}
		for i := n - 1; i >= 0; i -= every {
			b.text("", xp(i), H-8, labels[i])
		}
	}
	b.s(`</g>`)

	// Bands, widest first, each a closed shape over every run of x
	// positions where both its edges are known; deeper shade for narrower
	// bands drawn later.
	for k, bd := range o.Bands {
		ok := func(i int) bool {
			return i < len(bd.Lower) && i < len(bd.Upper) && bd.Lower[i].OK && bd.Upper[i].OK && finite(bd.Lower[i].Y) && finite(bd.Upper[i].Y)
		}
		b.s(`<path class="fb" fill="#1d70b8" fill-opacity="`, cx(0.12+0.1*float64(k)), `" d="`)
		for i := 0; i < n; {
			if !ok(i) {
				i++
				continue
			}
			j := i
			for j+1 < n && ok(j+1) {
				j++
			}
			b.s("M", b.x(xp(i)), " ", b.y(yp(bd.Upper[i].Y)))
			for m := i + 1; m <= j; m++ {
				b.s("L", b.x(xp(m)), " ", b.y(yp(bd.Upper[m].Y)))
			}
			for m := j; m >= i; m-- {
				b.s("L", b.x(xp(m)), " ", b.y(yp(bd.Lower[m].Y)))
			}
			b.s("Z")
			i = j + 1
		}
		b.s(`"><title>`)
		b.esc(bd.Name)
		b.s(`</title></path>`)
	}

	// Series, Primary last so it sits on top.
	order := make([]int, 0, len(lines))
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].role != Primary {
			order = append(order, i)
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].role == Primary {
			order = append(order, i)
		}
	}
	for _, k := range order {
		l := lines[k]
		b.s(`<g class="s `, l.role.class(), `"><path d="`)
		var mk strings.Builder
		for i := 0; i < n; i++ {
			if !l.ok[i] {
				continue
			}
			x, y := b.x(xp(i)), b.y(yp(l.y[i]))
			prev := i > 0 && l.ok[i-1]
			next := i+1 < n && l.ok[i+1]
			switch {
			case !prev:
				b.s("M", x, " ", y)
			case i >= 2 && l.ok[i-2]:
				b.s(" ", x, " ", y) // implicit lineto
			default:
				b.s("L", x, " ", y)
			}
			if l.role == Primary || i == l.last || (!prev && !next) {
				mk.WriteString(b.marker(l.role, xp(i), yp(l.y[i])))
			}
		}
		b.s(`"/>`)
		if mk.Len() > 0 {
			b.s(`<path class="mk" d="`, mk.String(), `"/>`)
		}
		if ly != nil {
			b.text("lb", right+8, ly[k]+4, truncate(l.name, W-right-10, fontSize))
		}
		b.s(`</g>`)
	}
	if legend {
		drawLegend(b, lines, left, right)
	}

	// Hover columns: one per x, titled with every series' value there.
	colW := x1 - x0 + 10
	if n > 1 {
		colW = (x1 - x0) / float64(n-1)
	}
	b.s(`<g class="hv" stroke-width="`, cx(math.Min(colW, W)), `">`)
	for i := 0; i < n; i++ {
		b.s(`<path d="M`, b.x(xp(i)), " ", b.y(top), "V", b.y(bottom), `"><title>`)
		b.esc(labels[i])
		for _, l := range lines {
			b.tip("\n" + l.name + ": " + valueOrNote(l, i, dec, o.Unit))
		}
		for _, bd := range o.Bands {
			if i < len(bd.Lower) && i < len(bd.Upper) && bd.Lower[i].OK && bd.Upper[i].OK {
				b.tip("\n" + bd.Name + ": " + Format(bd.Lower[i].Y, dec, o.Unit) + " to " + Format(bd.Upper[i].Y, dec, o.Unit))
			}
		}
		b.s(`</title></path>`)
	}
	b.s(`</g></svg>`)
	return template.HTML(b.String())
}

func valueOrNote(l line, i, dec int, unit string) string {
	if l.ok[i] {
		return Format(l.y[i], dec, unit)
	}
	if l.note[i] != "" {
		return l.note[i]
	}
	return "no figure"
}

// lineDesc summarises the latest figures so that a screen-reader user hears
// the chart's point even when the page gave no description.
func lineDesc(labels []string, lines []line, dec int, unit string) string {
	var b strings.Builder
	b.WriteString("Line chart")
	if len(labels) > 1 {
		b.WriteString(", " + labels[0] + " to " + labels[len(labels)-1])
	}
	b.WriteString(".")
	for _, l := range lines {
		if l.last < 0 {
			b.WriteString(" " + l.name + ": no figures.")
			continue
		}
		b.WriteString(" " + l.name + ": " + Format(l.y[l.last], dec, unit))
		if l.last < len(labels) && labels[l.last] != "" {
			b.WriteString(" in " + labels[l.last])
		}
		b.WriteString(".")
	}
	return b.String()
}

// legendLayout positions legend items left to right, wrapping as needed.
func legendLayout(lines []line, left, right float64) (xs, ys []float64, h float64) {
	x, y := left, 14.0
	for _, l := range lines {
		w := 30 + textWidth(l.name, fontSize) + 16
		if x > left && x+w > right {
			x, y = left, y+18
		}
		xs, ys = append(xs, x), append(ys, y)
		x += w
	}
	return xs, ys, y + 8
}

func legendHeight(lines []line, left, right float64) float64 {
	_, _, h := legendLayout(lines, left, right)
	return h
}

// drawLegend is the fallback when series ends are too crowded to label.
func drawLegend(b *svg, lines []line, left, right float64) {
	xs, ys, _ := legendLayout(lines, left, right)
	for i, l := range lines {
		x, y := xs[i], ys[i]
		b.s(`<g class="s `, l.role.class(), `"><path d="M`, b.x(x), " ", b.y(y-4), `h24"/><path class="mk" d="`,
			b.marker(l.role, x+12, y-4), `"/>`)
		b.text("lb", x+30, y, truncate(l.name, right-x-30, fontSize))
		b.s(`</g>`)
	}
}

// Sparkline draws a council's trend against England small enough for a table
// cell (120×32), with the latest figure marked, so that a table of many
// indicators still shows direction at a glance. Values are formatted with no
// unit and one decimal place unless all are whole numbers.
func Sparkline(id string, x []string, primary, england []Point) template.HTML {
	const W, H, pad = 120.0, 32.0, 4.0
	n := max(len(x), len(primary), len(england))
	label := func(i int) string {
		switch {
		case i < len(x):
			return x[i]
		case i < len(primary):
			return primary[i].X
		case i < len(england):
			return england[i].X
		}
		return ""
	}
	mk := func(name string, role Role, pts []Point) line {
		l := line{name: name, role: role, ok: make([]bool, n), y: make([]float64, n), note: make([]string, n), last: -1}
		for i := 0; i < n && i < len(pts); i++ {
			l.note[i] = pts[i].Note
			if pts[i].OK && finite(pts[i].Y) {
				l.ok[i], l.y[i], l.last = true, pts[i].Y, i
			}
		}
		return l
	}
	lines := []line{mk("Council", Primary, primary), mk("England", England, england)}
	lo, hi := math.Inf(1), math.Inf(-1)
	dec := 0
	for _, l := range lines {
		for i, ok := range l.ok {
			if ok {
				lo, hi = math.Min(lo, l.y[i]), math.Max(hi, l.y[i])
				if l.y[i] != math.Trunc(l.y[i]) {
					dec = 1
				}
			}
		}
	}
	labels := make([]string, n)
	for i := range labels {
		labels[i] = label(i)
	}
	title := "Trend"
	if n > 1 {
		title += " from " + labels[0] + " to " + labels[n-1]
	}
	b := &svg{w: W, h: H}
	b.open(cleanID(id, title+strings.Join(labels, ",")), "slc slc-spark", title, lineDesc(labels, lines, dec, ""))
	if math.IsInf(lo, 1) {
		b.s("</svg>")
		return template.HTML(b.String())
	}
	if !(hi > lo) {
		lo, hi = lo-1, hi+1
	}
	sc := scale{lo: clamp(lo, -maxAbs, maxAbs), hi: clamp(hi, -maxAbs, maxAbs)}
	yp := func(v float64) float64 { return sc.pos(v, H-pad, pad) }
	xp := func(i int) float64 {
		if n <= 1 {
			return W / 2
		}
		return pad + float64(i)*(W-2*pad)/float64(n-1)
	}
	for _, k := range []int{1, 0} {
		l := lines[k]
		b.s(`<g class="s `, l.role.class(), `"><path d="`)
		for i := 0; i < n; i++ {
			if !l.ok[i] {
				continue
			}
			cmd := "L"
			if i == 0 || !l.ok[i-1] {
				cmd = "M"
			}
			b.s(cmd, b.x(xp(i)), " ", b.y(yp(l.y[i])))
			if (i == 0 || !l.ok[i-1]) && (i+1 >= n || !l.ok[i+1]) {
				b.s("h0")
			}
		}
		b.s(`"/>`)
		if k == 0 && l.last >= 0 {
			b.s(`<path class="mk" d="M`, b.x(xp(l.last)), " ", b.y(yp(l.y[l.last])), `h0"/>`)
		}
		b.s(`</g>`)
	}
	colW := W
	if n > 1 {
		colW = (W - 2*pad) / float64(n-1)
	}
	b.s(`<g class="hv" stroke-width="`, cx(colW), `">`)
	for i := 0; i < n; i++ {
		b.s(`<path d="M`, b.x(xp(i)), " 0V", cx(H), `"><title>`)
		b.esc(labels[i])
		for _, l := range lines {
			b.tip("\n" + l.name + ": " + valueOrNote(l, i, dec, ""))
		}
		b.s(`</title></path>`)
	}
	b.s(`</g></svg>`)
	return template.HTML(b.String())
}

// Swatch draws a role's line and marker as a small inline icon, so that a key
// beside a chart (or a table heading) shows exactly what the chart draws.
func Swatch(r Role) template.HTML {
	if r < Primary || r > Other {
		r = Other
	}
	return template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 12" width="100%" class="slc slc-key" aria-hidden="true" focusable="false"><g class="s ` +
		r.class() + `"><path d="M2 6H28"/><path class="mk" d="` + r.marker(15, 6) + `"/></g></svg>`)
}
