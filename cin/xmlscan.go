package cin

// A small XML tokenizer for the subset of XML that census files use, in
// place of encoding/xml's Decoder.Token, which reads a byte at a time and
// allocates every name and token (about 45 MB/s; this runs at several
// hundred). It works on the whole file in memory and gives names as
// interned strings and text as sub-slices of the input, so that a token
// costs no heap allocation.
//
// What it accepts: an XML declaration (version 1.0, encoding UTF-8 or
// ASCII), start, end and self-closing tags with attributes (prefixes are
// resolved against xmlns declarations as encoding/xml does, an unbound
// prefix standing for itself), character data with the five predefined
// entities and numeric character references, comments, CDATA sections and
// processing instructions. Names are ASCII. Anything else — mismatched or
// unclosed tags, unknown entities, '<' in text, invalid UTF-8 or XML
// characters, DOCTYPE and other directives — is an error that carries the
// line, as an *xml.SyntaxError, except an unsupported version or encoding,
// which is a plain error worded as encoding/xml words it. For any input it
// accepts, the tokens are those encoding/xml's Decoder.Token gives (a
// self-closing tag is a start and an end token, CDATA is a text token of
// its own, \r\n and \r become \n), which FuzzScan checks.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText // character data, including a CDATA section
	tokComment
	tokProcInst
)

type scanAttr struct {
	Space, Local string // Space resolved as for element names; "xmlns" for declarations
	Value        []byte
}

// xmlToken is the scanner's current token. Its slices are valid until the
// next call to next.
type xmlToken struct {
	Kind  tokKind
	Space string // the element's namespace, resolved; "" for none
	Name  string // the element's local name, or a processing instruction's target
	Text  []byte // character data (entities decoded), comment text or instruction
	Attr  []scanAttr
	// Line is the line (from 1) the token starts on and EndLine the line
	// it ends on: encoding/xml's InputPos before and after Token.
	Line, EndLine int
}

type openElem struct {
	raw     []byte // the name as written, prefix included
	space   string
	local   string
	nsDepth int // len(ns) before the element's declarations
}

type nsBind struct{ prefix, uri string }

type xmlScanner struct {
	data       []byte
	pos        int
	line       int
	err        error
	tok        xmlToken
	stack      []openElem
	ns         []nsBind
	pendingEnd bool
	buf        []byte
	names      map[string]string
	cache      [256]string
}

func newXMLScanner(data []byte) *xmlScanner {
	return &xmlScanner{data: data, line: 1, names: make(map[string]string, 64)}
}

// maxInterned bounds the name table, so a file of endless distinct names
// costs allocations rather than an ever-growing table.
const maxInterned = 4096

func (s *xmlScanner) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// A small direct-mapped cache in front of the table: census files
	// repeat a few dozen names.
	h := (uint(len(b))*131 + uint(b[0])*31 + uint(b[len(b)-1])*7 + uint(b[len(b)/2])) & uint(len(s.cache)-1)
	if c := s.cache[h]; c == string(b) {
		return c
	}
	n, ok := s.names[string(b)]
	if !ok {
		n = string(b)
		if len(s.names) < maxInterned {
			s.names[n] = n
		}
	}
	s.cache[h] = n
	return n
}

func (s *xmlScanner) syntax(format string, a ...any) bool {
	if s.err == nil {
		s.err = &xml.SyntaxError{Msg: fmt.Sprintf(format, a...), Line: s.line}
	}
	return false
}

// depth is the number of open elements.
// failure gives the line a scan stopped at and, when the file is not
// well-formed XML (rather than refused for another reason), the syntax
// error, so callers report the line the problem is on.
func (s *xmlScanner) failure() (int, *xml.SyntaxError) {
	var se *xml.SyntaxError
	if errors.As(s.err, &se) {
		return se.Line, se
	}
	return s.line, nil
}

func (s *xmlScanner) depth() int { return len(s.stack) }

// next reads the next token into s.tok. It returns false at the end of
// the input or on an error, which s.err then holds (nil at a clean end).
func (s *xmlScanner) next() bool {
	if s.err != nil {
		return false
	}
	t := &s.tok
	t.Attr = t.Attr[:0]
	t.Text = nil
	t.Space = ""
	if s.pendingEnd {
		s.pendingEnd = false
		e := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.ns = s.ns[:e.nsDepth]
		t.Kind, t.Space, t.Name = tokEnd, e.space, e.local
		t.Line, t.EndLine = s.line, s.line
		return true
	}
	d := s.data
	if s.pos >= len(d) {
		if len(s.stack) > 0 {
			return s.syntax("unexpected EOF")
		}
		return false
	}
	t.Line = s.line
	if d[s.pos] != '<' {
		return s.text()
	}
	p := s.pos + 1
	if p >= len(d) {
		return s.syntax("unexpected EOF")
	}
	switch d[p] {
	case '/':
		return s.endTag(p + 1)
	case '?':
		return s.procInst(p + 1)
	case '!':
		return s.bang(p + 1)
	}
	return s.startTag(p)
}

