package chart

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// FunnelPoint is one council on a funnel plot. Outside ("", "95" or "99.8")
// is decided by the caller, who holds the statistics; the chart only shows it,
// both by class and in the tooltip, so that the plot and any table agree.
type FunnelPoint struct {
	Label, Href string
	X, Y        float64
	Highlight   bool
	Outside     string
}

// Curve is a control limit as (x, y) pairs with x ascending; the caller
// computes it (binomial or Poisson as the measure needs) and the chart only
// draws it.
type Curve struct {
	Name   string
	Points [][2]float64
}

// FunnelOptions describes a funnel plot. Centre is the England value and the
// curves are the 95% and 99.8% control limits around it: the two conventional
// levels ("worth a look" and "very unlikely to be chance") that DfE and NHS
// funnel plots use, so readers meet the same thresholds here.
type FunnelOptions struct {
	ID, Title, Desc, XLabel, YLabel, Unit string
	Decimals                              int
	Centre                                float64
	Points                                []FunnelPoint
	Upper95, Lower95, Upper998, Lower998  Curve
	Width, Height                         int // viewBox size; 640×400 when zero
}

// Funnel plots each council's value against its denominator with control
// limits, because a ranking makes small councils' chance variation look like
// performance; the funnel shows which differences are more than chance. Each
// dot links to its council. The links are kept out of the tab order
// (tabindex -1): the page's table carries the same links for keyboard users,
// who should not have to tab through 150 dots.
func Funnel(o FunnelOptions) template.HTML {
	W, H := size(o.Width, o.Height, 640, 400, 200, 150)
	dec := clampDec(o.Decimals)
	id := cleanID(o.ID, o.Title)
	title := o.Title
	if title == "" {
		title = "Funnel plot"
	}

	var pts []FunnelPoint
	ylo, yhi := math.Inf(1), math.Inf(-1)
	xhi := math.Inf(-1)
	xlo := 0.0
	for _, p := range o.Points {
		if !finite(p.X) || !finite(p.Y) {
			continue
		}
		pts = append(pts, p)
		ylo, yhi = math.Min(ylo, p.Y), math.Max(yhi, p.Y)
		xhi = math.Max(xhi, p.X)
		xlo = math.Min(xlo, p.X)
	}
	centre := finite(o.Centre)
	if centre {
		ylo, yhi = math.Min(ylo, o.Centre), math.Max(yhi, o.Centre)
	}
	curves := []struct {
		c     Curve
		class string
		name  string
	}{{o.Upper998, "l998", "99.8%"}, {o.Upper95, "l95", "95%"}, {o.Lower95, "l95", "95%"}, {o.Lower998, "l998", "99.8%"}}
	if len(pts) == 0 { // no councils: let the curves set the x range
		for _, c := range curves {
			for _, p := range c.c.Points {
				if finite(p[0]) && finite(p[1]) {
					xhi = math.Max(xhi, p[0])
				}
			}
		}
	}

	desc := o.Desc
	if desc == "" {
		desc = funnelDesc(o, pts, dec)
	}
	b := &svg{w: W, h: H}
	b.open(id, "slc", title, desc)
	if math.IsInf(ylo, 1) {
		b.text("nd", W/2, H/2, "No figures to show")
		b.s("</svg>")
		return template.HTML(b.String())
	}

	// Include the limits over the councils' x range, but only so far beyond
	// the data: at tiny denominators the limits run off towards 0 and 100%
	// and would squash the dots. They are clipped instead.
	dlo, dhi := ylo, yhi
	span := math.Max(yhi-ylo, math.Abs(yhi)*0.05)
	if !finite(span) {
		span = 0
	}
	if len(pts) > 0 {
		minX := math.Inf(1)
		for _, p := range pts {
			minX = math.Min(minX, p.X)
		}
		for _, c := range curves {
			for _, p := range c.c.Points {
				if finite(p[0]) && finite(p[1]) && p[0] >= minX && p[0] <= xhi {
					dlo = math.Max(math.Min(dlo, p[1]), ylo-span*0.25)
					dhi = math.Min(math.Max(dhi, p[1]), yhi+span*0.25)
				}
			}
		}
	}
	if ylo >= 0 {
		dlo = math.Max(dlo, 0) // rates and percentages cannot go below zero
	}
	dlo, dhi = domain(dlo, dhi, false)
	ys := niceScale(dlo, dhi, 7)
	if !finite(xhi) {
		xhi = 1
	}
	xs := niceScale(xlo, xhi, 7)
	ytl, xtl := ys.tickLabels(o.Unit), xs.tickLabels("")

	left := 8.0
	for _, t := range ytl {
		left = math.Max(left, textWidth(t, tickSize)+14)
	}
	left = math.Min(left, W*0.3)
	top, bottom := 30.0, H-44
	if o.YLabel == "" {
		top = 14
	}
	if o.XLabel == "" {
		bottom = H - 26
	}
	right := W - 44 // room for the limit names
	xp := func(v float64) float64 { return xs.pos(v, left+4, right-4) }
	yp := func(v float64) float64 { return ys.pos(v, bottom, top) }

	// Axes.
	b.s(`<path class="gr" d="`)
	for _, t := range ys.ticks {
		if t != ys.lo {
			b.s("M", b.x(left), " ", b.y(yp(t)), "H", b.x(right))
		}
	}
	b.s(`"/><path class="bl" d="M`, b.x(left), " ", b.y(yp(ys.lo)), "H", b.x(right), `"/><g class="ax y">`)
	for i, t := range ys.ticks {
		b.text("", left-6, yp(t)+4, ytl[i])
	}
	b.s(`</g><g class="ax x">`)
	lw := 0.0
	for _, s := range xtl {
		lw = math.Max(lw, textWidth(s, tickSize)+10)
	}
	every := 1
	if len(xs.ticks) > 1 {
		every = max(1, int(math.Ceil(lw/(xp(xs.ticks[1])-xp(xs.ticks[0])))))
	}
	for i := 0; i < len(xs.ticks); i += every {
		b.text("", xp(xs.ticks[i]), bottom+18, xtl[i])
	}
	b.s(`</g>`)
	if o.YLabel != "" {
		b.text("at", 4, 16, truncate(o.YLabel, W-8, tickSize))
	}
	if o.XLabel != "" {
		b.text("at x", (left+right)/2, H-6, truncate(o.XLabel, W-8, tickSize))
	}

	// Limits and centre, clipped to the plot area.
	b.s(`<clipPath id="`, id, `-c"><rect x="`, b.x(left), `" y="`, b.y(top), `" width="`, cx(right-left), `" height="`, cx(bottom-top), `"/></clipPath><g clip-path="url(#`, id, `-c)">`)
	for _, c := range curves {
		d := curvePath(c.c.Points, xp, yp, left, top, right, bottom)
		if d != "" {
			b.s(`<path class="`, c.class, `" d="`, d, `"/>`)
		}
	}
	if centre {
		b.s(`<path class="cl" d="M`, b.x(left), " ", b.y(yp(o.Centre)), "H", b.x(right), `"/>`)
	}
	b.s(`</g>`)
	// Limit names at the right end of each curve, where the funnel is narrowest.
	var names []float64
	var nameText []string
	for _, c := range curves {
		if p, ok := lastFinite(c.c.Points); ok {
			names = append(names, yp(clamp(p[1], ys.lo, ys.hi)))
			name := c.c.Name
			if name == "" {
				name = c.name
			}
			nameText = append(nameText, name)
		}
	}
	if len(names) > 0 {
		b.s(`<g class="at">`)
		if at, ok := spread(names, tickSize+1, top+4, bottom); ok {
			for i, y := range at {
				b.text("", right+4, y+4, truncate(nameText[i], W-right-6, tickSize))
			}
		}
		b.s(`</g>`)
	}
	if centre {
		label := "England " + Format(o.Centre, dec, o.Unit)
		b.text("hal", right-4-textWidth(label, fontSize), yp(o.Centre)-6, label)
	}

	// Dots: ordinary first, then outside, then highlighted, so the councils a
	// reader is looking for are never hidden under others.
	rank := func(p FunnelPoint) int {
		switch {
		case p.Highlight:
			return 3
		case p.Outside == "99.8":
			return 2
		case p.Outside == "95":
			return 1
		}
		return 0
	}
	sort.SliceStable(pts, func(i, j int) bool { return rank(pts[i]) < rank(pts[j]) })
	xdec := 0
	for _, p := range pts {
		if p.X != math.Trunc(p.X) {
			xdec = 1
		}
	}
	for _, p := range pts {
		class, r := "dt", "3.5"
		if p.Highlight {
			class, r = "dt hl", "6"
		}
		switch p.Outside {
		case "95":
			class += " o95"
		case "99.8":
			class += " o998"
		}
		tip := p.Label + "\n" + Format(p.Y, dec, o.Unit)
		xl := o.XLabel
		if xl == "" {
			xl = "n"
		}
		tip += "; " + xl + ": " + Format(p.X, xdec, "")
		if p.Outside != "" {
			dir := "above"
			if centre && p.Y < o.Centre {
				dir = "below"
			}
			tip += "\n" + dir + " the " + p.Outside + "% limit"
		}
		dot(b, p.Href, class, r, xp(p.X), yp(p.Y), tip)
	}
	for _, p := range pts {
		if p.Highlight && p.Label != "" {
			label(b, p.Label, xp(p.X), yp(p.Y), 10, left, right)
		}
	}
	b.s(`</svg>`)
	return template.HTML(b.String())
}

