package chart

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// node is a generic XML element, enough to inspect any chart.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

// all returns every element under n (n included) that satisfies keep, in
// document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if keep(m) {
			out = append(out, m)
		}
		for _, c := range m.Nodes {
			walk(c)
		}
	}
	walk(n)
	return out
}

func tag(name string) func(*node) bool {
	return func(n *node) bool { return n.XMLName.Local == name }
}

// child returns n's first child element with the given name.
func (n *node) child(name string) *node {
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			return c
		}
	}
	return nil
}

// parse checks that out is one well-formed <svg> element and returns it.
func parse(t testing.TB, out template.HTML) *node {
	t.Helper()
	s := string(out)
	var root node
	if err := xml.Unmarshal([]byte(s), &root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, s)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root is <%s>, want <svg>", root.XMLName.Local)
	}
	// Exactly one root element: decoding must end after it.
	d := xml.NewDecoder(strings.NewReader(s))
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
			if depth == 0 && strings.TrimSpace(s[d.InputOffset():]) != "" {
				t.Fatalf("content after </svg>: %q", s[d.InputOffset():])
			}
		}
	}
	return &root
}

// viewBox returns the chart's width and height.
func viewBox(t testing.TB, svg *node) (float64, float64) {
	t.Helper()
	f := strings.Fields(svg.attr("viewBox"))
	if len(f) != 4 || f[0] != "0" || f[1] != "0" {
		t.Fatalf("viewBox %q", svg.attr("viewBox"))
	}
	w, err1 := strconv.ParseFloat(f[2], 64)
	h, err2 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		t.Fatalf("viewBox %q", svg.attr("viewBox"))
	}
	return w, h
}

// pathPoints interprets the path data the package writes (M L H V h v l z,
// with implicit repeats) and returns its subpaths as absolute points.
func pathPoints(t testing.TB, d string) [][][2]float64 {
	t.Helper()
	var subs [][][2]float64
	var cmd byte
	var cur, start [2]float64
	i := 0
	num := func() float64 {
		for i < len(d) && (d[i] == ' ' || d[i] == ',') {
			i++
		}
		j := i
		if j < len(d) && (d[j] == '-' || d[j] == '+') {
			j++
		}
		for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.' || d[j] == 'e') {
			j++
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		if err != nil {
			t.Fatalf("bad number at %d in path %q", i, d)
		}
		i = j
		return v
	}
	add := func(p [2]float64) {
		cur = p
		subs[len(subs)-1] = append(subs[len(subs)-1], p)
	}
	for {
		for i < len(d) && (d[i] == ' ' || d[i] == ',') {
			i++
		}
		if i >= len(d) {
			return subs
		}
		if unicode.IsLetter(rune(d[i])) {
			cmd = d[i]
			i++
			if cmd == 'z' || cmd == 'Z' {
				cur = start
				continue
			}
		} else if cmd == 'M' {
			cmd = 'L' // implicit lineto after moveto
		} else if cmd == 0 {
			t.Fatalf("path %q starts without a command", d)
		}
		switch cmd {
		case 'M':
			subs = append(subs, nil)
			start = [2]float64{num(), num()}
			add(start)
		case 'L':
			add([2]float64{num(), num()})
		case 'l':
			dx := num()
			add([2]float64{cur[0] + dx, cur[1] + num()})
		case 'H':
			add([2]float64{num(), cur[1]})
		case 'V':
			add([2]float64{cur[0], num()})
		case 'h':
			add([2]float64{cur[0] + num(), cur[1]})
		case 'v':
			add([2]float64{cur[0], cur[1] + num()})
		default:
			t.Fatalf("unexpected path command %q in %q", cmd, d)
		}
		if len(subs) == 0 {
			t.Fatalf("path %q draws before moving", d)
		}
	}
}

// checkBounds asserts that every coordinate in the chart lies inside its
// viewBox and that every number attribute is a finite number.
func checkBounds(t testing.TB, svg *node) {
	t.Helper()
	w, h := viewBox(t, svg)
	in := func(what string, x, y float64) {
		if !(x >= 0 && x <= w && y >= 0 && y <= h) {
			t.Errorf("%s at (%v, %v) is outside the %v×%v viewBox", what, x, y, w, h)
		}
	}
	num := func(n *node, a string) (float64, bool) {
		s := n.attr(a)
		if s == "" {
			return 0, false
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("<%s %s=%q> is not a finite number", n.XMLName.Local, a, s)
		}
		return v, true
	}
	for _, n := range svg.all(func(*node) bool { return true })[1:] {
		switch n.XMLName.Local {
		case "text", "rect":
			x, _ := num(n, "x")
			y, _ := num(n, "y")
			in("<"+n.XMLName.Local+">", x, y)
			if wd, ok := num(n, "width"); ok {
				ht, _ := num(n, "height")
				in("<rect> far corner", x+wd, y+ht)
			}
		case "circle":
			x, _ := num(n, "cx")
			y, _ := num(n, "cy")
			in("<circle>", x, y)
			num(n, "r")
		case "path":
			for _, sub := range pathPoints(t, n.attr("d")) {
				for _, p := range sub {
					in("path point", p[0], p[1])
				}
			}
		}
		num(n, "stroke-width")
	}
}

