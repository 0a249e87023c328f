package cinsynth

import (
	"bytes"
	"encoding/xml"

	"github.com/sightline-uk/sightline/cin"
)

// XML writes the census as a council would submit it: the 2024 to 2025
// layout (Sex, not GenderCurrent), elements in the order
// CIN_schema_2025.xsd requires, optional elements left out when empty.
// cin.Read reads it back into the same tables, row for row.
func (c Council) XML() []byte {
	ret := c.Return
	var b bytes.Buffer
	b.Grow(512 * (ret.T(cin.ChildIdentifiers).Len() + 1))
	w := &xmlWriter{b: &b}
	b.WriteString(xml.Header)
	w.open("Message")
	w.open("Header")
	h := ret.T(cin.Header)
	w.open("CollectionDetails")
	for _, col := range []string{"Collection", "Year", "ReferenceDate"} {
		w.leaf(col, h.Str(0, col))
	}
	w.close("CollectionDetails")
	w.open("Source")
	for _, col := range []string{"SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"} {
		w.leaf(col, h.Str(0, col))
	}
	w.close("Source")
	w.close("Header")
	w.open("Children")
	cur := map[string]*cursor{}
	for _, name := range cin.TableNames {
		cur[name] = &cursor{t: ret.T(name), owner: c.owner[name]}
	}
	ids := ret.T(cin.ChildIdentifiers)
	for ci := 0; ci < ids.Len(); ci++ {
		w.open("Child")
		w.open("ChildIdentifiers")
		for k, col := range cin.Columns[cin.ChildIdentifiers] {
			w.leaf(col, ids.Rows[ci][k])
		}
		w.close("ChildIdentifiers")
		w.open("ChildCharacteristics")
		for _, row := range cur[cin.ChildCharacteristics].take(ci, "") {
			w.leaf("Ethnicity", row[1])
		}
		if dis := cur[cin.Disabilities].take(ci, ""); len(dis) > 0 {
			w.open("Disabilities")
			for _, row := range dis {
				w.always("Disability", row[1])
			}
			w.close("Disabilities")
		}
		w.close("ChildCharacteristics")
		for _, ep := range cur[cin.CINdetails].take(ci, "") {
			id := ep[1]
			w.open("CINdetails")
			for k, col := range []string{"CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC"} {
				w.leaf(col, ep[2+k])
			}
			as := cur[cin.Assessments].take(ci, id)
			for i := 0; i < len(as); {
				j := i + 1
				for j < len(as) && as[j][2] == as[i][2] && as[j][3] == as[i][3] && as[j][4] == as[i][4] {
					j++
				}
				w.open("Assessments")
				w.leaf("AssessmentActualStartDate", as[i][2])
				w.leaf("AssessmentInternalReviewDate", as[i][3])
				w.leaf("AssessmentAuthorisationDate", as[i][4])
				if as[i][5] != "" || j-i > 1 {
					w.open("FactorsIdentifiedAtAssessment")
					for _, row := range as[i:j] {
						w.always("AssessmentFactors", row[5])
					}
					w.close("FactorsIdentifiedAtAssessment")
				}
				w.close("Assessments")
				i = j
			}
			for _, row := range cur[cin.CINplanDates].take(ci, id) {
				w.open("CINPlanDates")
				w.leaf("CINPlanStartDate", row[2])
				w.leaf("CINPlanEndDate", row[3])
				w.close("CINPlanDates")
			}
			for _, row := range cur[cin.Section47].take(ci, id) {
				w.open("Section47")
				for k, col := range []string{"S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"} {
					w.leaf(col, row[2+k])
				}
				w.close("Section47")
			}
			w.leaf("ReferralNFA", ep[8])
			reviews := cur[cin.Reviews].take(ci, id)
			for _, row := range cur[cin.ChildProtectionPlans].take(ci, id) {
				w.open("ChildProtectionPlans")
				for k, col := range []string{"CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"} {
					w.leaf(col, row[3+k])
				}
				var mine [][]string
				for _, rv := range reviews {
					if rv[2] == row[2] {
						mine = append(mine, rv)
					}
				}
				if len(mine) > 0 {
					w.open("Reviews")
					for _, rv := range mine {
						w.always("CPPreviewDate", rv[3])
					}
					w.close("Reviews")
				}
				w.close("ChildProtectionPlans")
			}
			w.close("CINdetails")
		}
		w.close("Child")
	}
	w.close("Children")
	w.close("Message")
	return b.Bytes()
}

// cursor walks a table's rows child by child (and, within a child, CIN
// episode by episode), the order build writes them in.
type cursor struct {
	t     *cin.Table
	owner []int
	pos   int
}

// take returns the next rows belonging to child ci (and to CIN episode id,
// when given).
func (c *cursor) take(ci int, id string) [][]string {
	start := c.pos
	for c.pos < len(c.owner) && c.owner[c.pos] == ci && (id == "" || c.t.Rows[c.pos][1] == id) {
		c.pos++
	}
	return c.t.Rows[start:c.pos]
}

type xmlWriter struct {
	b     *bytes.Buffer
	depth int
}

func (w *xmlWriter) indent() {
	for range w.depth {
		w.b.WriteString("  ")
	}
}

func (w *xmlWriter) open(name string) {
	w.indent()
	w.b.WriteString("<" + name + ">\n")
	w.depth++
}

func (w *xmlWriter) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

// leaf writes an element holding v, or nothing when v is empty.
func (w *xmlWriter) leaf(name, v string) {
	if v != "" {
		w.always(name, v)
	}
}

// always writes an element even when empty: a list item must be there to
// be counted.
func (w *xmlWriter) always(name, v string) {
	w.indent()
	w.b.WriteString("<" + name + ">")
	xml.EscapeText(w.b, []byte(v))
	w.b.WriteString("</" + name + ">\n")
}
