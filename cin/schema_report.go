package cin

import "github.com/sightline-uk/sightline/rules"

// SchemaRule is the code schema problems are reported under, beside DfE's
// rule codes, so one report carries both.
const SchemaRule = "schema"

// AddSchemaProblems puts a file's schema problems into a report as errors
// (a file that breaks its year's schema is rejected by DfE), with notes
// about the check itself (which schema was used) left out of the count.
func AddSchemaProblems(rep *rules.Report, file string, problems []SchemaProblem) {
	n := 0
	children := map[string]bool{}
	for _, p := range problems {
		if p.Line == 0 {
			continue // a note, such as the schema that stood in for the year
		}
		rep.Findings = append(rep.Findings, rules.Finding{Rule: SchemaRule, Kind: "error", Message: p.Message,
			Table: p.Path, File: file, Row: p.Line, Child: p.Child, Fields: []string{}})
		children[p.Child] = true
		n++
	}
	if n > 0 {
		rep.Summary = append([]rules.RuleCount{{Rule: SchemaRule, Kind: "error",
			Message: "The file does not match the census year's XML schema", Rows: n, Records: len(children)}}, rep.Summary...)
	}
}

// SchemaNotes are the problems that describe the check rather than the file.
func SchemaNotes(problems []SchemaProblem) []string {
	var out []string
	for _, p := range problems {
		if p.Line == 0 {
			out = append(out, p.Message)
		}
	}
	return out
}