// checkA11y asserts the accessible name and description wiring.
func checkA11y(t testing.TB, svg *node) {
	t.Helper()
	if svg.attr("role") != "img" {
		t.Errorf("role = %q, want img", svg.attr("role"))
	}
	if svg.attr("width") != "100%" {
		t.Errorf("width = %q, want 100%%", svg.attr("width"))
	}
	ids := strings.Fields(svg.attr("aria-labelledby"))
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q, want a title id and a desc id", svg.attr("aria-labelledby"))
	}
	title, desc := svg.child("title"), svg.child("desc")
	if title == nil || desc == nil {
		t.Fatal("missing <title> or <desc>")
	}
	if title.attr("id") != ids[0] || desc.attr("id") != ids[1] {
		t.Errorf("aria-labelledby %q does not name title id %q and desc id %q", svg.attr("aria-labelledby"), title.attr("id"), desc.attr("id"))
	}
	if strings.TrimSpace(title.Text) == "" || strings.TrimSpace(desc.Text) == "" {
		t.Errorf("empty title %q or desc %q", title.Text, desc.Text)
	}
	seen := map[string]bool{}
	for _, n := range svg.all(func(n *node) bool { return n.attr("id") != "" }) {
		if seen[n.attr("id")] {
			t.Errorf("duplicate id %q", n.attr("id"))
		}
		seen[n.attr("id")] = true
	}
}

// titles returns the text of every <title> except the chart's own.
func titles(svg *node) []string {
	var out []string
	for _, n := range svg.all(tag("title"))[1:] {
		out = append(out, n.Text)
	}
	return out
}

// series returns the <g> of the first series with the given role class.
func series(t testing.TB, svg *node, role Role) *node {
	t.Helper()
	gs := svg.all(func(n *node) bool { return n.XMLName.Local == "g" && n.hasClass("s") && n.hasClass(role.class()) })
	if len(gs) == 0 {
		t.Fatalf("no series with role %v", role)
	}
	return gs[0]
}

// linePath returns the subpaths of a series' line (its first, unclassed path).
func linePath(t testing.TB, g *node) [][][2]float64 {
	t.Helper()
	for _, p := range g.all(tag("path")) {
		if p.attr("class") == "" {
			return pathPoints(t, p.attr("d"))
		}
	}
	t.Fatal("series has no line path")
	return nil
}

func pts(ys ...float64) []Point {
	out := make([]Point, len(ys))
	for i, y := range ys {
		out[i] = Point{X: strconv.Itoa(2015 + i), Y: y, OK: !math.IsNaN(y)}
	}
	return out
}

func years(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(2015 + i)
	}
	return out
}

func TestLineStructure(t *testing.T) {
	out := Line(LineOptions{ID: "cin", Title: "Children in need", Desc: "Rate per 10,000 children.", X: years(3),
		Series: []Series{{Name: "Barnsley", Points: pts(1, 2, 3)}, {Name: "England", Role: England, Points: pts(2, 2, 2)}}})
	svg := parse(t, out)
	checkA11y(t, svg)
	checkBounds(t, svg)
	if got := svg.child("title").Text; got != "Children in need" {
		t.Errorf("title %q", got)
	}
	if strings.Contains(string(out), "style=") {
		t.Error("inline style attributes: styling belongs in CSS")
	}
	if svg.attr("height") != "" {
		t.Error("fixed height: the chart should scale with its viewBox")
	}
	// Both series are labelled directly at their line ends.
	var labels []string
	for _, n := range svg.all(func(n *node) bool { return n.hasClass("lb") }) {
		labels = append(labels, n.Text)
	}
	if strings.Join(labels, ",") != "England,Barnsley" {
		t.Errorf("direct labels %q, want England then Barnsley (the council on top)", labels)
	}
}

func TestLineHigherValueDrawnHigher(t *testing.T) {
	for _, zero := range []bool{false, true} {
		svg := parse(t, Line(LineOptions{X: years(3), ZeroBased: zero, Series: []Series{{Name: "A", Points: pts(10, 20, 15)}}}))
		subs := linePath(t, series(t, svg, Primary))
		if len(subs) != 1 || len(subs[0]) != 3 {
			t.Fatalf("want one subpath of 3 points, got %v", subs)
		}
		p := subs[0]
		if !(p[1][1] < p[2][1] && p[2][1] < p[0][1]) {
			t.Errorf("ZeroBased=%v: y coordinates %v do not order 20 above 15 above 10", zero, p)
		}
		if !(p[0][0] < p[1][0] && p[1][0] < p[2][0]) {
			t.Errorf("x coordinates %v not increasing", p)
		}
	}
}

