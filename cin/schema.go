package cin

// Checking a census file's structure against DfE's XML schema for its year.
//
// There is no well-kept pure-Go XSD validator, and the CIN schemas use a
// small subset of XSD, so this file reads that subset itself: global and
// local elements, named and anonymous complex types whose content is one
// xs:sequence, xs:all or xs:choice of elements (each with minOccurs and
// maxOccurs), and simple types restricting xs:string, xs:boolean, xs:date,
// xs:dateTime, xs:gYear, xs:integer, xs:positiveInteger or
// xs:nonNegativeInteger (or each other) by xs:enumeration, xs:pattern,
// xs:length, xs:minLength, xs:maxLength and xs:min/maxInclusive/Exclusive.
// Annotations are skipped. Anything else in a schema (attributes, groups,
// imports, lists, unions, nested compositors, a target namespace…) is an
// error when the schemas are loaded, so a new DfE schema that needs more
// fails the tests rather than being checked loosely.
//
// Which schema for which census. A census is named by the year its
// ReferenceDate ends: census 2025 covers 1 April 2024 to 31 March 2025
// (Return.Year). The bundled CIN_schema_YYYY.xsd is the schema of census
// YYYY — the file name's year is the reference date's year, not the year
// the collection starts. The schemas' own content shows it:
//
//   - CIN_schema_2022.xsd is the first with CINPlanDates; DfE collected
//     child in need plans "from 2022 onwards", i.e. from the census ending
//     31 March 2022 (1 April 2021 to 31 March 2022).
//   - CIN_schema_2025.xsd is the first with Sex (M, F, U) in place of
//     GenderCurrent (1, 2, 0, 9); DfE's 2024 to 2025 specification (reference
//     date 31 March 2025) introduced Sex, and Read treats GenderCurrent as
//     "to 2024" and Sex as "from 2025" the same way.
//
// The fake returns agree once their reference dates, not their file names,
// are taken: CIN_Census_2021.xml has ReferenceDate 2023-03-31 and
// CINPlanDates with GenderCurrent (census 2023); CIN_Census_2024.xml and
// CIN_Census_2026.xml have ReferenceDate 2024-03-31 (census 2024) yet use
// the 2025 layout's Sex, so against the 2024 schema they are reported as
// having Sex in place of GenderCurrent — which is what DfE's COLLECT would
// say of them. A census year with no bundled schema is checked against the
// nearest one, with a note.

