package cin

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// Every bundled schema parses, each enumeration code is valid for its own
// type, and the schemas' content fixes which census each one is for.
func TestBundledSchemasParse(t *testing.T) {
	set, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("xsd/*.xsd")
	if len(files) != len(set.years) {
		t.Fatalf("%d schema files, %d parsed", len(files), len(set.years))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := parseXSD(filepath.Base(f), data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if s.roots["Message"] == nil {
			t.Errorf("%s: no Message element", f)
		}
		// Every code a schema lists passes its own type's checks.
		seen := map[*xType]bool{}
		var walk func(e *xElem)
		walk = func(e *xElem) {
			if seen[e.typ] {
				return
			}
			seen[e.typ] = true
			if e.typ.complex {
				for _, c := range e.typ.elems {
					walk(c)
				}
				return
			}
			for _, c := range e.typ.codes() {
				if msg := checkValue(e.name, c, e.typ); msg != "" {
					t.Errorf("%s: its own code %q fails: %s", f, c, msg)
				}
			}
		}
		walk(s.roots["Message"])
	}
	for y := 2017; y <= 2026; y++ {
		if set.byYear[y] == nil {
			t.Errorf("no schema for %d", y)
		}
	}
	// The year mapping (see schema.go): CINPlanDates from the 2022 census,
	// Sex in place of GenderCurrent from 2025.
	const plans = "Message/Children/Child/CINdetails/CINPlanDates"
	const sex = "Message/Children/Child/ChildIdentifiers/Sex"
	const gender = "Message/Children/Child/ChildIdentifiers/GenderCurrent"
	for _, y := range set.years {
		p := set.byYear[y].paths
		if p[plans] != (y >= 2022) || p[sex] != (y >= 2025) || p[gender] != (y < 2025) {
			t.Errorf("%d: CINPlanDates %v, Sex %v, GenderCurrent %v", y, p[plans], p[sex], p[gender])
		}
	}
}

// The parser refuses what it does not understand rather than checking
// loosely.
func TestSchemaParserRefusesUnknownConstructs(t *testing.T) {
	wrap := func(body string) string {
		return `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="Message" type="m"/>` + body + `</xs:schema>`
	}
	seq := func(inner string) string {
		return wrap(`<xs:complexType name="m"><xs:sequence>` + inner + `</xs:sequence></xs:complexType>`)
	}
	simple := func(restriction string) string {
		return wrap(`<xs:complexType name="m"><xs:sequence><xs:element name="A" type="t"/></xs:sequence></xs:complexType><xs:simpleType name="t">` + restriction + `</xs:simpleType>`)
	}
	for _, c := range []struct{ xsd, want string }{
		{wrap(`<xs:complexType name="m"><xs:sequence/><xs:attribute name="a"/></xs:complexType>`), "xs:attribute"},
		{wrap(`<xs:complexType name="m"><xs:attribute name="a" type="xs:string"/></xs:complexType>`), "xs:attribute"},
		{wrap(`<xs:group name="g"/><xs:complexType name="m"/>`), "xs:group"},
		{`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="x"/></xs:schema>`, "xs:import"},
		{seq(`<xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence>`), "xs:sequence inside xs:sequence"},
		{seq(`<xs:any/>`), "xs:any"},
		{seq(`<xs:element ref="A"/>`), "ref"},
		{seq(`<xs:element name="A" type="xs:string" nillable="true"/>`), "nillable"},
		{seq(`<xs:element name="A"/>`), "anyType"},
		{seq(`<xs:element name="A" type="xs:decimal"/>`), "xs:decimal"},
		{seq(`<xs:element name="A" type="nosuch"/>`), "not defined"},
		{seq(`<xs:element name="A" type="xs:string"/><xs:element name="A" type="xs:string"/>`), "appears twice"},
		{wrap(`<xs:complexType name="m"><xs:sequence maxOccurs="unbounded"/></xs:complexType>`), "not supported"},
		{wrap(`<xs:complexType name="m" mixed="true"><xs:sequence/></xs:complexType>`), "mixed"},
		{wrap(`<xs:complexType name="m"><xs:all><xs:element name="A" type="xs:string" maxOccurs="2"/></xs:all></xs:complexType>`), "at most once"},
		{simple(`<xs:list itemType="xs:string"/>`), "xs:list"},
		{simple(`<xs:union memberTypes="xs:string"/>`), "xs:union"},
		{simple(`<xs:restriction base="xs:string"><xs:totalDigits value="3"/></xs:restriction>`), "xs:totalDigits"},
		{simple(`<xs:restriction base="xs:string"><xs:whiteSpace value="collapse"/></xs:restriction>`), "xs:whiteSpace"},
		{simple(`<xs:restriction base="xs:string"><xs:pattern value="\i\c*"/></xs:restriction>`), `\i`},
		{simple(`<xs:restriction base="xs:string"><xs:pattern value="[a-z-[aeiou]]"/></xs:restriction>`), "subtraction"},
		{simple(`<xs:restriction base="xs:string"><xs:minInclusive value="1"/></xs:restriction>`), "minInclusive on a string"},
		{simple(`<xs:restriction base="xs:integer"><xs:maxLength value="1"/></xs:restriction>`), "maxLength on a integer"},
		{simple(`<xs:restriction base="t"/>`), "in terms of itself"},
		{simple(`<xs:restriction base="m"/>`), "cannot be the base"},
		{`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"><xs:element name="M" type="xs:string"/></xs:schema>`, "targetNamespace"},
		{`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="M" type="xs:string" minOccurs="0"/></xs:schema>`, "top-level element"},
		{`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>`, "no top-level element"},
		{`<schema/>`, "not xs:schema"},
	} {
		_, err := parseXSD("t.xsd", []byte(c.xsd))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\n  got %v, want an error mentioning %q", c.xsd, err, c.want)
		}
	}
	// A schema file not named by its year is refused too.
	_, err := parseSchemaFS(fstest.MapFS{"xsd/cin.xsd": {Data: []byte(`<x/>`)}}, "xsd")
	if err == nil || !strings.Contains(err.Error(), "CIN_schema_YYYY") {
		t.Errorf("misnamed schema: %v", err)
	}
}