func TestLineGapBreaksPath(t *testing.T) {
	p := pts(1, 2, 3, 4, 5)
	p[2] = Point{X: "2017", Y: 999, OK: false, Note: "c: suppressed"}
	svg := parse(t, Line(LineOptions{X: years(5), Series: []Series{{Name: "A", Points: p}}}))
	subs := linePath(t, series(t, svg, Primary))
	if len(subs) != 2 || len(subs[0]) != 2 || len(subs[1]) != 2 {
		t.Fatalf("want two subpaths of two points, got %v", subs)
	}
	cols := svg.all(func(n *node) bool { return n.XMLName.Local == "path" && n.child("title") != nil })
	if len(cols) != 5 {
		t.Fatalf("want 5 hover columns, got %d", len(cols))
	}
	gapX := pathPoints(t, cols[2].attr("d"))[0][0][0]
	if !(subs[0][1][0] < gapX && gapX < subs[1][0][0]) {
		t.Errorf("gap at x=%v is not between the subpaths %v", gapX, subs)
	}
	if tip := cols[2].child("title").Text; !strings.Contains(tip, "c: suppressed") {
		t.Errorf("gap tooltip %q does not give the note", tip)
	}
	// The suppressed value (999) must not stretch the axis.
	for _, n := range svg.all(func(n *node) bool { return n.XMLName.Local == "text" }) {
		if strings.Contains(n.Text, "999") || strings.Contains(n.Text, "1,000") {
			t.Errorf("gap value reached the axis: %q", n.Text)
		}
	}
}

func TestNaNAndInfAreGaps(t *testing.T) {
	svg := parse(t, Line(LineOptions{X: years(5), Series: []Series{{Name: "A", Points: []Point{
		{Y: 1, OK: true}, {Y: math.NaN(), OK: true}, {Y: 3, OK: true}, {Y: math.Inf(1), OK: true}, {Y: 5, OK: true}}}}}))
	checkBounds(t, svg)
	if subs := linePath(t, series(t, svg, Primary)); len(subs) != 3 {
		t.Errorf("NaN and Inf should split the line into 3 pieces, got %v", subs)
	}
}

