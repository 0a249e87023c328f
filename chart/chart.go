// Package chart draws Sightline's charts as small, accessible SVG on the
// server, so that every page works without JavaScript, loads nothing from a
// CDN and can be read by screen readers through each chart's title and
// description.
//
// Every chart is one <svg> element styled by the classes in CSS, which the
// site's stylesheet includes once; the markup itself carries only geometry,
// which keeps a typical line chart to a few kilobytes.
package chart

import (
	"encoding/xml"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CSS styles every chart. It lives in the site's stylesheet rather than in each
// <svg> so that a page with many charts sends it once; web/_chart.scss holds the
// same text (a test keeps the two identical) so the built stylesheet has it.
// Colours are the GOV.UK Design System palette; each role also differs by dash
// pattern and marker shape so that colour never carries meaning alone.
const CSS = `.slc{font-family:inherit;font-size:13px;overflow:hidden}
.slc text{fill:#0b0c0c}
.slc .ax text{fill:#505a5f;font-size:12px}
.slc .y{text-anchor:end}
.slc .x{text-anchor:middle}
.slc .gr{stroke:#b1b4b6;stroke-width:1;stroke-opacity:.6;shape-rendering:crispEdges}
.slc .bl{stroke:#0b0c0c;stroke-width:1;shape-rendering:crispEdges}
.slc .at{fill:#505a5f;font-size:12px}
.slc .s path{fill:none;stroke-linejoin:round;stroke-linecap:round}
.slc .r0 path{stroke:#1d70b8;stroke-width:3}
.slc .r1 path{stroke:#0b0c0c;stroke-width:2;stroke-dasharray:6 4}
.slc .r2 path{stroke:#f47738;stroke-width:2.5;stroke-dasharray:.1 5}
.slc .r3 path{stroke:#28a197;stroke-width:2;stroke-dasharray:12 5}
.slc .r4 path{stroke:#505a5f;stroke-width:1.5}
.slc .s path.mk{stroke-dasharray:none;stroke-width:7}
.slc .r0 path.mk{stroke-width:8}
.slc .r1 path.mk{stroke-linecap:square;stroke-width:6}
.slc .r2 path.mk{fill:#f47738;stroke-width:1}
.slc .r3 path.mk{fill:#28a197;stroke-width:1}
.slc .lb{font-weight:bold}
.slc .r0 .lb{fill:#1d70b8}
.slc .hv path{stroke:transparent}
.slc .hv path:hover{stroke:#b1b4b6;stroke-opacity:.25}
.slc .hal{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
.slc .nd{fill:#505a5f;text-anchor:middle}
.slc .cl{stroke:#0b0c0c;stroke-width:2;fill:none}
.slc .l95,.slc .l998{fill:none;stroke:#505a5f;stroke-width:1.5}
.slc .l95{stroke-dasharray:6 4}
.slc .dt{fill:#1d70b8;fill-opacity:.55;stroke:#fff;stroke-width:.5}
.slc .hl{fill:#003078;fill-opacity:1;stroke:#fff;stroke-width:2}
.slc .o95{fill:#f47738;fill-opacity:1;stroke:#0b0c0c;stroke-width:1.5}
.slc .o998{fill:#d4351c;fill-opacity:1;stroke:#0b0c0c;stroke-width:2.5}
.slc .ll{stroke:#0b0c0c;stroke-width:1}
.slc .q{stroke:#b1b4b6;stroke-width:1;stroke-dasharray:3 3}
.slc .bd{fill:#505a5f;font-weight:bold;text-anchor:middle}
.slc .en{stroke:#0b0c0c;stroke-width:2;stroke-dasharray:6 4}
.slc a:focus{outline:none}
.slc a:hover circle,.slc a:focus circle{stroke:#0b0c0c;stroke-width:3}
.slc a:focus circle{fill:#fd0}
.slc-spark{width:7.5em;height:2em;vertical-align:middle}
.slc-spark .r0 path{stroke-width:1.75}
.slc-spark .r1 path{stroke-width:1;stroke-dasharray:3 2}
.slc-spark .s path.mk{stroke-width:4.5}
.slc-key{width:2.5em;height:1em;vertical-align:middle}
`

// Role says which comparison a series is, because Sightline's charts always
// show a council against the same few benchmarks and each benchmark keeps one
// look (colour, dash pattern and marker) on every page.
type Role int

// The roles, in the order pages usually list them.
const (
	// Primary is the council the page is about: thick blue solid line with a
	// marker at every point.
	Primary Role = iota
	// England is the national figure: black, dashed, square end marker.
	England
	// Region is the council's region: orange, dotted, triangle end marker.
	Region
	// Neighbours is the statistical-neighbour average: turquoise, long dash,
	// diamond end marker.
	Neighbours
	// Other is any further comparator: thin grey line.
	Other
)

// defaultName labels a series whose caller gave no name, so tooltips and
// direct labels never show an empty string.
func (r Role) defaultName() string {
	switch r {
	case Primary:
		return "Council"
	case England:
		return "England"
	case Region:
		return "Region"
	case Neighbours:
		return "Statistical neighbours"
	}
	return "Other"
}

func (r Role) class() string {
	if r < Primary || r > Other {
		r = Other
	}
	return "r" + strconv.Itoa(int(r))
}

// marker returns path data for the role's marker centred at (x, y), so that
// each role has its own shape as well as its own colour. The centre is kept 5
// units inside the viewBox so the whole shape is.
func (b *svg) marker(r Role, x, y float64) string {
	return r.marker(clamp(x, 5, b.w-5), clamp(y, 5, b.h-5))
}

func (r Role) marker(x, y float64) string {
	switch r {
	case Region: // triangle
		return "M" + cx(x) + " " + cx(y-4.5) + "l4.5 8h-9z"
	case Neighbours: // diamond
		return "M" + cx(x) + " " + cx(y-5) + "l5 5-5 5-5-5z"
	}
	return "M" + cx(x) + " " + cx(y) + "h0" // dot, or square for England via CSS
}

// finite reports whether v can be drawn: NaN and ±Inf are treated as gaps.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// svg accumulates markup; it is a strings.Builder with escaping and number
// helpers so that chart code reads as a sequence of element writes.
type svg struct {
	strings.Builder
	w, h float64
}

// esc writes s escaped for XML text and attribute values (quotes included);
// invalid UTF-8 and control characters become U+FFFD, so any caller string
// yields well-formed output.
func (b *svg) esc(s string) {
	_ = xml.EscapeText(b, []byte(s))
}

// tip writes tooltip text, escaped but with its line breaks kept raw: a
// tooltip has several lines and "&#xA;" costs five bytes each.
func (b *svg) tip(s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.esc(line)
	}
}