var nameByteNoColon = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['_'], t['-'], t['.'] = true, true, true
	return
}()

// name reads an ASCII XML name, with at most one colon between non-empty
// parts, at p; it gives the end, or -1.
func (s *xmlScanner) name(p int) int {
	d := s.data
	if p >= len(d) {
		return -1
	}
	c := d[p]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
		return -1
	}
	colon := -1
	q := p + 1
	for {
		for q < len(d) && nameByteNoColon[d[q]] {
			q++
		}
		if q >= len(d) || d[q] != ':' {
			break
		}
		if colon >= 0 {
			return -1
		}
		colon = q
		q++
	}
	if q < len(d) && d[q] >= utf8.RuneSelf {
		return -1 // non-ASCII names are not supported
	}
	if colon >= 0 {
		if colon == q-1 {
			return -1
		}
		c := d[colon+1]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
			return -1
		}
	}
	return q
}

func (s *xmlScanner) space(p int) int {
	d := s.data
	for p < len(d) {
		switch d[p] {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return p
		}
		p++
	}
	return p
}

func splitName(raw []byte) (prefix, local []byte) {
	if i := bytes.IndexByte(raw, ':'); i >= 0 {
		return raw[:i], raw[i+1:]
	}
	return nil, raw
}

// resolve gives a prefix's namespace as encoding/xml does: a bound prefix
// its URI, the xml prefix the XML namespace, an unbound prefix itself.
func (s *xmlScanner) resolve(prefix []byte, element bool) string {
	if len(prefix) == 0 && !element {
		return ""
	}
	if string(prefix) == "xmlns" {
		return "xmlns"
	}
	if string(prefix) == "xml" {
		return "http://www.w3.org/XML/1998/namespace"
	}
	for i := len(s.ns) - 1; i >= 0; i-- {
		if s.ns[i].prefix == string(prefix) {
			return s.ns[i].uri
		}
	}
	if len(prefix) == 0 {
		return ""
	}
	return string(prefix)
}

func (s *xmlScanner) startTag(p int) bool {
	d := s.data
	end := s.name(p)
	if end < 0 {
		return s.syntax("expected element name after <")
	}
	raw := d[p:end]
	nsDepth := len(s.ns)
	t := &s.tok
	empty := false
	p = end
	for {
		q := s.space(p)
		if q >= len(d) {
			return s.syntax("unexpected EOF")
		}
		if d[q] == '>' {
			p = q + 1
			break
		}
		if d[q] == '/' {
			if q+1 >= len(d) || d[q+1] != '>' {
				return s.syntax("expected /> in element")
			}
			empty = true
			p = q + 2
			break
		}
		if q == p {
			return s.syntax("expected space between attributes")
		}
		// An attribute.
		ae := s.name(q)
		if ae < 0 {
			return s.syntax("expected attribute name in element")
		}
		an := d[q:ae]
		q = s.space(ae)
		if q >= len(d) || d[q] != '=' {
			return s.syntax("attribute name without = in element")
		}
		q = s.space(q + 1)
		if q >= len(d) || (d[q] != '"' && d[q] != '\'') {
			return s.syntax("unquoted or missing attribute value in element")
		}
		quote := d[q]
		ve := bytes.IndexByte(d[q+1:], quote)
		if ve < 0 {
			return s.syntax("unexpected EOF")
		}
		val, ok := s.decode(d[q+1:q+1+ve], true)
		if !ok {
			return false
		}
		if len(val) > 0 && len(s.buf) > 0 && &val[0] == &s.buf[0] {
			val = bytes.Clone(val) // the buffer is reused by the next attribute
		}
		s.countLines(d[q+1 : q+1+ve])
		prefix, local := splitName(an)
		for _, a := range t.Attr {
			if a.Space == string(prefix) && a.Local == string(local) {
				return s.syntax("attribute %s repeated", an)
			}
		}
		t.Attr = append(t.Attr, scanAttr{Space: string(prefix), Local: s.intern(local), Value: val})
		switch {
		case string(prefix) == "xmlns":
			s.ns = append(s.ns, nsBind{string(local), string(val)})
		case len(prefix) == 0 && string(local) == "xmlns":
			s.ns = append(s.ns, nsBind{"", string(val)})
		}
		p = q + 1 + ve + 1
	}
	prefix, local := splitName(raw)
	t.Kind = tokStart
	t.Name = s.intern(local)
	if len(prefix) == 0 && t.Name == "xmlns" {
		t.Space = ""
	} else if len(prefix) > 0 || len(s.ns) > 0 {
		t.Space = s.resolve(prefix, true)
	}
	for i := range t.Attr {
		a := &t.Attr[i]
		if a.Space != "" {
			a.Space = s.resolve([]byte(a.Space), false)
		}
	}
	s.stack = append(s.stack, openElem{raw: raw, space: t.Space, local: t.Name, nsDepth: nsDepth})
	s.pos = p
	t.EndLine = s.line
	s.pendingEnd = empty
	return true
}