func TestTooltipsFormatValues(t *testing.T) {
	svg := parse(t, Line(LineOptions{X: []string{"2022-23", "2023-24"}, Unit: "%", Decimals: 1,
		Series: []Series{{Name: "Leeds", Points: []Point{{Y: 1234, OK: true}, {Y: -1234567.25, OK: true}}}}}))
	tips := titles(svg)
	want := []string{"2022-23\nLeeds: 1,234.0%", "2023-24\nLeeds: \u22121,234,567.3%"}
	if len(tips) != 2 || tips[0] != want[0] || tips[1] != want[1] {
		t.Errorf("tooltips %q, want %q", tips, want)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		dec  int
		unit string
		want string
	}{
		{1234, 0, "", "1,234"},
		{1234, 0, "%", "1,234%"},
		{999.95, 1, "", "1,000.0"},
		{12.345, 2, " days", "12.35 days"}, // FormatFloat rounds the binary value
		{-0.04, 1, "", "0.0"},              // no "−0.0"
		{-1500, 0, "£", "\u2212£1,500"},
		{1e6, 0, "", "1,000,000"},
		{123, 0, "", "123"},
		{1e20, 0, "", "1e+20"},
		{math.NaN(), 0, "%", "no figure"},
		{7, -3, "", "7"},
	} {
		if got := Format(c.v, c.dec, c.unit); got != c.want {
			t.Errorf("Format(%v, %d, %q) = %q, want %q", c.v, c.dec, c.unit, got, c.want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range [][2]float64{{0, 1}, {3, 97}, {312.4, 358.1}, {-40, 5}, {0.001, 0.0042}, {1, 1}, {0, 0}, {-5, -5}, {1e9, 3.7e9}, {-1e308, 1e308}, {1e17, 1e17 + 64}} {
		s := niceScale(c[0], c[1], 6)
		if len(s.ticks) < 2 || len(s.ticks) > 6 {
			t.Errorf("%v: %d ticks %v", c, len(s.ticks), s.ticks)
		}
		lo, hi := clamp(c[0], -maxAbs, maxAbs), clamp(c[1], -maxAbs, maxAbs)
		if s.lo > lo || s.hi < hi || !(s.hi > s.lo) {
			t.Errorf("%v: domain [%v, %v] does not cover the data", c, s.lo, s.hi)
		}
		// The step is 1, 2 or 5 times a power of ten.
		m := s.step / math.Pow(10, math.Floor(math.Log10(s.step)))
		if math.Abs(m-1) > 1e-9 && math.Abs(m-2) > 1e-9 && math.Abs(m-5) > 1e-9 && math.Abs(m-10) > 1e-9 && c[0] > -1e300 && c[0] < 1e16 {
			t.Errorf("%v: step %v is not 1-2-5", c, s.step)
		}
	}
}

func TestAxisTicks(t *testing.T) {
	ticks := func(o LineOptions) []string {
		svg := parse(t, Line(o))
		var out []string
		for _, g := range svg.all(func(n *node) bool { return n.hasClass("ax") && n.hasClass("y") }) {
			for _, n := range g.all(tag("text")) {
				out = append(out, n.Text)
			}
		}
		return out
	}
	s := []Series{{Name: "A", Points: pts(3120, 3580, 3400)}}
	got := ticks(LineOptions{X: years(3), Series: s, Unit: "%"})
	if got[0] == "0%" {
		t.Errorf("axis starts at zero for data far from zero: %q", got)
	}
	for _, l := range got {
		if !strings.HasSuffix(l, "%") || !strings.Contains(l, ",") {
			t.Errorf("tick %q lacks a thousands separator or the unit", l)
		}
	}
	if got := ticks(LineOptions{X: years(3), Series: s, ZeroBased: true}); got[0] != "0" {
		t.Errorf("ZeroBased axis starts at %q", got[0])
	}
	if got := ticks(LineOptions{X: years(3), Series: []Series{{Points: pts(2, 9, 6)}}}); got[0] != "0" {
		t.Errorf("data near zero: axis starts at %q, want 0", got[0])
	}
	if got := ticks(LineOptions{X: years(3), Series: []Series{{Points: pts(-12, 4, 30)}}}); !strings.HasPrefix(got[0], "\u2212") {
		t.Errorf("negative data: lowest tick %q is not negative", got[0])
	}
	if got := ticks(LineOptions{X: years(2), Series: []Series{{Points: pts(2.5e6, 4e6)}}, Unit: "£"}); !strings.HasSuffix(got[len(got)-1], "m") || !strings.HasPrefix(got[len(got)-1], "£") {
		t.Errorf("millions: ticks %q, want £…m", got)
	}
}

func TestLineSmall(t *testing.T) {
	mk := func(base float64) []Point {
		p := make([]Point, 13)
		for i := range p {
			p[i] = Point{Y: base + 7.3*float64(i%5) + float64(i), OK: true}
		}
		return p
	}
	for _, names := range [][]string{{"Barnsley", "England", "Yorkshire and The Humber", "Statistical neighbours"}, {"Council", "England", "Region", "Neighbours"}} {
		out := Line(LineOptions{ID: "cla", Title: "Children looked after per 10,000", Desc: "Barnsley's rate rose faster than England's.", X: years(13), Decimals: 1,
			Series: []Series{{Name: names[0], Points: mk(80)}, {Name: names[1], Role: England, Points: mk(67)}, {Name: names[2], Role: Region, Points: mk(90)}, {Name: names[3], Role: Neighbours, Points: mk(85)}}})
		checkBounds(t, parse(t, out))
		if limit := 3000 + 20*len(strings.Join(names, "")); len(out) > limit {
			t.Errorf("4 series × 13 points is %d bytes with names %q, want under %d", len(out), names, limit)
		}
		t.Logf("%d bytes with names %q", len(out), names)
	}
}

func TestEscaping(t *testing.T) {
	nasty := `<&"'>]]>`
	svg := parse(t, Line(LineOptions{ID: `x" onload="alert(1)`, Title: "T " + nasty, Desc: "D " + nasty, X: []string{nasty, "b"}, Unit: nasty,
		Series: []Series{{Name: nasty, Points: []Point{{OK: false, Note: nasty}, {Y: 1, OK: true}}}}}))
	checkA11y(t, svg)
	if got := svg.child("title").Text; got != "T "+nasty {
		t.Errorf("title %q", got)
	}
	if got := svg.child("desc").Text; got != "D "+nasty {
		t.Errorf("desc %q", got)
	}
	if tips := titles(svg); !strings.Contains(tips[0], nasty+": "+nasty) {
		t.Errorf("tooltip %q lost the escaped text", tips[0])
	}
	for _, n := range svg.all(func(*node) bool { return true }) {
		for _, a := range n.Attrs {
			if strings.HasPrefix(a.Name.Local, "on") {
				t.Errorf("attribute %s injected", a.Name.Local)
			}
		}
	}
	f := parse(t, Funnel(FunnelOptions{Title: nasty, XLabel: nasty, YLabel: nasty, Centre: 1, Points: []FunnelPoint{
		{Label: nasty, Href: `/c?a=1&b="2"`, X: 10, Y: 1, Highlight: true},
		{Label: "js", Href: "javascript:alert(1)", X: 20, Y: 2},
		{Label: "abs", Href: "https://example.org/x", X: 30, Y: 3},
	}}))
	var hrefs []string
	for _, a := range f.all(tag("a")) {
		hrefs = append(hrefs, a.attr("href"))
	}
	sort.Strings(hrefs)
	if strings.Join(hrefs, " ") != `/c?a=1&b="2" https://example.org/x` {
		t.Errorf("hrefs %q: want the relative and https links kept (unescaped by the parser) and javascript: dropped", hrefs)
	}
	d := parse(t, Distribution(DistOptions{Title: nasty, Unit: nasty, Points: []DistPoint{{Label: nasty, Value: 1, Highlight: true}, {Label: "b", Value: 2}}, BandLabels: []string{nasty}}))
	checkA11y(t, d)
}

func TestFunnel(t *testing.T) {
	limit := func(z float64) Curve {
		var c Curve
		for n := 1.0; n <= 2000; n *= 1.2 {
			c.Points = append(c.Points, [2]float64{n, 100 * (0.2 + z*math.Sqrt(0.16/n))})
		}
		return c
	}
	o := FunnelOptions{ID: "rr", Title: "Re-referrals", XLabel: "Referrals", YLabel: "Re-referral rate", Unit: "%", Decimals: 1, Centre: 20,
		Upper95: limit(1.96), Lower95: limit(-1.96), Upper998: limit(3.09), Lower998: limit(-3.09),
		Points: []FunnelPoint{
			{Label: "Average", Href: "/a", X: 500, Y: 20},
			{Label: "High", Href: "/h", X: 1200, Y: 24, Outside: "99.8"},
			{Label: "Low", Href: "/l", X: 800, Y: 17, Outside: "95"},
			{Label: "Barnsley", Href: "/b", X: 1500, Y: 21, Highlight: true},
			{Label: "Bad", X: math.NaN(), Y: 3},
		}}
	svg := parse(t, Funnel(o))
	checkA11y(t, svg)
	checkBounds(t, svg)
	dots := map[string]*node{}
	for _, c := range svg.all(tag("circle")) {
		label, _, _ := strings.Cut(c.child("title").Text, "\n")
		dots[label] = c
	}
	if len(dots) != 4 {
		t.Fatalf("want 4 dots (NaN dropped), got %d", len(dots))
	}
	if !dots["High"].hasClass("o998") || !dots["Low"].hasClass("o95") || dots["Average"].hasClass("o95") || dots["Average"].hasClass("o998") {
		t.Error("outside classes wrong")
	}
	if tip := dots["High"].child("title").Text; tip != "High\n24.0%; Referrals: 1,200\nabove the 99.8% limit" {
		t.Errorf("tooltip %q", tip)
	}
	if !dots["Barnsley"].hasClass("hl") || dots["Barnsley"].attr("r") <= dots["Average"].attr("r") {
		t.Error("highlighted council not drawn larger")
	}
	labelled := false
	for _, n := range svg.all(tag("text")) {
		labelled = labelled || (n.Text == "Barnsley" && n.hasClass("lb"))
	}
	if !labelled {
		t.Error("highlighted council not labelled")
	}
	// The centre line is at England's value: level with the dot at 20%.
	cl := svg.all(func(n *node) bool { return n.hasClass("cl") })
	if len(cl) != 1 {
		t.Fatal("no centre line")
	}
	if y, cy := pathPoints(t, cl[0].attr("d"))[0][0][1], dots["Average"].attr("cy"); cx(y) != cy {
		t.Errorf("centre line at y=%v, dot at 20%% at cy=%s", y, cy)
	}
	// Higher values are higher up.
	if cy := func(n string) float64 { v, _ := strconv.ParseFloat(dots[n].attr("cy"), 64); return v }; !(cy("High") < cy("Average") && cy("Average") < cy("Low")) {
		t.Error("dots not ordered by value")
	}
	// Links wrap the dots, out of the tab order.
	for _, a := range svg.all(tag("a")) {
		if a.child("circle") == nil || a.attr("tabindex") != "-1" {
			t.Errorf("link %q does not wrap a dot out of the tab order", a.attr("href"))
		}
	}
	// Limits are clipped to the plot.
	cp := svg.all(tag("clipPath"))
	if len(cp) != 1 || cp[0].attr("id") != "rr-c" {
		t.Fatal("no clipPath")
	}
	if len(svg.all(func(n *node) bool { return n.attr("clip-path") == "url(#rr-c)" })) != 1 {
		t.Error("limits not clipped")
	}
	for _, class := range []string{"l95", "l998"} {
		if len(svg.all(func(n *node) bool { return n.hasClass(class) })) != 2 {
			t.Errorf("want two %s curves", class)
		}
	}
}

func TestDistribution(t *testing.T) {
	eng := 30.0
	var ps []DistPoint
	for i := range 60 {
		ps = append(ps, DistPoint{Label: fmt.Sprintf("C%d", i), Href: "/c", Value: 10 + float64(i%30)})
	}
	ps = append(ps, DistPoint{Label: "England-level council", Value: 30}, DistPoint{Label: "Barnsley", Value: 35, Highlight: true}, DistPoint{Label: "Gap", Value: math.Inf(-1)})
	svg := parse(t, Distribution(DistOptions{ID: "d", Title: "Spread", Unit: "%", Points: ps, England: &eng, Quartiles: []float64{17, 24, 32}}))
	checkA11y(t, svg)
	checkBounds(t, svg)
	var engDot, barnsley *node
	for _, c := range svg.all(tag("circle")) {
		switch strings.SplitN(c.child("title").Text, "\n", 2)[0] {
		case "England-level council":
			engDot = c
		case "Barnsley":
			barnsley = c
		}
	}
	if engDot == nil || barnsley == nil {
		t.Fatal("dots missing")
	}
	en := svg.all(func(n *node) bool { return n.hasClass("en") })
	if len(en) != 1 {
		t.Fatal("no England line")
	}
	if x := pathPoints(t, en[0].attr("d"))[0][0][0]; cx(x) != engDot.attr("cx") {
		t.Errorf("England line at x=%v, a council with England's value at cx=%s", x, engDot.attr("cx"))
	}
	if !barnsley.hasClass("hl") || !strings.Contains(barnsley.child("title").Text, "band D") {
		t.Errorf("Barnsley dot %v", barnsley.Attrs)
	}
	var texts []string
	for _, n := range svg.all(tag("text")) {
		texts = append(texts, n.Text)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"|A|B|C|D|", "England 30%", "Barnsley 35%"} {
		if !strings.Contains("|"+all+"|", want) {
			t.Errorf("texts %q lack %q", all, want)
		}
	}
	if q := svg.all(func(n *node) bool { return n.hasClass("q") }); len(q) != 1 || len(pathPoints(t, q[0].attr("d"))) != 3 {
		t.Error("want three quartile lines")
	}
	// No two dots overlap.
	cs := svg.all(tag("circle"))
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			x1, _ := strconv.ParseFloat(cs[i].attr("cx"), 64)
			y1, _ := strconv.ParseFloat(cs[i].attr("cy"), 64)
			x2, _ := strconv.ParseFloat(cs[j].attr("cx"), 64)
			y2, _ := strconv.ParseFloat(cs[j].attr("cy"), 64)
			r, _ := strconv.ParseFloat(cs[j].attr("r"), 64)
			if math.Hypot(x1-x2, y1-y2) < 2*r-0.3 && !cs[i].hasClass("hl") && !cs[j].hasClass("hl") {
				t.Errorf("dots %s and %s overlap", cs[i].child("title").Text, cs[j].child("title").Text)
			}
		}
	}
}

func TestSparkline(t *testing.T) {
	p := pts(5, 6, math.NaN(), 8)
	svg := parse(t, Sparkline("sp", years(4), p, pts(6, 6, 6, 6)))
	checkA11y(t, svg)
	checkBounds(t, svg)
	if svg.attr("viewBox") != "0 0 120 32" {
		t.Errorf("viewBox %q", svg.attr("viewBox"))
	}
	g := series(t, svg, Primary)
	if subs := linePath(t, g); len(subs) != 2 {
		t.Errorf("gap should split the sparkline: %v", subs)
	}
	var end *node
	for _, n := range g.all(tag("path")) {
		if n.hasClass("mk") {
			end = n
		}
	}
	if end == nil {
		t.Fatal("no end marker")
	}
	subs := linePath(t, g)
	last := subs[len(subs)-1][len(subs[len(subs)-1])-1]
	if m := pathPoints(t, end.attr("d"))[0][0]; m != last {
		t.Errorf("end marker at %v, last point at %v", m, last)
	}
	if tips := titles(svg); len(tips) != 4 || tips[3] != "2018\nCouncil: 8\nEngland: 6" {
		t.Errorf("tooltips %q", tips)
	}
}

func TestEdgeCases(t *testing.T) {
	huge := []Point{{Y: 1e308, OK: true}, {Y: -1e308, OK: true}, {Y: math.MaxFloat64, OK: true}}
	cases := map[string]LineOptions{
		"no series":      {Title: "Empty"},
		"no x":           {Series: []Series{{Name: "A"}}},
		"all gaps":       {X: years(3), Series: []Series{{Points: []Point{{}, {Note: "x"}, {Y: 5}}}}},
		"single point":   {X: years(1), Series: []Series{{Points: pts(4)}}},
		"all equal":      {X: years(4), Series: []Series{{Points: pts(7, 7, 7, 7)}, {Role: England, Points: pts(7, 7, 7, 7)}}},
		"all zero":       {X: years(2), Series: []Series{{Points: pts(0, 0)}}},
		"negatives":      {X: years(3), Series: []Series{{Points: pts(-3, -8, -1)}}},
		"huge":           {X: years(3), Series: []Series{{Points: huge}}},
		"tiny range":     {X: years(2), Series: []Series{{Points: pts(1e17, 1e17+64)}}},
		"empty labels":   {X: []string{"", "", ""}, Series: []Series{{Name: "", Points: pts(1, 2, 3)}, {Name: " ", Role: Role(99), Points: pts(3, 2, 1)}}},
		"ragged":         {X: years(5), Series: []Series{{Points: pts(1, 2)}, {Points: pts(1, 2, 3, 4, 5, 6, 7)}}},
		"labels from x":  {Series: []Series{{Points: pts(1, 2, 3)}}},
		"tiny viewBox":   {Width: 1, Height: 1, X: years(3), Series: []Series{{Points: pts(1, 2, 3)}, {Role: Region, Points: pts(3, 2, 1)}}},
		"huge viewBox":   {Width: 1 << 30, Height: -5, X: years(3), Series: []Series{{Points: pts(1, 2, 3)}}},
		"crowded labels": {Height: 200, X: years(3), Series: manySeries(14)},
		"isolated point": {X: years(5), Series: []Series{{Role: England, Points: pts(1, math.NaN(), 3, math.NaN(), 5)}}},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			svg := parse(t, Line(o))
			checkA11y(t, svg)
			checkBounds(t, svg)
		})
	}
	t.Run("crowded labels fall back to a legend", func(t *testing.T) {
		svg := parse(t, Line(cases["crowded labels"]))
		if n := len(svg.all(func(n *node) bool { return n.hasClass("lb") })); n != 14 {
			t.Errorf("want 14 legend labels, got %d", n)
		}
	})
	t.Run("isolated point still visible", func(t *testing.T) {
		svg := parse(t, Line(cases["isolated point"]))
		mk := series(t, svg, England).all(func(n *node) bool { return n.hasClass("mk") })
		if len(mk) != 1 || len(pathPoints(t, mk[0].attr("d"))) != 3 {
			t.Error("isolated points need markers: a lone moveto draws nothing")
		}
	})
	funnels := map[string]FunnelOptions{
		"empty":        {},
		"curves only":  {Upper95: Curve{Points: [][2]float64{{1, 5}, {10, 3}}}},
		"one point":    {Centre: math.NaN(), Points: []FunnelPoint{{X: 0, Y: 0}}},
		"bad curves":   {Centre: 1, Points: []FunnelPoint{{X: 5, Y: 1}}, Upper998: Curve{Points: [][2]float64{{math.NaN(), 1}, {1, math.Inf(1)}, {2, 1e308}, {3, -1e308}, {4, 2}}}},
		"huge":         {Centre: 1e300, Points: []FunnelPoint{{X: 1e308, Y: -1e308, Highlight: true, Label: "x"}, {X: -5, Y: 1e308}}},
		"tiny viewBox": {Width: 3, Height: 3, Centre: 1, Points: []FunnelPoint{{X: 5, Y: 1, Highlight: true, Label: "A long council name indeed"}}},
	}
	for name, o := range funnels {
		t.Run("funnel "+name, func(t *testing.T) {
			svg := parse(t, Funnel(o))
			checkA11y(t, svg)
			checkBounds(t, svg)
		})
	}
	nan, big := math.NaN(), 1e308
	dists := map[string]DistOptions{
		"empty":       {},
		"one":         {Points: []DistPoint{{Value: 3, Highlight: true, Label: "Only"}}},
		"equal":       {Points: []DistPoint{{Value: 3}, {Value: 3}, {Value: 3}}, England: &nan},
		"huge":        {Points: []DistPoint{{Value: -big}, {Value: big}}, England: &big, Quartiles: []float64{nan, 1, 2}},
		"fixed small": {Height: 90, Points: manyDist(400), Quartiles: []float64{1, 2, 3}, BandLabels: []string{"D", "C", "B", "A"}},
		"bad bands":   {Points: manyDist(10), Quartiles: []float64{1, 2}, BandLabels: []string{"only one"}},
		"many labels": {Points: manyHighlighted(20)},
	}
	for name, o := range dists {
		t.Run("dist "+name, func(t *testing.T) {
			svg := parse(t, Distribution(o))
			checkA11y(t, svg)
			checkBounds(t, svg)
		})
	}
	sparks := map[string][3][]Point{
		"empty":   {},
		"gaps":    {nil, {{}, {}}, {{}, {}}},
		"one":     {nil, pts(1), nil},
		"huge":    {nil, huge, pts(-1e308)},
		"england": {nil, nil, pts(1, 2)},
	}
	for name, s := range sparks {
		t.Run("sparkline "+name, func(t *testing.T) {
			svg := parse(t, Sparkline("", nil, s[1], s[2]))
			checkA11y(t, svg)
			checkBounds(t, svg)
		})
	}
}