import (
	"bytes"
	"embed"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed xsd/*.xsd
var schemaFS embed.FS

// SchemaProblem is one way a census file departs from its year's XML
// schema, worded for the person who has to fix the file rather than for an
// XML expert, and placed so they can find it: the line, the child, and
// where in the file's structure.
type SchemaProblem struct {
	// Line is the file's line (from 1) where the problem is; 0 for notes
	// about the check itself, such as which schema was used.
	Line int
	// Child is the LAchildID of the child the problem is inside, if any.
	Child string
	// Path is where the problem is: element names from Child down for
	// problems inside a child ("Child/CINdetails/Assessments/
	// AssessmentActualStartDate"), otherwise from below the root element
	// ("Header/Source/LEA"); the root element is named by itself.
	Path string
	// Message says what is wrong in plain English.
	Message string
}

// String gives a problem on one line, for logs and plain-text reports.
func (p SchemaProblem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Child != "" {
		fmt.Fprintf(&b, "child %s: ", p.Child)
	}
	if p.Path != "" {
		fmt.Fprintf(&b, "%s: ", p.Path)
	}
	b.WriteString(p.Message)
	return b.String()
}

// maxSchemaProblems caps the problems one file reports; a file whose
// software gets a field wrong for every child would otherwise list
// thousands of the same problem. The rest are counted in a final problem.
const maxSchemaProblems = 1000

// ValidateSchema checks a census file's structure and values against the
// XML schema of census year (the year its ReferenceDate ends: 2025 for
// 31 March 2025), so that a file COLLECT would reject is caught before
// it is loaded, with every problem listed at once. name is the file's name,
// for notes. A year of 0 or less means "take it from the file's
// ReferenceDate". A year with no bundled schema is checked against the
// nearest, with a note (Line 0) saying so. It never panics and never stops
// at the first problem; a file that is not well-formed XML is checked up to
// where it breaks.
func ValidateSchema(year int, name string, data []byte) []SchemaProblem {
	v, notes := newValidator(year, name, data)
	if v == nil {
		return notes
	}
	return append(notes, v.scan(data)...)
}

// scan checks a whole document on its own scanner.
func (v *validator) scan(data []byte) []SchemaProblem {
	sc := newXMLScanner(data)
	for sc.next() {
		v.token(&sc.tok, "")
	}
	if sc.err != nil {
		v.broken(sc)
	}
	return v.end()
}

// newValidator makes a validator for a census file of year (0 or less:
// the year of its ReferenceDate), with notes about the schema chosen. It
// returns a nil validator, and the reason as a note, when the bundled
// schemas cannot be read.
func newValidator(year int, name string, data []byte) (*validator, []SchemaProblem) {
	set, err := loadSchemas()
	if err != nil {
		return nil, []SchemaProblem{{Message: "the bundled CIN schemas could not be read: " + err.Error()}}
	}
	var notes []SchemaProblem
	if year <= 0 {
		if y, ok := referenceYear(data); ok {
			year = y
		} else {
			year = set.years[len(set.years)-1]
			notes = append(notes, SchemaProblem{Message: fmt.Sprintf("%s has no readable ReferenceDate, so it was checked against the newest schema, the %d census's (%s)", filepath.Base(name), year, set.byYear[year].file)})
		}
	}
	s, exact := set.pick(year)
	if !exact {
		notes = append(notes, SchemaProblem{Message: fmt.Sprintf("there is no schema for the %d census; %s was checked against the nearest, the %d census's (%s)", year, filepath.Base(name), s.year, s.file)})
	}
	return &validator{set: set, s: s, childAt: -1}, notes
}

// referenceYear reads the census year from a file's ReferenceDate, as Read
// does: a reference date after March belongs to the next year's census.
func referenceYear(data []byte) (int, bool) {
	m := refDateRE.FindSubmatch(data)
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(string(m[1]))
	mo, _ := strconv.Atoi(string(m[2]))
	if mo > 3 {
		y++
	}
	return y, true
}

var refDateRE = regexp.MustCompile(`<ReferenceDate>\s*(\d{4})-(\d{2})-\d{2}`)

// ---------------------------------------------------------------------------
// The schema model.

const unbounded = -1

// xElem is an element declaration: a global element, or a particle of a
// complex type's content with its occurrence bounds.
type xElem struct {
	name     string
	min, max int // max is unbounded for maxOccurs="unbounded"
	typ      *xType
}

// xType is a complex or simple type.
type xType struct {
	name    string // "" for anonymous types
	complex bool

	// Complex content: one compositor ("sequence", "all" or "choice") of
	// elements, or "" for empty content.
	group    string
	groupMin int // the compositor's minOccurs: 0 or 1
	elems    []*xElem
	index    map[string]int

	// Simple types: a built-in (builtin != "") or a restriction of base.
	builtin  string
	base     *xType
	enums    []string
	enumSet  map[string]bool
	enumDoc  map[string]string // a code's meaning, from its xs:documentation
	patterns []xPattern
	length   int // -1 when not set
	minLen   int
	maxLen   int
	minIncl  *big.Int
	maxIncl  *big.Int
	minExcl  *big.Int
	maxExcl  *big.Int

	// Worked out once when the schema is loaded (see prepare), so that
	// checking one of a file's millions of values does not walk the chain.
	prepared bool
	chain    []*xType // the type and its bases, the built-in first
	prim     string
	codeList []string
}

// find gives the index of a child element by name, looking first from
// from (the last one seen: in a sequence the next child is that one or a
// later one). Names are interned by the scanner, so most comparisons stop
// at the length or the pointer; a map lookup would hash every name.
func (t *xType) find(name string, from int) (int, bool) {
	from = max(from, 0)
	for j := from; j < len(t.elems); j++ {
		if t.elems[j].name == name {
			return j, true
		}
	}
	for j := 0; j < from && j < len(t.elems); j++ {
		if t.elems[j].name == name {
			return j, true
		}
	}
	return 0, false
}

// prepare works out a simple type's chain, primitive and codes. It runs
// while the schemas load, before they are shared between goroutines.
func (t *xType) prepare() {
	if t.prepared || t.complex {
		return
	}
	for x := t; x != nil; x = x.base {
		t.chain = append(t.chain, x)
	}
	slices.Reverse(t.chain)
	t.prim, t.codeList = t.primitive(), t.codes()
	t.prepared = true
}

type xPattern struct {
	src string
	re  *regexp.Regexp
}

// xSchema is one year's schema.
type xSchema struct {
	file  string
	year  int
	roots map[string]*xElem
	paths map[string]bool // every declared element path from a root: "Message/Children/Child"
}

type schemaSet struct {
	byYear map[int]*xSchema
	years  []int // ascending
}

// pick gives the schema for a census year, or the nearest (the earlier on a
// tie) and false.
func (ss *schemaSet) pick(year int) (*xSchema, bool) {
	if s := ss.byYear[year]; s != nil {
		return s, true
	}
	first, last := ss.years[0], ss.years[len(ss.years)-1]
	if year <= first {
		return ss.byYear[first], false
	}
	if year >= last {
		return ss.byYear[last], false
	}
	best := first
	for _, y := range ss.years {
		if d, bd := y-year, best-year; max(d, -d) < max(bd, -bd) {
			best = y
		}
	}
	return ss.byYear[best], false
}

var (
	schemasOnce sync.Once
	schemas     *schemaSet
	schemasErr  error
)

func loadSchemas() (*schemaSet, error) {
	schemasOnce.Do(func() { schemas, schemasErr = parseSchemaFS(schemaFS, "xsd") })
	return schemas, schemasErr
}

var schemaNameRE = regexp.MustCompile(`^CIN_schema_(\d{4})\.xsd$`)

// parseSchemaFS reads every CIN_schema_YYYY.xsd in dir, failing on the
// first construct it does not understand.
func parseSchemaFS(fsys fs.FS, dir string) (*schemaSet, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	ss := &schemaSet{byYear: map[int]*xSchema{}}
	for _, e := range ents {
		m := schemaNameRE.FindStringSubmatch(e.Name())
		if m == nil {
			if strings.HasSuffix(e.Name(), ".xsd") {
				return nil, fmt.Errorf("%s: schema files must be named CIN_schema_YYYY.xsd", e.Name())
			}
			continue
		}
		data, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		s, err := parseXSD(e.Name(), data)
		if err != nil {
			return nil, err
		}
		s.year, _ = strconv.Atoi(m[1])
		ss.byYear[s.year] = s
		ss.years = append(ss.years, s.year)
	}
	if len(ss.years) == 0 {
		return nil, errors.New("no CIN_schema_YYYY.xsd files")
	}
	sort.Ints(ss.years)
	return ss, nil
}

// ---------------------------------------------------------------------------
// Reading an XSD.

const xsdNS = "http://www.w3.org/2001/XMLSchema"

// xnode is an element of the XSD document.
type xnode struct {
	space, local string
	attrs        map[string]string
	ns           map[string]string // prefixes in scope
	kids         []*xnode
	line         int
	text         string // non-space text directly inside
}

func readXNodes(data []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		line, _ := dec.InputPos()
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{space: t.Name.Space, local: t.Name.Local, attrs: map[string]string{}, ns: map[string]string{}, line: line}
			if len(stack) > 0 {
				for k, v := range stack[len(stack)-1].ns {
					n.ns[k] = v
				}
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					n.ns[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					n.ns[""] = a.Value
				case a.Name.Space != "":
					return nil, fmt.Errorf("line %d: attribute %s:%s on %s is not understood", line, a.Name.Space, a.Name.Local, t.Name.Local)
				default:
					n.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); s != "" && len(stack) > 0 {
				stack[len(stack)-1].text += s
			}
		}
	}
	if root == nil {
		return nil, errors.New("no schema element")
	}
	return root, nil
}

// xsdParser turns an XSD's node tree into the model.
type xsdParser struct {
	file    string
	complex map[string]*xnode
	simple  map[string]*xnode
	done    map[string]*xType
	busy    map[string]bool
}

func (p *xsdParser) errf(n *xnode, format string, a ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.line, fmt.Sprintf(format, a...))
}

func parseXSD(file string, data []byte) (*xSchema, error) {
	root, err := readXNodes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	p := &xsdParser{file: file, complex: map[string]*xnode{}, simple: map[string]*xnode{}, done: map[string]*xType{}, busy: map[string]bool{}}
	if root.space != xsdNS || root.local != "schema" {
		return nil, p.errf(root, "the root element is %s, not xs:schema", root.local)
	}
	if err := p.attrsOK(root, "version", "elementFormDefault", "attributeFormDefault", "targetNamespace", "id"); err != nil {
		return nil, err
	}
	if root.attrs["targetNamespace"] != "" {
		return nil, p.errf(root, "a targetNamespace is not supported")
	}
	var globals []*xnode
	for _, k := range root.kids {
		if err := p.isXS(k); err != nil {
			return nil, err
		}
		switch k.local {
		case "annotation":
			if err := p.annotation(k); err != nil {
				return nil, err
			}
		case "element":
			globals = append(globals, k)
		case "complexType", "simpleType":
			name := k.attrs["name"]
			if name == "" {
				return nil, p.errf(k, "a top-level xs:%s needs a name", k.local)
			}
			if p.complex[name] != nil || p.simple[name] != nil {
				return nil, p.errf(k, "type %s is defined twice", name)
			}
			if k.local == "complexType" {
				p.complex[name] = k
			} else {
				p.simple[name] = k
			}
		default:
			return nil, p.errf(k, "xs:%s is not supported", k.local)
		}
	}
	if err := p.textless(root); err != nil {
		return nil, err
	}
	s := &xSchema{file: file, roots: map[string]*xElem{}, paths: map[string]bool{}}
	for _, g := range globals {
		if _, ok := g.attrs["minOccurs"]; ok {
			return nil, p.errf(g, "a top-level element cannot have minOccurs")
		}
		if _, ok := g.attrs["maxOccurs"]; ok {
			return nil, p.errf(g, "a top-level element cannot have maxOccurs")
		}
		e, err := p.element(g)
		if err != nil {
			return nil, err
		}
		if s.roots[e.name] != nil {
			return nil, p.errf(g, "element %s is declared twice", e.name)
		}
		s.roots[e.name] = e
	}
	if len(s.roots) == 0 {
		return nil, p.errf(root, "no top-level element")
	}
	// Named types nothing refers to are still checked, so that a mistake in
	// one is found even before a future schema uses it.
	for name, n := range p.complex {
		if _, err := p.resolve(n, name, true); err != nil {
			return nil, err
		}
	}
	for name, n := range p.simple {
		if _, err := p.resolve(n, name, false); err != nil {
			return nil, err
		}
	}
	for _, e := range s.roots {
		collectPaths(e, e.name, s.paths, 0)
	}
	return s, nil
}

func collectPaths(e *xElem, prefix string, into map[string]bool, depth int) {
	if into[prefix] || depth > 50 {
		return
	}
	into[prefix] = true
	e.typ.prepare()
	if e.typ.complex {
		for _, c := range e.typ.elems {
			collectPaths(c, prefix+"/"+c.name, into, depth+1)
		}
	}
}

func (p *xsdParser) isXS(n *xnode) error {
	if n.space != xsdNS {
		return p.errf(n, "element %s is not in the XML Schema namespace", n.local)
	}
	return nil
}

func (p *xsdParser) attrsOK(n *xnode, allowed ...string) error {
	for a := range n.attrs {
		if !slices.Contains(allowed, a) {
			return p.errf(n, "attribute %s on xs:%s is not supported", a, n.local)
		}
	}
	return nil
}

func (p *xsdParser) textless(n *xnode) error {
	if n.text != "" {
		return p.errf(n, "unexpected text %q in xs:%s", n.text, n.local)
	}
	return nil
}

// content gives n's children other than annotations, checking that each is
// in the schema namespace and that an annotation comes first if at all.
func (p *xsdParser) content(n *xnode) ([]*xnode, error) {
	if err := p.textless(n); err != nil {
		return nil, err
	}
	var out []*xnode
	for i, k := range n.kids {
		if err := p.isXS(k); err != nil {
			return nil, err
		}
		if k.local == "annotation" {
			if i != 0 {
				return nil, p.errf(k, "xs:annotation must come first in xs:%s", n.local)
			}
			if err := p.annotation(k); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, k)
	}
	return out, nil
}

func (p *xsdParser) annotation(n *xnode) error {
	if err := p.attrsOK(n, "id"); err != nil {
		return err
	}
	for _, k := range n.kids {
		if err := p.isXS(k); err != nil {
			return err
		}
		if k.local != "documentation" && k.local != "appinfo" {
			return p.errf(k, "xs:%s is not allowed in xs:annotation", k.local)
		}
	}
	return nil
}

func (p *xsdParser) occurs(n *xnode) (int, int, error) {
	min, max := 1, 1
	if v, ok := n.attrs["minOccurs"]; ok {
		m, err := strconv.Atoi(v)
		if err != nil || m < 0 {
			return 0, 0, p.errf(n, "minOccurs %q is not a whole number", v)
		}
		min = m
	}
	if v, ok := n.attrs["maxOccurs"]; ok {
		if v == "unbounded" {
			max = unbounded
		} else {
			m, err := strconv.Atoi(v)
			if err != nil || m < 0 {
				return 0, 0, p.errf(n, "maxOccurs %q is not a whole number or unbounded", v)
			}
			max = m
		}
	}
	if max != unbounded && max < min {
		return 0, 0, p.errf(n, "maxOccurs is less than minOccurs")
	}
	return min, max, nil
}

func (p *xsdParser) element(n *xnode) (*xElem, error) {
	if err := p.attrsOK(n, "name", "type", "minOccurs", "maxOccurs", "id"); err != nil {
		return nil, err
	}
	name := n.attrs["name"]
	if name == "" {
		return nil, p.errf(n, "xs:element without a name (ref= is not supported)")
	}
	min, max, err := p.occurs(n)
	if err != nil {
		return nil, err
	}
	e := &xElem{name: name, min: min, max: max}
	kids, err := p.content(n)
	if err != nil {
		return nil, err
	}
	tname, hasType := n.attrs["type"]
	switch {
	case len(kids) > 1:
		return nil, p.errf(n, "element %s has more than one type definition", name)
	case len(kids) == 1 && hasType:
		return nil, p.errf(n, "element %s has both a type attribute and an inline type", name)
	case len(kids) == 1:
		k := kids[0]
		if k.local != "complexType" && k.local != "simpleType" {
			return nil, p.errf(k, "xs:%s is not supported inside xs:element", k.local)
		}
		if _, named := k.attrs["name"]; named {
			return nil, p.errf(k, "an inline type cannot have a name")
		}
		e.typ, err = p.build(k, "", k.local == "complexType")
	case hasType:
		e.typ, err = p.ref(n, tname, true)
	default:
		return nil, p.errf(n, "element %s has no type (xs:anyType is not supported)", name)
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

// ref resolves a type name (a QName such as xs:date or upntype).
// complexOK says whether a complex type may be named here.
func (p *xsdParser) ref(at *xnode, qname string, complexOK bool) (*xType, error) {
	prefix, local := "", qname
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		prefix, local = qname[:i], qname[i+1:]
	}
	ns, ok := at.ns[prefix]
	if !ok && prefix != "" {
		return nil, p.errf(at, "prefix %s of type %s is not declared", prefix, qname)
	}
	if ns == xsdNS {
		if !builtinKinds[local] {
			return nil, p.errf(at, "built-in type xs:%s is not supported", local)
		}
		return &xType{name: "xs:" + local, builtin: local, length: -1, minLen: -1, maxLen: -1}, nil
	}
	if ns != "" {
		return nil, p.errf(at, "type %s is in namespace %s, which is not this schema's", qname, ns)
	}
	if n := p.complex[local]; n != nil {
		if !complexOK {
			return nil, p.errf(at, "complex type %s cannot be the base of a simple type", local)
		}
		return p.resolve(n, local, true)
	}
	if n := p.simple[local]; n != nil {
		return p.resolve(n, local, false)
	}
	return nil, p.errf(at, "type %s is not defined", qname)
}

func (p *xsdParser) resolve(n *xnode, name string, complex bool) (*xType, error) {
	if t := p.done[name]; t != nil {
		return t, nil
	}
	if p.busy[name] {
		return nil, p.errf(n, "simple type %s is defined in terms of itself", name)
	}
	if complex {
		// Complex types may nest themselves; register first.
		t := &xType{name: name, complex: true}
		p.done[name] = t
		if err := p.fillComplex(t, n); err != nil {
			return nil, err
		}
		return t, nil
	}
	p.busy[name] = true
	t, err := p.build(n, name, false)
	delete(p.busy, name)
	if err != nil {
		return nil, err
	}
	p.done[name] = t
	return t, nil
}

func (p *xsdParser) build(n *xnode, name string, complex bool) (*xType, error) {
	if complex {
		t := &xType{name: name, complex: true}
		return t, p.fillComplex(t, n)
	}
	return p.simpleType(n, name)
}

func (p *xsdParser) fillComplex(t *xType, n *xnode) error {
	if err := p.attrsOK(n, "name", "id"); err != nil {
		return err
	}
	kids, err := p.content(n)
	if err != nil {
		return err
	}
	t.index = map[string]int{}
	if len(kids) == 0 {
		return nil // empty content
	}
	if len(kids) > 1 {
		return p.errf(kids[1], "xs:%s after xs:%s in a complex type is not supported", kids[1].local, kids[0].local)
	}
	g := kids[0]
	switch g.local {
	case "sequence", "all", "choice":
	default:
		return p.errf(g, "xs:%s in a complex type is not supported", g.local)
	}
	if err := p.attrsOK(g, "minOccurs", "maxOccurs", "id"); err != nil {
		return err
	}
	min, max, err := p.occurs(g)
	if err != nil {
		return err
	}
	if max != 1 || min > 1 {
		return p.errf(g, "xs:%s with minOccurs %d, maxOccurs %s is not supported", g.local, min, g.attrs["maxOccurs"])
	}
	t.group, t.groupMin = g.local, min
	parts, err := p.content(g)
	if err != nil {
		return err
	}
	for _, k := range parts {
		if k.local != "element" {
			return p.errf(k, "xs:%s inside xs:%s is not supported", k.local, g.local)
		}
		e, err := p.element(k)
		if err != nil {
			return err
		}
		if _, dup := t.index[e.name]; dup {
			return p.errf(k, "element %s appears twice in one xs:%s, which is not supported", e.name, g.local)
		}
		if g.local == "all" && (e.max == unbounded || e.max > 1) {
			return p.errf(k, "element %s in xs:all may occur at most once", e.name)
		}
		t.index[e.name] = len(t.elems)
		t.elems = append(t.elems, e)
	}
	return nil
}

// builtinKinds are the XSD built-in types supported, by local name.
var builtinKinds = map[string]bool{
	"string": true, "boolean": true, "date": true, "dateTime": true, "gYear": true,
	"integer": true, "positiveInteger": true, "nonNegativeInteger": true,
}

func (p *xsdParser) simpleType(n *xnode, name string) (*xType, error) {
	if err := p.attrsOK(n, "name", "id"); err != nil {
		return nil, err
	}
	kids, err := p.content(n)
	if err != nil {
		return nil, err
	}
	if len(kids) != 1 || kids[0].local != "restriction" {
		what := "nothing"
		if len(kids) > 0 {
			what = "xs:" + kids[0].local
		}
		return nil, p.errf(n, "simple type %s: only a single xs:restriction is supported, not %s", name, what)
	}
	r := kids[0]
	if err := p.attrsOK(r, "base", "id"); err != nil {
		return nil, err
	}
	baseName := r.attrs["base"]
	if baseName == "" {
		return nil, p.errf(r, "xs:restriction without a base is not supported")
	}
	base, err := p.ref(r, baseName, false)
	if err != nil {
		return nil, err
	}
	t := &xType{name: name, base: base, length: -1, minLen: -1, maxLen: -1}
	facets, err := p.content(r)
	if err != nil {
		return nil, err
	}
	prim := t.primitive()
	numeric := prim == "integer" || prim == "positiveInteger" || prim == "nonNegativeInteger"
	for _, f := range facets {
		if err := p.attrsOK(f, "value", "id"); err != nil {
			return nil, err
		}
		if rest, err := p.content(f); err != nil {
			return nil, err
		} else if len(rest) > 0 {
			return nil, p.errf(rest[0], "xs:%s inside xs:%s is not supported", rest[0].local, f.local)
		}
		v, ok := f.attrs["value"]
		if !ok {
			return nil, p.errf(f, "xs:%s without a value", f.local)
		}
		switch f.local {
		case "enumeration":
			if t.enumSet == nil {
				t.enumSet = map[string]bool{}
			}
			if !t.enumSet[v] {
				t.enums = append(t.enums, v)
				t.enumSet[v] = true
			}
			if doc := documentation(f); doc != "" {
				if t.enumDoc == nil {
					t.enumDoc = map[string]string{}
				}
				t.enumDoc[v] = doc
			}
		case "pattern":
			re, err := xsdRegexp(v)
			if err != nil {
				return nil, p.errf(f, "pattern %q: %v", v, err)
			}
			t.patterns = append(t.patterns, xPattern{src: v, re: re})
		case "length", "minLength", "maxLength":
			if prim != "string" {
				return nil, p.errf(f, "xs:%s on a %s type is not supported", f.local, prim)
			}
			m, err := strconv.Atoi(v)
			if err != nil || m < 0 {
				return nil, p.errf(f, "xs:%s %q is not a whole number", f.local, v)
			}
			switch f.local {
			case "length":
				t.length = m
			case "minLength":
				t.minLen = m
			default:
				t.maxLen = m
			}
		case "minInclusive", "maxInclusive", "minExclusive", "maxExclusive":
			if !numeric {
				return nil, p.errf(f, "xs:%s on a %s type is not supported", f.local, prim)
			}
			b, ok := new(big.Int).SetString(strings.TrimPrefix(v, "+"), 10)
			if !ok {
				return nil, p.errf(f, "xs:%s %q is not a whole number", f.local, v)
			}
			switch f.local {
			case "minInclusive":
				t.minIncl = b
			case "maxInclusive":
				t.maxIncl = b
			case "minExclusive":
				t.minExcl = b
			default:
				t.maxExcl = b
			}
		default:
			return nil, p.errf(f, "facet xs:%s is not supported", f.local)
		}
	}
	return t, nil
}

// documentation gives the text of a node's xs:annotation/xs:documentation.
func documentation(n *xnode) string {
	for _, a := range n.kids {
		if a.local != "annotation" {
			continue
		}
		for _, d := range a.kids {
			if d.local == "documentation" && d.text != "" {
				return collapse(d.text)
			}
		}
	}
	return ""
}

// primitive is the built-in type at the bottom of a simple type's chain.
func (t *xType) primitive() string {
	for ; t != nil; t = t.base {
		if t.builtin != "" {
			return t.builtin
		}
	}
	return ""
}

// codes gives the list of codes a value is limited to (the most derived
// type's enumeration), or nil.
func (t *xType) codes() []string {
	for ; t != nil; t = t.base {
		if len(t.enums) > 0 {
			return t.enums
		}
	}
	return nil
}

// xsdRegexp translates an XSD pattern (implicitly anchored, ^ and $
// ordinary, \d any Unicode digit) into a Go regexp, refusing the XSD-only
// constructs Go cannot express (\i, \c, class subtraction).
func xsdRegexp(src string) (*regexp.Regexp, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\':
			if i+1 >= len(src) {
				return nil, errors.New("ends with a backslash")
			}
			i++
			switch e := src[i]; e {
			case 'd':
				b.WriteString(`\p{Nd}`)
			case 'D':
				b.WriteString(`\P{Nd}`)
			case 'i', 'I', 'c', 'C', 'w', 'W':
				return nil, fmt.Errorf(`\%c is not supported`, e)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass && c == '-' && i+1 < len(src) && src[i+1] == '[':
			return nil, errors.New("character class subtraction is not supported")
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(src) && src[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case !inClass && (c == '^' || c == '$'):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return regexp.Compile(`^(?:` + b.String() + `)$`)
}

// ---------------------------------------------------------------------------
// Checking a document.

// frame is an open element of the document being checked.
type frame struct {
	name  string
	decl  *xElem
	line  int
	text  []byte
	count []int
	extra []int // line of the first occurrence beyond maxOccurs
	pos   int   // sequence: index of the last particle seen
	pick  int   // choice: the alternative chosen, or -1
	total int
	// nested is set when a simple-typed element held an element, already
	// reported, so that its value is not reported as well.
	nested bool
}

type validator struct {
	set      *schemaSet
	s        *xSchema
	out      []SchemaProblem
	more     int
	stack    []*frame
	frames   []*frame // frames for reuse, by depth
	child    string   // LAchildID of the child being read
	childAt  int      // stack index of the Child element, or -1
	childOut int      // index in out of the child's first problem
	nsNoted  bool
	// Where the document has got to.
	sawRoot, rootDone bool
	done              bool   // checking has stopped (a wrong root, or broken XML)
	skip              int    // depth inside an unexpected element being skipped
	value             string // the closing element's trimmed text, when the reader made it a string
}

func (v *validator) add(line int, path, format string, a ...any) {
	if len(v.out) >= maxSchemaProblems {
		v.more++
		return
	}
	child := ""
	if v.childAt >= 0 {
		child = v.child
	}
	v.out = append(v.out, SchemaProblem{Line: line, Child: child, Path: path, Message: fmt.Sprintf(format, a...)})
}

// pathOf names the element at stack depth n (1 = the root) plus extra.
func (v *validator) pathOf(n int, extra string) string {
	names := make([]string, 0, n+1)
	for _, f := range v.stack[:n] {
		names = append(names, f.name)
	}
	if extra != "" {
		names = append(names, extra)
	}
	switch {
	case v.childAt >= 0 && v.childAt < len(names):
		names = names[v.childAt:]
	case len(names) > 1:
		names = names[1:]
	}
	return strings.Join(names, "/")
}

func (v *validator) finish() {
	slices.SortStableFunc(v.out, func(a, b SchemaProblem) int { return a.Line - b.Line })
	if v.more > 0 {
		v.out = append(v.out, SchemaProblem{Message: fmt.Sprintf("and %d more problems", v.more)})
	}
}

// token checks the next token of the document. value is the token's
// text trimmed, when the caller has already made it a string (an end
// tag's element value), so the check need not copy it again; "" if not.
func (v *validator) token(t *xmlToken, value string) {
	if v.done {
		return
	}
	if v.skip > 0 { // inside an element already reported as unexpected
		switch t.Kind {
		case tokStart:
			v.skip++
		case tokEnd:
			v.skip--
		}
		return
	}
	before := t.Line
	switch t.Kind {
	case tokStart:
		line := before
		if !v.sawRoot {
			v.sawRoot = true
			decl := v.s.roots[t.Name]
			if decl == nil {
				v.add(line, t.Name, "the root element is %s; a CIN census file starts with %s", t.Name, rootNames(v.s))
				v.done = true
				return
			}
			v.open(t, decl, line)
			return
		}
		if len(v.stack) == 0 {
			if !v.rootDone {
				v.done = true
				return
			}
			v.add(line, t.Name, "element %s comes after the end of %s; a file has only one", t.Name, rootNames(v.s))
			v.skip = 1
			return
		}
		v.startChild(t, line)
	case tokEnd:
		v.value = value
		v.close()
		if len(v.stack) == 0 {
			v.rootDone = true
		}
	case tokText:
		if len(v.stack) == 0 {
			if s := bytes.TrimSpace(t.Text); len(s) > 0 {
				where := "before"
				if v.rootDone {
					where = "after"
				}
				v.add(before+leadingLines(t.Text), "", "text '%s' %s the %s element", show(string(s), 40), where, rootNames(v.s))
			}
			return
		}
		f := v.stack[len(v.stack)-1]
		if f.decl.typ.complex {
			if s := bytes.TrimSpace(t.Text); len(s) > 0 {
				v.add(before+leadingLines(t.Text), v.pathOf(len(v.stack), ""), "text '%s' outside any element in %s", show(string(s), 40), f.name)
			}
		} else {
			f.text = append(f.text, t.Text...)
		}
	}
}

// broken reports where a document stopped being well-formed XML; checking
// stops there.
func (v *validator) broken(sc *xmlScanner) {
	if v.done {
		return
	}
	line, se := sc.failure()
	if se != nil {
		v.add(line, "", "the file is not well-formed XML, so checking stopped here: %s", se.Msg)
	} else {
		v.add(line, "", "the file could not be read, so checking stopped here: %v", sc.err)
	}
	v.done = true
}

// end finishes the check at the end of the document and gives the
// problems found, in line order.
func (v *validator) end() []SchemaProblem {
	if !v.sawRoot && !v.done {
		v.add(1, "", "the file has no elements; a CIN census file starts with %s", rootNames(v.s))
	}
	v.finish()
	return v.out
}

func rootNames(s *xSchema) string {
	var names []string
	for n := range s.roots {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, " or ")
}

// leadingLines counts the line breaks before the first non-space character.
func leadingLines(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '\n':
			n++
		case ' ', '\t', '\r':
		default:
			return n
		}
	}
	return n
}

func (v *validator) open(t *xmlToken, decl *xElem, line int) {
	// Frames are reused by depth: a census has millions of elements but
	// is only a few deep.
	var f *frame
	if n := len(v.stack); n < len(v.frames) {
		f = v.frames[n]
	} else {
		f = new(frame)
		v.frames = append(v.frames, f)
	}
	// Field by field, and the counts only for complex content: most
	// elements are leaves, and each pointer written costs a write barrier
	// while the collector runs.
	f.name, f.decl, f.line, f.pos, f.pick, f.total, f.nested = t.Name, decl, line, -1, -1, 0, false
	if len(f.text) > 0 {
		f.text = f.text[:0]
	}
	if decl.typ.complex {
		n := len(decl.typ.elems)
		f.count = slices.Grow(f.count, n)[:n]
		f.extra = slices.Grow(f.extra, n)[:n]
		clear(f.count)
		clear(f.extra)
	}
	v.stack = append(v.stack, f)
	if f.name == "Child" && len(v.stack) >= 2 && v.stack[len(v.stack)-2].name == "Children" && v.childAt < 0 {
		v.childAt = len(v.stack) - 1
		v.child = ""
		v.childOut = len(v.out)
	}
	p := func() string { return v.pathOf(len(v.stack), "") }
	if t.Space != "" && !v.nsNoted {
		v.nsNoted = true
		v.add(line, p(), "%s is in the XML namespace '%s', but the CIN schema's elements have no namespace (remove the xmlns attribute)", f.name, show(t.Space, 60))
	}
	for _, a := range t.Attr {
		if a.Space == "xmlns" || (a.Space == "" && a.Local == "xmlns") ||
			a.Space == "http://www.w3.org/2001/XMLSchema-instance" || a.Space == "xsi" || a.Space == "xml" ||
			a.Space == "http://www.w3.org/XML/1998/namespace" {
			continue
		}
		v.add(line, p(), "unexpected attribute %s on %s", a.Local, f.name)
	}
}

func (v *validator) startChild(t *xmlToken, line int) {
	f := v.stack[len(v.stack)-1]
	name := t.Name
	typ := f.decl.typ
	if !typ.complex {
		v.add(line, v.pathOf(len(v.stack), ""), "%s should hold a value, not the element %s", f.name, name)
		f.nested = true
		v.skip = 1
		return
	}
	j, ok := typ.find(name, f.pos)
	if !ok {
		v.add(line, v.pathOf(len(v.stack), name), "unexpected element %s in %s%s", name, f.name, v.hint(name, typ))
		v.skip = 1
		return
	}
	e := typ.elems[j]
	f.total++
	f.count[j]++
	extra := e.max != unbounded && f.count[j] > e.max
	if extra && f.extra[j] == 0 {
		f.extra[j] = line
	}
	switch typ.group {
	case "sequence":
		if !extra {
			if j < f.pos {
				v.add(line, v.pathOf(len(v.stack), name), "%s must come before %s", name, typ.elems[f.pos].name)
			} else {
				f.pos = j
			}
		}
	case "choice":
		if f.pick < 0 {
			f.pick = j
		} else if f.pick != j {
			v.add(line, v.pathOf(len(v.stack), name), "%s cannot appear alongside %s in %s: only one of %s", name, typ.elems[f.pick].name, f.name, orList(typ.elems))
		}
	}
	v.open(t, e, line)
}

// hint explains an unexpected element that belongs in the same place in
// other years' schemas, or differs from an expected one only in case.
func (v *validator) hint(name string, typ *xType) string {
	for _, e := range typ.elems {
		if strings.EqualFold(e.name, name) {
			return fmt.Sprintf(" (did you mean %s? names are case-sensitive)", e.name)
		}
	}
	var names []string
	for _, f := range v.stack {
		names = append(names, f.name)
	}
	key := strings.Join(append(names, name), "/")
	var years []int
	for _, y := range v.set.years {
		if v.set.byYear[y].paths[key] {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s is in the %s census schemas, not the %d one)", name, yearRuns(years), v.s.year)
}

// yearRuns writes years as runs: "2017–2021 and 2025".
func yearRuns(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ys[i], ys[j]))
		} else {
			parts = append(parts, strconv.Itoa(ys[i]))
		}
		i = j + 1
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func orList(es []*xElem) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.name
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

func (v *validator) close() {
	n := len(v.stack)
	f := v.stack[n-1]
	typ := f.decl.typ
	if typ.complex {
		for j, e := range typ.elems {
			if f.extra[j] > 0 {
				if e.max == 0 {
					v.add(f.extra[j], v.pathOf(n, e.name), "%s is not allowed in %s", e.name, f.name)
				} else {
					v.add(f.extra[j], v.pathOf(n, e.name), "%s appears %s in %s (at most %s)", e.name, times(f.count[j]), f.name, times(e.max))
				}
			}
		}
		switch {
		case f.total == 0 && typ.groupMin == 0:
		case typ.group == "choice":
			if f.pick >= 0 {
				v.missing(f, n, f.pick)
			} else if !slices.ContainsFunc(typ.elems, func(e *xElem) bool { return e.min == 0 }) && len(typ.elems) > 0 {
				v.add(f.line, v.pathOf(n, ""), "%s is missing one of %s", f.name, orList(typ.elems))
			}
		default:
			for j := range typ.elems {
				v.missing(f, n, j)
			}
		}
	} else if !f.nested {
		v.checkLeaf(f, n)
		if f.name == "LAchildID" && v.childAt >= 0 && n-2 >= 0 && n-3 == v.childAt && v.stack[n-2].name == "ChildIdentifiers" {
			v.child = collapse(v.leafText(f))
		}
	}
	v.stack = v.stack[:n-1]
	if n-1 == v.childAt {
		for i := v.childOut; i < len(v.out); i++ {
			v.out[i].Child = v.child
		}
		v.childAt, v.child = -1, ""
	}
}

// missing reports the j'th particle of the element at stack depth n if it
// occurs fewer times than it must.
func (v *validator) missing(f *frame, n, j int) {
	e := f.decl.typ.elems[j]
	switch c := f.count[j]; {
	case c >= e.min:
	case c == 0:
		v.add(f.line, v.pathOf(n, e.name), "%s is missing its required %s", f.name, e.name)
	default:
		v.add(f.line, v.pathOf(n, e.name), "%s has %s only %s, but needs at least %d", f.name, e.name, times(c), e.min)
	}
}

// ---------------------------------------------------------------------------
// Checking values.

func collapse(s string) string {
	// Most values need no change: ASCII with no space at either end and no
	// run of spaces or other white space inside.
	plain := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; plain && i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == ' ' && s[i-1] == ' ':
			plain = false
		}
	}
	if plain {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// show gives a value for a message: whitespace runs shown as one space,
// and long values cut short.
func show(s string, max int) string {
	s = collapse(s)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return s
}

func (v *validator) checkLeaf(f *frame, n int) {
	raw := v.leafText(f)
	typ := f.decl.typ
	if msg := checkValue(f.name, raw, typ); msg != "" {
		v.add(f.line, v.pathOf(n, ""), "%s", msg)
	}
}

// leafText is a leaf's text as a string: the reader's copy when it has
// one and trimming removed nothing, else a new one.
func (v *validator) leafText(f *frame) string {
	if v.value != "" && len(v.value) == len(f.text) {
		return v.value
	}
	return string(f.text)
}

// checkValue checks a leaf's text against its simple type, base first, and
// gives the first problem in words, or "".
func checkValue(name, raw string, t *xType) string {
	chain, prim, codes := t.chain, t.prim, t.codeList
	if !t.prepared { // a type the schema's paths did not reach
		var chainBuf [8]*xType
		chain = chainBuf[:0]
		for x := t; x != nil; x = x.base {
			chain = append(chain, x)
		}
		slices.Reverse(chain)
		prim, codes = t.primitive(), t.codes()
	}
	val := raw
	if prim != "string" {
		val = collapse(raw)
	}
	for _, x := range chain {
		if x.builtin != "" {
			if msg := checkBuiltin(name, val, x.builtin); msg != "" {
				if val == "" && len(codes) > 0 {
					return fmt.Sprintf("%s is empty, but should be one of the allowed codes: %s", name, strings.Join(codes, ", "))
				}
				return msg
			}
			continue
		}
		if msg := checkFacets(name, val, x, codes); msg != "" {
			return msg
		}
	}
	return ""
}

var builtinWords = map[string]string{
	"boolean":            "true or false (true, false, 1 or 0)",
	"date":               "a date (yyyy-mm-dd)",
	"dateTime":           "a date and time (yyyy-mm-ddThh:mm:ss)",
	"gYear":              "a year (yyyy)",
	"integer":            "a whole number",
	"positiveInteger":    "a whole number above 0",
	"nonNegativeInteger": "a whole number, 0 or more",
}

func checkBuiltin(name, val, kind string) string {
	ok := true
	switch kind {
	case "string":
		return ""
	case "boolean":
		ok = val == "true" || val == "false" || val == "1" || val == "0"
	case "date":
		ok = isDate(val)
	case "dateTime":
		ok = isDateTime(val)
	case "gYear":
		ok = isGYear(val)
	case "integer", "positiveInteger", "nonNegativeInteger":
		n, good := parseInteger(val)
		ok = good && (kind == "integer" || (kind == "positiveInteger" && n.Sign() > 0) || (kind == "nonNegativeInteger" && n.Sign() >= 0))
	}
	if ok {
		return ""
	}
	if val == "" {
		return fmt.Sprintf("%s is empty, but should be %s", name, builtinWords[kind])
	}
	return fmt.Sprintf("%s '%s' is not %s", name, show(val, 60), builtinWords[kind])
}

// patternWords describes the CIN schemas' patterns for people.
var patternWords = map[string]string{
	`\d{3}`:                       "three digits (a DfE LA number, such as 201)",
	`\d{3}\d*`:                    "three or more digits",
	`[A-Za-z]\d{11}(\d|[A-Za-z])`: "a 13-character UPN: a letter, 11 digits, then a digit or letter",
}

func checkFacets(name, val string, t *xType, codes []string) string {
	if len(t.enums) > 0 && !t.enumSet[val] {
		list := strings.Join(t.enums, ", ")
		if val == "" {
			return fmt.Sprintf("%s is empty, but should be one of the allowed codes: %s", name, list)
		}
		if trimmed := strings.TrimSpace(val); trimmed != val && t.enumSet[trimmed] {
			return fmt.Sprintf("%s has spaces or line breaks around the code '%s'; write just the code", name, trimmed)
		}
		for _, c := range t.enums {
			if strings.EqualFold(c, strings.TrimSpace(val)) {
				return fmt.Sprintf("%s '%s' is not one of the allowed codes: %s (codes are case-sensitive: did you mean '%s'?)", name, show(val, 60), list, c)
			}
		}
		for _, c := range t.enums {
			if d := t.enumDoc[c]; d != "" && strings.EqualFold(d, collapse(val)) {
				return fmt.Sprintf("%s '%s' is not one of the allowed codes: %s (write the code %s for %s)", name, show(val, 60), list, c, d)
			}
		}
		return fmt.Sprintf("%s '%s' is not one of the allowed codes: %s", name, show(val, 60), list)
	}
	for _, p := range t.patterns {
		if !p.re.MatchString(val) {
			want, ok := patternWords[p.src]
			if !ok {
				want = "text matching the pattern " + p.src
			}
			if val == "" {
				return fmt.Sprintf("%s is empty, but should be %s", name, want)
			}
			return fmt.Sprintf("%s '%s' is not %s", name, show(val, 60), want)
		}
	}
	n := utf8.RuneCountInString(val)
	switch {
	case n == 0 && (t.minLen > 0 || t.length > 0):
		if len(codes) > 0 {
			return fmt.Sprintf("%s is empty, but should be one of the allowed codes: %s", name, strings.Join(codes, ", "))
		}
		return fmt.Sprintf("%s is empty", name)
	case t.length >= 0 && n != t.length:
		return fmt.Sprintf("%s '%s' has %d characters; it should have exactly %d", name, show(val, 60), n, t.length)
	case t.minLen >= 0 && n < t.minLen:
		return fmt.Sprintf("%s '%s' is too short: it should have at least %d characters", name, show(val, 60), t.minLen)
	case t.maxLen >= 0 && n > t.maxLen:
		return fmt.Sprintf("%s '%s' is too long: it should have at most %d characters", name, show(val, 60), t.maxLen)
	}
	if t.minIncl != nil || t.maxIncl != nil || t.minExcl != nil || t.maxExcl != nil {
		x, ok := parseInteger(val)
		if !ok {
			return "" // the built-in check has said so
		}
		switch {
		case t.minIncl != nil && x.Cmp(t.minIncl) < 0:
			return fmt.Sprintf("%s '%s' is below %s, the smallest allowed", name, show(val, 60), t.minIncl)
		case t.maxIncl != nil && x.Cmp(t.maxIncl) > 0:
			return fmt.Sprintf("%s '%s' is above %s, the largest allowed", name, show(val, 60), t.maxIncl)
		case t.minExcl != nil && x.Cmp(t.minExcl) <= 0:
			return fmt.Sprintf("%s '%s' should be more than %s", name, show(val, 60), t.minExcl)
		case t.maxExcl != nil && x.Cmp(t.maxExcl) >= 0:
			return fmt.Sprintf("%s '%s' should be less than %s", name, show(val, 60), t.maxExcl)
		}
	}
	return ""
}

var (
	integerRE  = regexp.MustCompile(`^[+-]?[0-9]+$`)
	tzRE       = `(Z|[+-](\d{2}):(\d{2}))?`
	dateRE     = regexp.MustCompile(`^(-?)(\d{4,})-(\d{2})-(\d{2})` + tzRE + `$`)
	dateTimeRE = regexp.MustCompile(`^(-?)(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?` + tzRE + `$`)
	gYearRE    = regexp.MustCompile(`^(-?)(\d{4,})` + tzRE + `$`)
)

func parseInteger(s string) (*big.Int, bool) {
	if len(s) > 0 && len(s) < 19 && s[0] != '+' {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && !strings.Contains(s, "_") {
			return big.NewInt(n), true
		}
	}
	if !integerRE.MatchString(s) {
		return nil, false
	}
	return new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10)
}

// yearOK checks an XSD year's digits: no year 0000, and no leading zero
// beyond four digits.
func yearOK(y string) bool {
	if len(y) > 4 && y[0] == '0' {
		return false
	}
	return strings.Trim(y, "0") != ""
}

func tzOK(hh, mm string) bool {
	if hh == "" {
		return true
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	return m <= 59 && (h < 14 || (h == 14 && m == 0))
}

// dayOK checks a month and day of a year given as digits; leap years follow
// the Gregorian rule, which depends only on the year's last four digits.
func dayOK(y, mo, d string) bool {
	m, _ := strconv.Atoi(mo)
	day, _ := strconv.Atoi(d)
	if m < 1 || m > 12 || day < 1 {
		return false
	}
	last := y
	if len(last) > 4 {
		last = last[len(last)-4:]
	}
	yr, _ := strconv.Atoi(last)
	leap := yr%4 == 0 && (yr%100 != 0 || yr%400 == 0)
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && leap {
		days = 29
	}
	return day <= days
}

func isDate(s string) bool {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:]) {
		return yearOK(s[:4]) && dayOK(s[:4], s[5:7], s[8:])
	}
	m := dateRE.FindStringSubmatch(s)
	return m != nil && yearOK(m[2]) && dayOK(m[2], m[3], m[4]) && tzOK(m[6], m[7])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isDateTime(s string) bool {
	m := dateTimeRE.FindStringSubmatch(s)
	if m == nil || !yearOK(m[2]) || !dayOK(m[2], m[3], m[4]) || !tzOK(m[10], m[11]) {
		return false
	}
	h, _ := strconv.Atoi(m[5])
	mi, _ := strconv.Atoi(m[6])
	sec, _ := strconv.Atoi(m[7])
	if h == 24 {
		return mi == 0 && sec == 0 && strings.Trim(m[8], ".0") == ""
	}
	return h < 24 && mi < 60 && sec < 60
}

func isGYear(s string) bool {
	m := gYearRE.FindStringSubmatch(s)
	return m != nil && yearOK(m[2]) && tzOK(m[4], m[5])
}
