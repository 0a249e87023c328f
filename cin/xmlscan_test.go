package cin

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stdTokens gives encoding/xml's tokens for data, one string each, with
// the line before and after each, decoding as Read did.
func stdTokens(data []byte) (toks []string, lines [][2]int, err error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported; export the census as UTF-8", label)
	}
	for {
		before, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			return toks, lines, nil
		}
		if err != nil {
			return toks, lines, err
		}
		after, _ := dec.InputPos()
		var s string
		switch t := tok.(type) {
		case xml.StartElement:
			s = fmt.Sprintf("start {%s}%s", t.Name.Space, t.Name.Local)
			for _, a := range t.Attr {
				s += fmt.Sprintf(" {%s}%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
		case xml.EndElement:
			s = fmt.Sprintf("end {%s}%s", t.Name.Space, t.Name.Local)
		case xml.CharData:
			s = fmt.Sprintf("text %q", t)
		case xml.Comment:
			s = fmt.Sprintf("comment %q", t)
		case xml.ProcInst:
			s = fmt.Sprintf("pi %s %q", t.Target, t.Inst)
		case xml.Directive:
			s = fmt.Sprintf("directive %q", t)
		}
		toks = append(toks, s)
		lines = append(lines, [2]int{before, after})
	}
}

func scanTokens(data []byte) (toks []string, lines [][2]int, err error) {
	sc := newXMLScanner(data)
	for sc.next() {
		t := &sc.tok
		var s string
		switch t.Kind {
		case tokStart:
			s = fmt.Sprintf("start {%s}%s", t.Space, t.Name)
			for _, a := range t.Attr {
				s += fmt.Sprintf(" {%s}%s=%q", a.Space, a.Local, a.Value)
			}
		case tokEnd:
			s = fmt.Sprintf("end {%s}%s", t.Space, t.Name)
		case tokText:
			s = fmt.Sprintf("text %q", t.Text)
		case tokComment:
			s = fmt.Sprintf("comment %q", t.Text)
		case tokProcInst:
			s = fmt.Sprintf("pi %s %q", t.Name, t.Text)
		}
		toks = append(toks, s)
		lines = append(lines, [2]int{t.Line, t.EndLine})
	}
	return toks, lines, sc.err
}

func compareScan(t *testing.T, data []byte) {
	want, wantLines, werr := stdTokens(data)
	got, gotLines, gerr := scanTokens(data)
	if gerr != nil {
		var se *xml.SyntaxError
		if errors.As(gerr, &se) && se.Line < 1 {
			t.Fatalf("error with no line: %v", gerr)
		}
		return
	}
	if werr != nil {
		t.Fatalf("encoding/xml rejects what the scanner accepts: %v\n%q", werr, data)
	}
	if len(got) != len(want) {
		t.Fatalf("%d tokens, encoding/xml %d:\n%q\ngot  %q\nwant %q", len(got), len(want), data, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("token %d: %s, encoding/xml %s\n%q", i, got[i], want[i], data)
		}
		if gotLines[i] != wantLines[i] {
			t.Fatalf("token %d (%s): lines %v, encoding/xml %v\n%q", i, got[i], gotLines[i], wantLines[i], data)
		}
	}
}

var scanSeeds = []string{
	"",
	"<a/>",
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <A>x &amp; y &lt;&gt;&apos;&quot; &#65;&#x42;</A>\r\n<B/><!-- c -->\n<![CDATA[<raw>&amp;\r\n]]></Message>\n",
	"<Message xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"CIN.xsd\"><Child id='1'/></Message>",
	"<m xmlns=\"urn:a\"><p:x xmlns:p=\"urn:p\" p:a=\"1\" b=\"&#10;\"/><q:y/></m>",
	"<a>\n<b\n  x=\"1\n2\"\n/>\n</a\n>",
	"<a>é – ✓ 😀</a>",
	"<?pi some data?><a/><?x?>",
	"<a><b></a>",
	"<a>&foo;</a>",
	"<a>x < y</a>",
	"<a>\xff</a>",
	"<?xml version='1.0' encoding='windows-1252'?><a/>",
	"<a>]]></a>",
	"<!DOCTYPE a><a/>",
	"<a xml:lang=\"en\"/>",
}

func TestScanMatchesEncodingXML(t *testing.T) {
	for _, s := range scanSeeds {
		compareScan(t, []byte(s))
	}
	for _, n := range []string{"CIN_Census_2021.xml", "CIN_Census_2024.xml", "CIN_Census_2026.xml", "fake_CIN_data.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata/fake", n))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := scanTokens(data); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		compareScan(t, data)
	}
}

func TestScanRejects(t *testing.T) {
	for _, c := range []struct {
		data string
		line int
		want string
	}{
		{"<a>\n<b>\n</a>", 3, "element <b> closed by </a>"},
		{"<a>\n<b>", 2, "unexpected EOF"},
		{"<a>\n&foo;</a>", 2, "invalid character entity &foo;"},
		{"<a>&#0;</a>", 1, "invalid character entity"},
		{"<a>&amp</a>", 1, "no semicolon"},
		{"<a>\n\nx < y</a>", 3, "expected element name"},
		{"<a>\n\xff</a>", 2, "invalid UTF-8"},
		{"<a>\x01</a>", 1, "illegal character"},
		{"</a>", 1, "unexpected end element"},
		{"<a>]]></a>", 1, "]]>"},
		{"<!DOCTYPE a><a/>", 1, "not supported"},
		{"<a x=1/>", 1, "unquoted"},
		{"<a x='1' x='2'/>", 1, "repeated"},
		{"<a><!-- a -- b --></a>", 1, `"--"`},
	} {
		_, _, err := scanTokens([]byte(c.data))
		var se *xml.SyntaxError
		if !errors.As(err, &se) || se.Line != c.line || !strings.Contains(se.Msg, c.want) {
			t.Errorf("%q: %v, want line %d: %s", c.data, err, c.line, c.want)
		}
	}
	_, _, err := scanTokens([]byte("<?xml version='1.0' encoding='windows-1252'?><a/>"))
	if err == nil || err.Error() != `xml: opening charset "windows-1252": encoding "windows-1252" is not supported; export the census as UTF-8` {
		t.Errorf("encoding: %v", err)
	}
}

// FuzzScan checks the scanner against encoding/xml: whatever the scanner
// accepts, encoding/xml accepts too, with the same tokens on the same lines.
func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	for _, n := range []string{"CIN_Census_2021.xml", "CIN_Census_2024.xml"} {
		data, _ := os.ReadFile(filepath.Join("testdata/fake", n))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { compareScan(t, data) })
}