func manySeries(n int) []Series {
	var out []Series
	for i := range n {
		out = append(out, Series{Name: fmt.Sprintf("Series %d", i), Role: Role(i % 5), Points: pts(float64(i), float64(i)+0.1, float64(i)+0.2)})
	}
	return out
}

func manyDist(n int) []DistPoint {
	var out []DistPoint
	for i := range n {
		out = append(out, DistPoint{Label: strconv.Itoa(i), Value: 2 + math.Sin(float64(i))})
	}
	return out
}

func manyHighlighted(n int) []DistPoint {
	var out []DistPoint
	for i := range n {
		out = append(out, DistPoint{Label: fmt.Sprintf("Council number %d", i), Value: float64(i % 4), Highlight: true})
	}
	return out
}

func TestSwatch(t *testing.T) {
	for r := Primary; r <= Other+1; r++ {
		var n node
		if err := xml.Unmarshal([]byte(Swatch(r)), &n); err != nil {
			t.Fatalf("role %d: %v", r, err)
		}
		if n.attr("aria-hidden") != "true" {
			t.Error("a swatch is decoration beside a text label: hide it from screen readers")
		}
	}
}

func TestIDs(t *testing.T) {
	a := parse(t, Line(LineOptions{Title: "One", X: years(2), Series: []Series{{Points: pts(1, 2)}}}))
	b := parse(t, Line(LineOptions{Title: "Two", X: years(2), Series: []Series{{Points: pts(1, 2)}}}))
	if a.child("title").attr("id") == b.child("title").attr("id") {
		t.Error("charts without an ID share element ids")
	}
	c := parse(t, Line(LineOptions{ID: "a b", Title: "x"}))
	if c.child("title").attr("id") != "a-b-t" {
		t.Errorf("id %q: spaces would break aria-labelledby", c.child("title").attr("id"))
	}
}