func (s *xmlScanner) endTag(p int) bool {
	d := s.data
	end := s.name(p)
	if end < 0 {
		return s.syntax("expected element name after </")
	}
	raw := d[p:end]
	q := s.space(end)
	if q >= len(d) {
		return s.syntax("unexpected EOF")
	}
	if d[q] != '>' {
		return s.syntax("invalid characters between </%s and >", raw)
	}
	if len(s.stack) == 0 {
		return s.syntax("unexpected end element </%s>", raw)
	}
	e := s.stack[len(s.stack)-1]
	if !bytes.Equal(e.raw, raw) {
		return s.syntax("element <%s> closed by </%s>", e.raw, raw)
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.ns = s.ns[:e.nsDepth]
	t := &s.tok
	t.Kind, t.Space, t.Name = tokEnd, e.space, e.local
	s.pos = q + 1
	t.EndLine = s.line
	return true
}

func (s *xmlScanner) procInst(p int) bool {
	d := s.data
	end := s.name(p)
	if end < 0 || bytes.IndexByte(d[p:end], ':') >= 0 {
		return s.syntax("expected target name after <?")
	}
	target := d[p:end]
	q := s.space(end)
	i := bytes.Index(d[q:], []byte("?>"))
	if i < 0 {
		s.countLines(d[q:])
		return s.syntax("unexpected EOF")
	}
	inst := d[q : q+i]
	if !s.checkChars(inst) {
		return false
	}
	s.countLines(inst)
	t := &s.tok
	t.Kind, t.Name, t.Text = tokProcInst, s.intern(target), inst
	s.pos = q + i + 2
	t.EndLine = s.line
	if string(target) == "xml" {
		content := string(inst)
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			s.err = fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
			return false
		}
		if enc := procInstParam("encoding", content); enc != "" {
			switch strings.ToLower(enc) {
			case "utf-8", "utf8", "us-ascii", "ascii":
			default:
				s.err = fmt.Errorf("xml: opening charset %q: encoding %q is not supported; export the census as UTF-8", enc, enc)
				return false
			}
		}
	}
	return true
}

// procInstParam is encoding/xml's procInst: a parameter's value in an
// XML declaration.
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

func (s *xmlScanner) bang(p int) bool {
	d := s.data
	t := &s.tok
	switch {
	case bytes.HasPrefix(d[p:], []byte("--")):
		q := p + 2
		i := bytes.Index(d[q:], []byte("--"))
		if i < 0 {
			s.countLines(d[q:])
			return s.syntax("unexpected EOF")
		}
		body := d[q : q+i]
		if !s.checkChars(body) {
			return false
		}
		s.countLines(body)
		if q+i+2 >= len(d) {
			return s.syntax("unexpected EOF")
		}
		if d[q+i+2] != '>' {
			return s.syntax(`invalid sequence "--" not allowed in comments`)
		}
		t.Kind, t.Text = tokComment, body
		s.pos = q + i + 3
	case bytes.HasPrefix(d[p:], []byte("[CDATA[")):
		q := p + 7
		i := bytes.Index(d[q:], []byte("]]>"))
		if i < 0 {
			s.countLines(d[q:])
			return s.syntax("unexpected EOF in CDATA section")
		}
		body := d[q : q+i]
		if !s.checkChars(body) {
			return false
		}
		if bytes.IndexByte(body, '\r') >= 0 {
			s.buf = appendNormalisedCR(s.buf[:0], body)
			t.Text = s.buf
		} else {
			t.Text = body
		}
		s.countLines(body)
		t.Kind = tokText
		s.pos = q + i + 3
	case p < len(d) && d[p] == '[':
		return s.syntax("invalid <![ sequence")
	case p < len(d) && d[p] == '-':
		return s.syntax("invalid sequence <!- not part of <!--")
	default:
		return s.syntax("DOCTYPE and other <! declarations are not supported")
	}
	t.EndLine = s.line
	return true
}