// Each fake file, checked against its census year's schema (the year its
// ReferenceDate ends, as Read gives it), has the problems that reading the
// file shows.
func TestValidateSchemaFakeFiles(t *testing.T) {
	type want struct {
		line        int
		child, path string
		message     string
	}
	for _, c := range []struct {
		file  string
		year  int
		count int
		wants []want
	}{
		{"CIN_Census_2021.xml", 2023, 2, []want{
			// The planted stray text after UPNunknown (line 23).
			{23, "DfEX0000001", "Child/ChildIdentifiers", "text 'PersonBirthDate' outside any element in ChildIdentifiers"},
			{60, "DfEX0000001", "Child/CINdetails/Section47/ICPCnotRequired", "ICPCnotRequired 'false' is not one of the allowed codes: 0, 1 (write the code 0 for False)"},
		}},
		{"CIN_Census_2024.xml", 2024, 9, []want{
			{23, "DfEX0000001", "Child/ChildIdentifiers", "text 'PersonBirthDate' outside any element in ChildIdentifiers"},
			// The 2025 layout's Sex in a file whose reference date is
			// 31 March 2024.
			{19, "DfEX0000001", "Child/ChildIdentifiers/GenderCurrent", "ChildIdentifiers is missing its required GenderCurrent"},
			{25, "DfEX0000001", "Child/ChildIdentifiers/Sex", "unexpected element Sex in ChildIdentifiers (Sex is in the 2025–2026 census schemas, not the 2024 one)"},
			{46, "DfEX0000001", "Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "AssessmentFactors 'RB' is not one of the allowed codes: 1A, 1B, 1C, 2A,"},
			{58, "DfEX0000001", "Child/CINdetails/Section47/ICPCnotRequired", "ICPCnotRequired 'false' is not one of the allowed codes: 0, 1"},
			{78, "child_fails_assessments", "Child/ChildIdentifiers/Sex", "unexpected element Sex in ChildIdentifiers"},
			// <FactorsIdentifiedAtAssessment/> with no factor.
			{95, "child_fails_assessments", "Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "FactorsIdentifiedAtAssessment is missing its required AssessmentFactors"},
			{97, "child_fails_assessments", "Child/CINdetails/ReferralNFA", "ReferralNFA 'false' is not one of the allowed codes: 0, 1"},
		}},
		{"CIN_Census_2026.xml", 2024, 10, []want{
			{23, "DfEX0000001", "Child/ChildIdentifiers", "text 'PersonBirthDate' outside any element in ChildIdentifiers"},
			// No bundled schema, not even 2026's, has pre-proceedings.
			{71, "DfEX0000001", "Child/CINdetails/PreProceedingsandFGDM", "unexpected element PreProceedingsandFGDM in CINdetails"},
			{107, "child_fails_assessments", "Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "FactorsIdentifiedAtAssessment is missing its required AssessmentFactors"},
		}},
		// ReferralNFA is true or false in each of the 402 CIN episodes; the
		// schema's yesnotype allows only 0 and 1.
		{"fake_CIN_data.xml", 2023, 402, []want{
			{35, "RND000215205141", "Child/CINdetails/ReferralNFA", "ReferralNFA 'true' is not one of the allowed codes: 0, 1 (write the code 1 for True)"},
		}},
	} {
		data, err := os.ReadFile(filepath.Join("testdata/fake", c.file))
		if err != nil {
			t.Fatal(err)
		}
		r := readFake(t, c.file)
		if r.Year != c.year {
			t.Fatalf("%s: census year %d, want %d", c.file, r.Year, c.year)
		}
		ps := ValidateSchema(r.Year, c.file, data)
		kinds := map[string]int{}
		for _, p := range ps {
			t.Logf("%s (%d schema): %s", c.file, r.Year, p)
			kinds[strings.SplitN(p.Message, " '", 2)[0]]++
		}
		if len(ps) != c.count {
			t.Errorf("%s: %d problems, want %d", c.file, len(ps), c.count)
		}
		if c.file == "fake_CIN_data.xml" && kinds["ReferralNFA"] != 402 {
			t.Errorf("%s: problems by kind %v", c.file, kinds)
		}
		for _, w := range c.wants {
			found := false
			for _, p := range ps {
				if p.Line == w.line && p.Child == w.child && p.Path == w.path && strings.HasPrefix(p.Message, w.message) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no problem %+v", c.file, w)
			}
		}
		// Year 0 takes the census year from the file's ReferenceDate.
		if got := ValidateSchema(0, c.file, data); len(got) != len(ps) {
			t.Errorf("%s: year 0 gives %d problems, year %d gives %d", c.file, len(got), r.Year, len(ps))
		}
		// Reading and checking in one pass finds the same.
		if _, one, err := ReadChecked(c.file, data); err != nil || !reflect.DeepEqual(one, ps) {
			t.Errorf("%s: ReadChecked gives %d problems (%v), ValidateSchema %d", c.file, len(one), err, len(ps))
		}
	}
	// For the report: the 2024 and 2026 fakes against the schema of the
	// layout their names suggest.
	for _, c := range []struct {
		file string
		year int
	}{{"CIN_Census_2024.xml", 2025}, {"CIN_Census_2026.xml", 2026}} {
		data, _ := os.ReadFile(filepath.Join("testdata/fake", c.file))
		for _, p := range ValidateSchema(c.year, c.file, data) {
			t.Logf("%s against the %d schema: %s", c.file, c.year, p)
		}
	}
}

// valid2025 is a small, valid census 2025 file, one element a line, that
// the message tests break one way at a time.
const valid2025 = `<?xml version="1.0" encoding="UTF-8"?>
<Message>
<Header>
<CollectionDetails>
<Collection>CIN</Collection>
<Year>2025</Year>
<ReferenceDate>2025-03-31</ReferenceDate>
</CollectionDetails>
<Source>
<SourceLevel>L</SourceLevel>
<LEA>201</LEA>
<SoftwareCode>Sightline test</SoftwareCode>
<Release>1</Release>
<SerialNo>001</SerialNo>
<DateTime>2025-04-02T10:11:12</DateTime>
</Source>
</Header>
<Children>
<Child>
<ChildIdentifiers>
<LAchildID>C1</LAchildID>
<UPN>A123456789012</UPN>
<PersonBirthDate>2015-01-01</PersonBirthDate>
<Sex>F</Sex>
</ChildIdentifiers>
<ChildCharacteristics>
<Ethnicity>WBRI</Ethnicity>
<Disabilities>
<Disability>NONE</Disability>
</Disabilities>
</ChildCharacteristics>
<CINdetails>
<CINreferralDate>2024-05-01</CINreferralDate>
<ReferralSource>1A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments>
<AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>
<FactorsIdentifiedAtAssessment>
<AssessmentFactors>1A</AssessmentFactors>
</FactorsIdentifiedAtAssessment>
</Assessments>
<ReferralNFA>0</ReferralNFA>
<ChildProtectionPlans>
<CPPstartDate>2024-06-01</CPPstartDate>
<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
<NumberOfPreviousCPP>0</NumberOfPreviousCPP>
</ChildProtectionPlans>
</CINdetails>
</Child>
</Children>
</Message>
`

// One hand-made document for each kind of message.
func TestValidateSchemaMessages(t *testing.T) {
	if ps := ValidateSchema(2025, "ok.xml", []byte(valid2025)); len(ps) != 0 {
		t.Fatalf("the valid file has problems: %v", ps)
	}
	const (
		ids     = "Child/ChildIdentifiers"
		details = "Child/CINdetails"
	)
	for _, c := range []struct {
		name, old, new string
		line           int
		child, path    string
		want           string
	}{
		{"date", "<AssessmentActualStartDate>2024-05-02<", "<AssessmentActualStartDate>2023-02-30<", 37, "C1", details + "/Assessments/AssessmentActualStartDate",
			"AssessmentActualStartDate '2023-02-30' is not a date (yyyy-mm-dd)"},
		{"date layout", "<PersonBirthDate>2015-01-01<", "<PersonBirthDate>01/01/2015<", 23, "C1", ids + "/PersonBirthDate",
			"PersonBirthDate '01/01/2015' is not a date (yyyy-mm-dd)"},
		{"empty date", "<CINreferralDate>2024-05-01</CINreferralDate>", "<CINreferralDate/>", 33, "C1", details + "/CINreferralDate",
			"CINreferralDate is empty, but should be a date (yyyy-mm-dd)"},
		{"date with spaces is fine", "<CINreferralDate>2024-05-01<", "<CINreferralDate>\n 2024-05-01 <", 0, "", "", ""},
		{"datetime", "2025-04-02T10:11:12", "2025-04-02 10:11", 15, "", "Header/Source/DateTime",
			"DateTime '2025-04-02 10:11' is not a date and time (yyyy-mm-ddThh:mm:ss)"},
		{"year", "<Year>2025<", "<Year>25<", 6, "", "Header/CollectionDetails/Year", "Year '25' is not a year (yyyy)"},
		{"code", "<ReferralSource>1A<", "<ReferralSource>9Z<", 34, "C1", details + "/ReferralSource",
			"ReferralSource '9Z' is not one of the allowed codes: 1A, 1B, 1C, 1D, 2A, 2B, 3A, 3B, 3C, 3D, 3E, 3F, 4, 5A, 5B, 5C, 5D, 6, 7, 8, 9, 10"},
		{"code case", "<Sex>F<", "<Sex>f<", 24, "C1", ids + "/Sex", "Sex 'f' is not one of the allowed codes: M, F, U (codes are case-sensitive: did you mean 'F'?)"},
		{"code meaning", "<Sex>F<", "<Sex>Female<", 24, "C1", ids + "/Sex", "Sex 'Female' is not one of the allowed codes: M, F, U (write the code F for female)"},
		{"old code", "<Sex>F<", "<Sex>2<", 24, "C1", ids + "/Sex", "Sex '2' is not one of the allowed codes: M, F, U"},
		{"code spaces", "<Ethnicity>WBRI<", "<Ethnicity> WBRI <", 27, "C1", "Child/ChildCharacteristics/Ethnicity",
			"Ethnicity has spaces or line breaks around the code 'WBRI'; write just the code"},
		{"empty code", "<ReferralNFA>0</ReferralNFA>", "<ReferralNFA></ReferralNFA>", 42, "C1", details + "/ReferralNFA",
			"ReferralNFA is empty, but should be one of the allowed codes: 0, 1"},
		{"number", "<NumberOfPreviousCPP>0<", "<NumberOfPreviousCPP>none<", 47, "C1", details + "/ChildProtectionPlans/NumberOfPreviousCPP",
			"NumberOfPreviousCPP 'none' is not a whole number"},
		{"below minimum", "<NumberOfPreviousCPP>0<", "<NumberOfPreviousCPP>-1<", 47, "C1", details + "/ChildProtectionPlans/NumberOfPreviousCPP",
			"NumberOfPreviousCPP '-1' is below 0, the smallest allowed"},
		{"pattern", "<LEA>201<", "<LEA>20<", 11, "", "Header/Source/LEA", "LEA '20' is not three digits (a DfE LA number, such as 201)"},
		{"UPN", "<UPN>A123456789012<", "<UPN>A12345<", 22, "C1", ids + "/UPN", "UPN 'A12345' is not a 13-character UPN"},
		{"missing", "<CINreferralDate>2024-05-01</CINreferralDate>\n", "", 32, "C1", details + "/CINreferralDate",
			"CINdetails is missing its required CINreferralDate"},
		{"case", "<SourceLevel>L</SourceLevel>", "<Sourcelevel>L</Sourcelevel>", 10, "", "Header/Source/Sourcelevel", "unexpected element Sourcelevel in Source (did you mean SourceLevel? names are case-sensitive)"},
		{"order", "<PersonBirthDate>2015-01-01</PersonBirthDate>\n<Sex>F</Sex>", "<Sex>F</Sex>\n<PersonBirthDate>2015-01-01</PersonBirthDate>", 24, "C1", ids + "/PersonBirthDate",
			"PersonBirthDate must come before Sex"},
		{"unexpected", "<Sex>F</Sex>", "<Sex>F</Sex><Colour>red</Colour>", 24, "C1", ids + "/Colour", "unexpected element Colour in ChildIdentifiers"},
		{"other year's element", "<Sex>F</Sex>", "<Sex>F</Sex><GenderCurrent>2</GenderCurrent>", 24, "C1", ids + "/GenderCurrent",
			"unexpected element GenderCurrent in ChildIdentifiers (GenderCurrent is in the 2017–2024 census schemas, not the 2025 one)"},
		{"stray text", "<UPN>A123456789012</UPN>\n", "<UPN>A123456789012</UPN>\nPersonBirthDate\n", 23, "C1", ids,
			"text 'PersonBirthDate' outside any element in ChildIdentifiers"},
		{"twice", "</ChildIdentifiers>", "</ChildIdentifiers><ChildIdentifiers><LAchildID>C1</LAchildID><Sex>F</Sex></ChildIdentifiers>", 25, "C1", "Child/ChildIdentifiers",
			"ChildIdentifiers appears twice in Child (at most once)"},
		{"value holds an element", "<Release>1</Release>", "<Release><b>1</b></Release>", 13, "", "Header/Source/Release", "Release should hold a value, not the element b"},
		{"date holds an element", "<CPPstartDate>2024-06-01<", "<CPPstartDate><Date>2024-06-01</Date><", 44, "C1", details + "/ChildProtectionPlans/CPPstartDate", "CPPstartDate should hold a value, not the element Date"},
		{"attribute", "<Child>", `<Child id="1">`, 19, "C1", "Child", "unexpected attribute id on Child"},
		{"namespace", "<Message>", `<Message xmlns="urn:cin">`, 2, "", "Message", "Message is in the XML namespace 'urn:cin', but the CIN schema's elements have no namespace"},
		{"schema location is fine", "<Message>", `<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="CIN.xsd">`, 0, "", "", ""},
		{"wrong root", "<Message>", "<Messages>", 2, "", "Messages", "the root element is Messages; a CIN census file starts with Message"},
		{"not well-formed", "</Message>", "</Massage>", 52, "", "", "the file is not well-formed XML, so checking stopped here"},
		{"encoding", `encoding="UTF-8"`, `encoding="windows-1252"`, 1, "", "", `the file could not be read, so checking stopped here: xml: opening charset "windows-1252": encoding "windows-1252" is not supported; export the census as UTF-8`},
		{"text before the root", "<Message>", "hello <Message>", 2, "", "", "text 'hello' before the Message element"},
		{"a second root", "</Message>\n", "</Message>\n<Message/>", 53, "", "Message", "element Message comes after the end of Message; a file has only one"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(valid2025, c.old) {
				t.Fatalf("%q is not in the valid file", c.old)
			}
			doc := strings.Replace(valid2025, c.old, c.new, 1)
			ps := ValidateSchema(2025, "t.xml", []byte(doc))
			if c.want == "" {
				if len(ps) != 0 {
					t.Errorf("problems %v, want none", ps)
				}
				return
			}
			if len(ps) != 1 {
				t.Errorf("%d problems, want 1:\n%s", len(ps), list(ps))
			}
			for _, p := range ps {
				if strings.HasPrefix(p.Message, c.want) && p.Line == c.line && p.Child == c.child && p.Path == c.path {
					return
				}
			}
			t.Errorf("no problem at line %d, child %q, path %q: %q; got:\n%s", c.line, c.child, c.path, c.want, list(ps))
		})
	}
}

func list(ps []SchemaProblem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\t%s\n", p)
	}
	return b.String()
}

// All problems are listed, not only the first; a child's problems carry
// its LAchildID even before the LAchildID element is read.
func TestValidateSchemaCollectsEverything(t *testing.T) {
	doc := strings.NewReplacer(
		"<LAchildID>C1</LAchildID>\n<UPN>A123456789012</UPN>", "<UPN>A1</UPN>\n<LAchildID>C1</LAchildID>",
		"<Ethnicity>WBRI<", "<Ethnicity>XXXX<",
		"<Disability>NONE<", "<Disability>none<",
		"<ReferralNFA>0</ReferralNFA>", "",
	).Replace(valid2025)
	ps := ValidateSchema(2025, "t.xml", []byte(doc))
	for _, want := range []string{
		"UPN 'A1' is not a 13-character UPN",
		"LAchildID must come before UPN",
		"Ethnicity 'XXXX' is not one of the allowed codes",
		"Disability 'none' is not one of the allowed codes",
		"CINdetails is missing its required ReferralNFA",
	} {
		found := false
		for _, p := range ps {
			if strings.HasPrefix(p.Message, want) {
				found = true
				if p.Child != "C1" {
					t.Errorf("%s: child %q, want C1", p.Message, p.Child)
				}
			}
		}
		if !found {
			t.Errorf("missing %q in\n%s", want, list(ps))
		}
	}
	if len(ps) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(ps), list(ps))
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems out of line order:\n%s", list(ps))
		}
	}
	// Well-formed up to a break: what came before is still reported.
	broken := strings.Replace(valid2025, "<Ethnicity>WBRI<", "<Ethnicity>XXXX<", 1)
	broken = broken[:strings.Index(broken, "<CINdetails>")] + "<CINdetails><Oops"
	ps = ValidateSchema(2025, "t.xml", []byte(broken))
	if len(ps) != 2 || !strings.HasPrefix(ps[0].Message, "Ethnicity 'XXXX'") || !strings.Contains(ps[1].Message, "not well-formed") {
		t.Errorf("broken file:\n%s", list(ps))
	}
	for _, empty := range []string{"", "   \n", "<?xml version=\"1.0\"?>"} {
		ps := ValidateSchema(2025, "t.xml", []byte(empty))
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "no elements") {
			t.Errorf("%q: %v", empty, ps)
		}
	}
}