// dot writes one linked, titled circle.
func dot(b *svg, href, class, r string, x, y float64, tip string) {
	href = safeHref(href)
	if href != "" {
		b.s(`<a href="`)
		b.esc(href)
		b.s(`" tabindex="-1">`)
	}
	b.s(`<circle class="`, class, `" cx="`, b.x(x), `" cy="`, b.y(y), `" r="`, r, `"><title>`)
	b.tip(tip)
	b.s(`</title></circle>`)
	if href != "" {
		b.s(`</a>`)
	}
}

// label names a highlighted dot beside it, flipping to the left near the right
// edge, with a white halo so it stays legible over other dots.
func label(b *svg, s string, x, y, off, left, right float64) {
	s = truncate(s, (right-left)/2, fontSize)
	w := textWidth(s, fontSize)
	tx := x + off
	if tx+w > right {
		tx = x - off - w
	}
	b.text("hal lb", math.Max(tx, 0), y+4, s)
}

func lastFinite(ps [][2]float64) ([2]float64, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if finite(ps[i][0]) && finite(ps[i][1]) {
			return ps[i], true
		}
	}
	return [2]float64{}, false
}

// curvePath draws a limit as path data clipped to the plot rectangle, so that
// limits shooting off at small denominators neither distort nor leave the
// viewBox; non-finite points break the curve.
func curvePath(ps [][2]float64, xp, yp func(float64) float64, x0, y0, x1, y1 float64) string {
	var d strings.Builder
	var px, py float64
	have := false
	last := "" // the end of the path so far, as written
	for _, p := range ps {
		if !finite(p[0]) || !finite(p[1]) {
			have, last = false, ""
			continue
		}
		x, y := xp(p[0]), yp(p[1])
		if have {
			if ax, ay, bx, by, ok := clipSeg(px, py, x, y, x0, y0, x1, y1); ok {
				a, e := cx(ax)+" "+cx(ay), cx(bx)+" "+cx(by)
				if a != last {
					d.WriteString("M" + a)
					last = a
				}
				if e != last {
					d.WriteString("L" + e)
					last = e
				}
			} else {
				last = ""
			}
		}
		px, py, have = x, y, true
	}
	return d.String()
}