// s writes raw markup.
func (b *svg) s(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// x and y format a coordinate clamped to the viewBox.
func (b *svg) x(v float64) string { return cx(clamp(v, 0, b.w)) }
func (b *svg) y(v float64) string { return cx(clamp(v, 0, b.h)) }

// open writes the <svg> start tag with its accessible name and description.
func (b *svg) open(id, class, title, desc string) {
	b.s(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `, itoa(b.w), " ", itoa(b.h),
		`" width="100%" role="img" aria-labelledby="`, id, "-t ", id, `-d" class="`, class, `"><title id="`, id, `-t">`)
	b.esc(title)
	b.s(`</title><desc id="`, id, `-d">`)
	b.esc(desc)
	b.s(`</desc>`)
}

// text writes a <text> element at (x, y) with an optional class.
func (b *svg) text(class string, x, y float64, s string) {
	b.s(`<text`)
	if class != "" {
		b.s(` class="`, class, `"`)
	}
	b.s(` x="`, b.x(x), `" y="`, b.y(y), `">`)
	b.esc(s)
	b.s(`</text>`)
}

func itoa(v float64) string { return strconv.Itoa(int(v)) }

// cx formats a coordinate to at most one decimal place, which is finer than a
// screen pixel at any sensible size and keeps the markup short.
func cx(v float64) string {
	if !finite(v) {
		v = 0
	}
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // drop the sign of -0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}

// size applies defaults and sane bounds to a caller's viewBox, since a zero or
// absurd size would otherwise give negative plot areas.
func size(w, h, dw, dh, minW, minH int) (float64, float64) {
	if w <= 0 {
		w = dw
	}
	if h <= 0 {
		h = dh
	}
	w = max(minW, min(w, 4000))
	h = max(minH, min(h, 4000))
	return float64(w), float64(h)
}

func clampDec(d int) int { return max(0, min(d, 6)) }

// cleanID keeps an ID prefix usable in id and aria-labelledby attributes (which
// split on spaces) and falls back to a hash of the title so that two charts on
// one page with no ID still get distinct ids.
func cleanID(id, seed string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		h := fnv.New32a()
		h.Write([]byte(seed))
		return "slc" + strconv.FormatUint(uint64(h.Sum32()), 36)
	}
	return b.String()
}

// safeHref returns href if it is relative or http(s), and "" otherwise: the
// output is trusted template.HTML, so html/template's own URL filtering does
// not apply and a javascript: link must be stopped here.
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	i := strings.IndexAny(href, ":/?#")
	if i < 0 || href[i] != ':' {
		return href
	}
	switch strings.ToLower(href[:i]) {
	case "http", "https":
		return href
	}
	return ""
}

// Format renders v the way every chart label and tooltip does: fixed decimals,
// thousands separators, a true minus sign and the unit ("%" and words such as
// " days" follow the number; "£", "$" and "€" precede it). Pages use it so that
// tables and charts agree to the character.
func Format(v float64, decimals int, unit string) string {
	if !finite(v) {
		return "no figure"
	}
	decimals = clampDec(decimals)
	var num string
	if math.Abs(v) >= 1e15 {
		num = strconv.FormatFloat(math.Abs(v), 'g', 4, 64)
	} else {
		// Round half away from zero, as the published tables (and Excel) do,
		// rather than FormatFloat's half-to-even on exact binary ties.
		p := math.Pow(10, float64(decimals))
		a := math.Abs(v)
		if r := math.Round(a*p) / p; finite(r) {
			a = r
		}
		num = group(strconv.FormatFloat(a, 'f', decimals, 64))
	}
	sign := ""
	if v < 0 && strings.Trim(num, "0.,") != "" {
		sign = "\u2212"
	}
	switch unit {
	case "£", "$", "€":
		return sign + unit + num
	}
	return sign + num + unit
}

// group inserts thousands separators into a non-negative decimal string.
func group(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(intPart) % 3
	if pre > 0 {
		b.WriteString(intPart[:pre])
	}
	for i := pre; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// scale is a linear axis with "nice" 1-2-5 ticks.
type scale struct {
	lo, hi float64 // domain, after rounding out to whole ticks
	ticks  []float64
	step   float64
}

// maxAbs bounds the domain so that spans and tick arithmetic cannot overflow;
// values beyond it are drawn at the edge (their tooltips still show the truth).
const maxAbs = 1e300

// niceScale chooses at most maxTicks ticks spaced 1, 2 or 5 × 10ⁿ that cover
// [lo, hi], because round tick values are what readers can compare at a glance.
func niceScale(lo, hi float64, maxTicks int) scale {
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	lo, hi = clamp(lo, -maxAbs, maxAbs), clamp(hi, -maxAbs, maxAbs)
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi-lo <= math.Max(math.Abs(lo), math.Abs(hi))*1e-9 { // equal, or too close to tell apart
		if lo == 0 && hi == 0 {
			hi = 1
		} else {
			d := math.Max(math.Abs(lo), math.Abs(hi)) * 0.1
			lo, hi = lo-d, hi+d
		}
	}
	maxTicks = max(maxTicks, 2)
	rough := (hi - lo) / float64(maxTicks-1)
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	var s scale
	for _, m := range []float64{1, 2, 5, 10} {
		s.step = m * mag
		a, z := math.Floor(lo/s.step), math.Ceil(hi/s.step)
		if z-a <= float64(maxTicks-1) || m == 10 {
			s.lo, s.hi = a*s.step, z*s.step
			for i := 0; a+float64(i) <= z && i <= 2*maxTicks; i++ {
				t := (a + float64(i)) * s.step
				if t == 0 {
					t = 0
				}
				s.ticks = append(s.ticks, t)
			}
			break
		}
	}
	if !(s.hi > s.lo) || !finite(s.hi-s.lo) { // precision exhausted: fall back to the raw range
		s = scale{lo: lo, hi: hi, step: hi - lo, ticks: []float64{lo, hi}}
	}
	return s
}

// pos maps v to [a, b] (a at the domain's low end).
func (s scale) pos(v, a, b float64) float64 {
	v = clamp(v, -maxAbs, maxAbs)
	f := (v/2 - s.lo/2) / (s.hi/2 - s.lo/2)
	if !finite(f) {
		f = 0
	}
	return a + f*(b-a)
}

// tickLabels formats the ticks with just enough decimals for the step, and
// abbreviates millions and billions so that labels stay narrow.
func (s scale) tickLabels(unit string) []string {
	top := math.Max(math.Abs(s.lo), math.Abs(s.hi))
	div, suffix := 1.0, ""
	switch {
	case top >= 1e15:
		div = 0
	case top >= 1e9:
		div, suffix = 1e9, "bn"
	case top >= 1e6:
		div, suffix = 1e6, "m"
	}
	out := make([]string, len(s.ticks))
	for i, t := range s.ticks {
		if div == 0 {
			out[i] = Format(t, 0, unit)
			continue
		}
		step := s.step / div
		dec := 0
		if step < 1 {
			dec = int(math.Ceil(-math.Log10(step) - 1e-9))
		}
		if suffix != "" && (unit == "£" || unit == "$" || unit == "€") {
			out[i] = Format(t/div, dec, unit) + suffix // £1.5m, not £1.5m-less
		} else {
			out[i] = Format(t/div, dec, suffix+unit)
		}
	}
	return out
}

// domain widens [lo, hi] to include zero when asked, or when the data sit
// close enough to zero that a non-zero baseline would exaggerate differences.
func domain(lo, hi float64, zero bool) (float64, float64) {
	if zero || (lo >= 0 && lo <= 0.25*hi) {
		lo = math.Min(lo, 0)
	}
	if zero || (hi <= 0 && hi >= 0.25*lo) {
		hi = math.Max(hi, 0)
	}
	return lo, hi
}

// textWidth estimates rendered width in user units; the font is the page's, so
// an average glyph width is the best the server can do.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.56
}

// truncate shortens s to fit width w at the given font size, marking the cut.
func truncate(s string, w, size float64) string {
	n := int(w / (size * 0.56))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// spread moves label positions apart to at least gap, keeping them within
// [lo, hi] and in their original order; ok is false when they cannot all fit.
func spread(ys []float64, gap, lo, hi float64) (out []float64, ok bool) {
	n := len(ys)
	if n == 0 {
		return nil, true
	}
	if float64(n-1)*gap > hi-lo {
		return nil, false
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// Insertion sort by y: n is a handful of series.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && ys[idx[j]] < ys[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	p := make([]float64, n)
	for i, k := range idx {
		p[i] = clamp(ys[k], lo, hi)
		if i > 0 && p[i] < p[i-1]+gap {
			p[i] = p[i-1] + gap
		}
	}
	if over := p[n-1] - hi; over > 0 {
		p[n-1] = hi
		for i := n - 2; i >= 0; i-- {
			if p[i] > p[i+1]-gap {
				p[i] = p[i+1] - gap
			}
		}
	}
	out = make([]float64, n)
	for i, k := range idx {
		out[k] = p[i]
	}
	return out, true
}