// The site's stylesheet is built from web/; it must carry the same rules.
func TestCSSInStylesheet(t *testing.T) {
	scss, err := os.ReadFile("../web/_chart.scss")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(scss), CSS) {
		t.Error("web/_chart.scss does not contain chart.CSS verbatim: copy it across and rebuild with web/build.sh")
	}
	built, err := os.ReadFile("../http/assets/sightline.css")
	if err != nil {
		t.Skip("stylesheet not built")
	}
	for _, rule := range []string{".slc .r0 path{stroke:#1d70b8", ".slc-spark{"} {
		if !strings.Contains(string(built), rule) {
			t.Errorf("http/assets/sightline.css lacks %q: rebuild with web/build.sh", rule)
		}
	}
}

func FuzzLine(f *testing.F) {
	f.Add("id", "Title", "2019", "Name", "%", 1, 12.5, -3.0, math.NaN(), true, false, 640, 320)
	f.Add(`<&">`, "", "", "", "£", 0, 1e308, -1e308, math.Inf(1), false, true, 0, 0)
	f.Add("a b", "\x00\xff", "\n", "\u2028", " days", 9, 0.0, 0.0, 0.0, true, true, 1, 1)
	f.Fuzz(func(t *testing.T, id, title, x, name, unit string, dec int, a, b, c float64, ok, zero bool, w, h int) {
		o := LineOptions{ID: id, Title: title, Desc: name + x, X: []string{x, x + "1", "", x}, Unit: unit, Decimals: dec, Width: w, Height: h, ZeroBased: zero,
			Series: []Series{
				{Name: name, Points: []Point{{Y: a, OK: ok}, {Y: b, OK: true}, {Y: c, OK: true, Note: x}, {Y: a + b, OK: !ok}}},
				{Name: x, Role: Role(dec), Points: []Point{{Y: c, OK: true}, {Y: a, OK: true}}},
			}}
		svg := parse(t, Line(o))
		checkBounds(t, svg)
		parse(t, Sparkline(id, o.X, o.Series[0].Points, o.Series[1].Points))
		e := a
		svg = parse(t, Distribution(DistOptions{ID: id, Title: title, Unit: unit, Decimals: dec, England: &e, Quartiles: []float64{a, b, c},
			Points: []DistPoint{{Label: name, Value: a, Highlight: ok}, {Label: x, Value: b, Href: x}, {Value: c}}}))
		checkBounds(t, svg)
		svg = parse(t, Funnel(FunnelOptions{ID: id, Title: title, XLabel: x, YLabel: name, Unit: unit, Decimals: dec, Centre: c, Width: w, Height: h,
			Points:  []FunnelPoint{{Label: name, Href: x, X: a, Y: b, Highlight: ok, Outside: x}, {X: b, Y: c}},
			Upper95: Curve{Name: name, Points: [][2]float64{{a, b}, {b, c}, {c, a}}}}))
		checkBounds(t, svg)
	})
}