func appendNormalisedCR(dst, b []byte) []byte {
	for i, c := range b {
		if c == '\r' {
			dst = append(dst, '\n')
		} else if c == '\n' && i > 0 && b[i-1] == '\r' {
		} else {
			dst = append(dst, c)
		}
	}
	return dst
}

func (s *xmlScanner) countLines(b []byte) { s.line += bytes.Count(b, []byte{'\n'}) }

// textPlain marks the bytes text can hold as they are: not '&', '<', ']',
// '\r', control characters or non-ASCII.
var textPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	t['\t'], t['\n'] = true, true
	t['&'], t['<'], t[']'] = false, false, false
	return
}()

// text reads character data up to the next '<' or the end.
func (s *xmlScanner) text() bool {
	d := s.data
	start := s.pos
	end := bytes.IndexByte(d[start:], '<')
	if end < 0 {
		end = len(d)
	} else {
		end += start
	}
	seg := d[start:end]
	t := &s.tok
	lines := 0
	plain := true
	for _, c := range seg {
		if !textPlain[c] {
			plain = false
			break
		}
		if c == '\n' {
			lines++
		}
	}
	if plain {
		t.Text = seg
		s.line += lines
	} else {
		val, ok := s.decode(seg, false)
		if !ok {
			return false
		}
		t.Text = val
		s.countLines(seg)
	}
	t.Kind = tokText
	s.pos = end
	t.EndLine = s.line
	return true
}

// decode decodes text or an attribute value: entities, \r\n and \r as \n,
// and checks its characters. It gives raw itself when nothing changes,
// otherwise a slice of s.buf.
func (s *xmlScanner) decode(raw []byte, attr bool) ([]byte, bool) {
	if attr && bytes.IndexByte(raw, '<') >= 0 {
		s.countLines(raw[:bytes.IndexByte(raw, '<')])
		return nil, s.syntax("unescaped < inside quoted string")
	}
	if !attr {
		if i := bytes.Index(raw, []byte("]]>")); i >= 0 {
			s.countLines(raw[:i])
			return nil, s.syntax("unescaped ]]> not in CDATA section")
		}
	}
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		if !s.checkChars(raw) {
			return nil, false
		}
		return raw, true
	}
	line := s.line
	defer func() { s.line = line }()
	b := s.buf[:0]
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\r':
			b = append(b, '\n')
			i++
		case c == '\n':
			if i == 0 || raw[i-1] != '\r' {
				b = append(b, '\n')
			}
			s.line++
			i++
		case c == '&':
			j := bytes.IndexByte(raw[i:], ';')
			if j < 0 {
				s.buf = b
				return nil, s.syntax("invalid character entity %s (no semicolon)", raw[i:])
			}
			ent := raw[i+1 : i+j]
			var r rune = -1
			switch string(ent) {
			case "lt":
				r = '<'
			case "gt":
				r = '>'
			case "amp":
				r = '&'
			case "apos":
				r = '\''
			case "quot":
				r = '"'
			default:
				if len(ent) > 1 && ent[0] == '#' {
					digits, base := ent[1:], 10
					if digits[0] == 'x' {
						digits, base = digits[1:], 16
					}
					if len(digits) > 0 && digits[0] != '+' && digits[0] != '-' {
						if n, err := strconv.ParseUint(string(digits), base, 32); err == nil && isXMLChar(rune(n)) {
							r = rune(n)
						}
					}
				}
			}
			if r < 0 {
				s.buf = b
				return nil, s.syntax("invalid character entity &%s;", ent)
			}
			b = utf8.AppendRune(b, r)
			i += j + 1
		default:
			b = append(b, c)
			i++
		}
	}
	s.buf = b
	s.line = line
	if !s.checkChars(b) {
		return nil, false
	}
	return b, true
}

// checkChars checks that b is UTF-8 holding only XML characters.
func (s *xmlScanner) checkChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				s.countLines(b[:i])
				return s.syntax("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			s.countLines(b[:i])
			return s.syntax("invalid UTF-8")
		}
		if !isXMLChar(r) {
			s.countLines(b[:i])
			return s.syntax("illegal character code %U", r)
		}
		i += size
	}
	return true
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// skip reads to the end of the element just started, like
// encoding/xml's Decoder.Skip.
func (s *xmlScanner) skip() {
	depth := 1
	for depth > 0 && s.next() {
		switch s.tok.Kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
}