// A file whose every child is wrong lists the first 1,000 problems and
// counts the rest.
func TestValidateSchemaCap(t *testing.T) {
	start := strings.Index(valid2025, "<Child>")
	end := strings.Index(valid2025, "</Children>")
	child := strings.Replace(valid2025[start:end], "<Ethnicity>WBRI<", "<Ethnicity>W<", 1)
	doc := valid2025[:start] + strings.Repeat(child, 1200) + valid2025[end:]
	ps := ValidateSchema(2025, "t.xml", []byte(doc))
	if len(ps) != maxSchemaProblems+1 {
		t.Fatalf("%d problems, want %d", len(ps), maxSchemaProblems+1)
	}
	if last := ps[len(ps)-1]; last.Message != "and 200 more problems" || last.Line != 0 {
		t.Errorf("last problem %v", last)
	}
}

// A census year with no schema is checked against the nearest, with a
// note first.
func TestValidateSchemaNearestYear(t *testing.T) {
	for _, c := range []struct {
		year int
		want string
	}{
		{2030, "there is no schema for the 2030 census; t.xml was checked against the nearest, the 2026 census's (CIN_schema_2026.xsd)"},
		{2012, "there is no schema for the 2012 census; t.xml was checked against the nearest, the 2017 census's (CIN_schema_2017.xsd)"},
	} {
		ps := ValidateSchema(c.year, "dir/t.xml", []byte(valid2025))
		if len(ps) == 0 || ps[0].Message != c.want || ps[0].Line != 0 {
			t.Errorf("%d: %v", c.year, ps)
		}
	}
	// With no year and no reference date: the newest schema, and a note.
	doc := strings.Replace(valid2025, "<ReferenceDate>2025-03-31</ReferenceDate>", "", 1)
	ps := ValidateSchema(0, "t.xml", []byte(doc))
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "no readable ReferenceDate") || !strings.Contains(ps[0].Message, "CIN_schema_2026.xsd") {
		t.Errorf("no reference date: %v", ps)
	}
	// The 2025 file is wrong for 2024: GenderCurrent, not Sex.
	ps = ValidateSchema(2024, "t.xml", []byte(valid2025))
	if len(ps) != 2 {
		t.Errorf("2025 file against 2024:\n%s", list(ps))
	}
}