// A fan chart: bands behind the line, each a closed shape over the years
// both edges are known, in the tooltips, and inside the y axis's range.
func TestLineBands(t *testing.T) {
	x := []string{"2023", "2024", "2025", "2026", "2027"}
	pt := func(v float64, ok bool) Point { return Point{Y: v, OK: ok} }
	out := string(Line(LineOptions{ID: "fan", Title: "Forecast", X: x,
		Series: []Series{{Name: "Council", Role: Primary, Points: []Point{pt(100, true), pt(110, true), pt(120, true), pt(0, false), pt(0, false)}}},
		Bands: []Band{
			{Name: "95% interval", Lower: []Point{pt(0, false), pt(0, false), pt(120, true), pt(100, true), pt(90, true)}, Upper: []Point{pt(0, false), pt(0, false), pt(120, true), pt(150, true), pt(190, true)}},
			{Name: "80% interval", Lower: []Point{pt(0, false), pt(0, false), pt(120, true), pt(110, true), pt(105, true)}, Upper: []Point{pt(0, false), pt(0, false), pt(120, true), pt(140, true), pt(160, true)}},
		}}))
	if strings.Count(out, `class="fb"`) != 2 || strings.Count(out, "Z") < 2 {
		t.Fatalf("want two closed bands:\n%s", out)
	}
	if !strings.Contains(out, "95% interval: 90 to 190") || !strings.Contains(out, "80% interval: 105 to 160") {
		t.Error("band values missing from the tooltips")
	}
	// The y axis reaches the top of the widest band (190), not just the line (120).
	if !strings.Contains(out, ">200<") && !strings.Contains(out, ">190<") {
		t.Errorf("y axis does not cover the band:\n%s", out)
	}
}