// clipSeg clips a segment to a rectangle (Liang–Barsky).
func clipSeg(ax, ay, bx, by, x0, y0, x1, y1 float64) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, e := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return 0, 0, 0, 0, false
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return 0, 0, 0, 0, false
			}
			t1 = math.Min(t1, r)
		}
	}
	return ax + t0*dx, ay + t0*dy, ax + t1*dx, ay + t1*dy, true
}

// funnelDesc counts the councils outside each limit, the finding a funnel plot
// exists to show.
func funnelDesc(o FunnelOptions, pts []FunnelPoint, dec int) string {
	var b strings.Builder
	b.WriteString("Funnel plot of " + strconv.Itoa(len(pts)) + " councils")
	if o.YLabel != "" && o.XLabel != "" {
		b.WriteString(": " + o.YLabel + " against " + o.XLabel)
	}
	b.WriteString(".")
	if finite(o.Centre) {
		b.WriteString(" England " + Format(o.Centre, dec, o.Unit) + ".")
	}
	n95, n998 := 0, 0
	for _, p := range pts {
		switch p.Outside {
		case "95":
			n95++
		case "99.8":
			n998++
		}
	}
	b.WriteString(" " + strconv.Itoa(n998) + " outside the 99.8% limits, " + strconv.Itoa(n95) + " more outside the 95% limits.")
	for _, p := range pts {
		if p.Highlight {
			b.WriteString(" " + p.Label + ": " + Format(p.Y, dec, o.Unit))
			if p.Outside != "" {
				b.WriteString(", outside the " + p.Outside + "% limits")
			}
			b.WriteString(".")
		}
	}
	return b.String()
}