// xs:all and xs:choice, which the CIN schemas do not use yet, are checked
// as XSD says.
func TestValidateSchemaAllAndChoice(t *testing.T) {
	s, err := parseXSD("t.xsd", []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="R">
    <xs:complexType><xs:sequence>
      <xs:element name="Any" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:all>
        <xs:element name="A" type="xs:boolean"/>
        <xs:element name="B" type="xs:positiveInteger" minOccurs="0"/>
      </xs:all></xs:complexType></xs:element>
      <xs:element name="One" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:choice>
        <xs:element name="X" type="xs:string"/>
        <xs:element name="Y" type="code" maxOccurs="2"/>
      </xs:choice></xs:complexType></xs:element>
      <xs:element name="Len" type="len" minOccurs="0"/>
      <xs:element name="Empty" minOccurs="0"><xs:complexType/></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:simpleType name="code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}\$"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="len"><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType>
</xs:schema>`))
	if err != nil {
		t.Fatal(err)
	}
	check := func(doc string) []SchemaProblem {
		v := &validator{set: &schemaSet{byYear: map[int]*xSchema{0: s}, years: []int{0}}, s: s, childAt: -1}
		return v.scan([]byte(doc))
	}
	for _, c := range []struct{ doc, want string }{
		{`<R><Any><B>2</B><A>true</A></Any></R>`, ""},
		{`<R><Any><B>0</B></Any></R>`, "B '0' is not a whole number above 0|Any is missing its required A"},
		{`<R><Any><A>yes</A><A>1</A></Any></R>`, "A 'yes' is not true or false (true, false, 1 or 0)|A appears twice in Any (at most once)"},
		{`<R><One><Y>AB$</Y><Y>CD$</Y></One><One><X/></One></R>`, ""},
		{`<R><One><Y>AB</Y></One></R>`, `Y 'AB' is not text matching the pattern [A-Z]{2}\$`},
		{`<R><One><X>a</X><Y>AB$</Y></One></R>`, "Y cannot appear alongside X in One: only one of X or Y"},
		{`<R><One></One></R>`, "One is missing one of X or Y"},
		{`<R><One><Y>AB$</Y><Y>AB$</Y><Y>AB$</Y></One></R>`, "Y appears 3 times in One (at most twice)"},
		{`<R><Len>abcd</Len></R>`, "Len 'abcd' has 4 characters; it should have exactly 3"},
		{`<R><Empty>x<Z/></Empty></R>`, "text 'x' outside any element in Empty|unexpected element Z in Empty"},
	} {
		var got []string
		for _, p := range check(c.doc) {
			got = append(got, p.Message)
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.doc, g, c.want)
		}
	}
}

func TestLexicalForms(t *testing.T) {
	for _, c := range []struct {
		kind, val string
		ok        bool
	}{
		{"date", "2024-02-29", true}, {"date", "2023-02-29", false}, {"date", "2000-02-29", true}, {"date", "1900-02-29", false},
		{"date", "2024-04-31", false}, {"date", "2024-13-01", false}, {"date", "2024-00-10", false}, {"date", "2024-1-01", false},
		{"date", "2024-01-01Z", true}, {"date", "2024-01-01+01:00", true}, {"date", "2024-01-01+15:00", false}, {"date", "0000-01-01", false},
		{"date", "12024-01-01", true}, {"date", "02024-01-01", false}, {"date", "-0044-03-15", true}, {"date", "2024-01-01T00:00:00", false},
		{"dateTime", "2023-05-23T11:14:05", true}, {"dateTime", "2022-07-21T10:12:28Z", true}, {"dateTime", "2022-07-21T10:12:28.123+01:00", true},
		{"dateTime", "2022-07-21T24:00:00", true}, {"dateTime", "2022-07-21T24:00:01", false}, {"dateTime", "2022-07-21T10:60:00", false},
		{"dateTime", "2022-07-21", false}, {"dateTime", "2022-07-21T10:12", false},
		{"gYear", "2023", true}, {"gYear", "23", false}, {"gYear", "2023Z", true},
		{"integer", "+10", true}, {"integer", "-0", true}, {"integer", "1.0", false}, {"integer", "99999999999999999999999", true}, {"integer", "١٢", false},
		{"positiveInteger", "0", false}, {"positiveInteger", "1", true}, {"nonNegativeInteger", "0", true}, {"nonNegativeInteger", "-1", false},
		{"boolean", "true", true}, {"boolean", "0", true}, {"boolean", "True", false}, {"boolean", "", false},
		{"string", "", true},
	} {
		if got := checkBuiltin("V", c.val, c.kind) == ""; got != c.ok {
			t.Errorf("%s %q: valid %v, want %v", c.kind, c.val, got, c.ok)
		}
	}
	// XSD patterns are anchored, \d is any decimal digit and $ is literal.
	re, err := xsdRegexp(`\d{3}$`)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"201$": true, "201": false, "x201$": false, "٢٠١$": true} {
		if re.MatchString(s) != want {
			t.Errorf("pattern on %q: %v", s, !want)
		}
	}
}

func FuzzValidateSchema(f *testing.F) {
	for _, n := range []string{"CIN_Census_2021.xml", "CIN_Census_2024.xml", "CIN_Census_2026.xml"} {
		data, _ := os.ReadFile(filepath.Join("testdata/fake", n))
		f.Add(2024, data)
	}
	f.Add(2025, []byte(valid2025))
	f.Add(0, []byte("<Message><Children><Child><ChildIdentifiers>x<LAchildID>1</LAchildID></ChildIdentifiers></Child></Children></Message>"))
	f.Fuzz(func(t *testing.T, year int, data []byte) {
		ps := ValidateSchema(year, "f.xml", data)
		if len(ps) > maxSchemaProblems+3 {
			t.Fatalf("%d problems", len(ps))
		}
		for _, p := range ps {
			if p.Message == "" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}
