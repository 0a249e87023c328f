package peers

import "github.com/sightline-uk/sightline/indicators"

// Enabler is one of the seven key enablers of improvement. A brief names the
// enablers an indicator relates to so that a council looking at peers who
// improved knows where in its own service to look for the cause.
type Enabler string

// The seven key enablers of improvement.
const (
	StrategicApproach    Enabler = "strategic approach"
	LeadershipGovernance Enabler = "leadership and governance"
	WorkforceEnabler     Enabler = "workforce"
	Partners             Enabler = "partners"
	SupportingApparatus  Enabler = "supporting apparatus"
	Innovation           Enabler = "innovation"
	JudiciousResources   Enabler = "judicious use of resources"
)

// Enablers lists the seven in the order briefs present them, each with what
// it means in practice, so a page can explain an enabler where it names it.
var Enablers = []struct {
	Enabler Enabler `json:"enabler"`
	Meaning string  `json:"meaning"`
}{
	{StrategicApproach, "a clear, shared plan for children's services: priorities, the practice model and how help is arranged from early help to care"},
	{LeadershipGovernance, "leaders and elected members who know the service's practice, hold it to account and keep it stable"},
	{WorkforceEnabler, "enough skilled, permanent social workers and managers with caseloads that allow good practice"},
	{Partners, "schools, health, police, housing and the voluntary sector working with children's social care"},
	{SupportingApparatus, "performance information, quality assurance, case-recording systems and commissioning that let leaders see and act"},
	{Innovation, "trying new ways of working, testing them and keeping what works"},
	{JudiciousResources, "money and placements spent where they make most difference, with sufficiency planned ahead"},
}

// IsEnabler reports whether e is one of the seven, so declarations can be
// checked.
func IsEnabler(e Enabler) bool {
	for _, x := range Enablers {
		if x.Enabler == e {
			return true
		}
	}
	return false
}

// Outcomes says in plain words what each catalogue area asks for, so a brief
// states the outcome an indicator evidences and not only its area's name.
// Workforce and Spend are enablers themselves, not outcomes.
var Outcomes = map[string]string{
	"Family help":          "children and families stay together and get the help they need, when they need it",
	"Safety":               "children are safe in and outside their homes",
	"Stable homes":         "children in care and care leavers have stable, loving homes",
	"Education and health": "children with a social worker, in care or leaving care do well at school and are healthy",
}

// Link places one indicator in the national framework: the outcome it
// evidences and the enablers a council would look to when it falls short.
type Link struct {
	Area     string    `json:"area"`
	Outcome  string    `json:"outcome,omitempty"` // empty for enabler indicators (workforce, spend)
	Enablers []Enabler `json:"enablers"`
	Why      string    `json:"why"`
}

// FrameworkLink returns an indicator's place in the framework; ok is false
// for an indicator not declared in links.
func FrameworkLink(ind *indicators.Indicator) (Link, bool) {
	l, ok := links[ind.ID]
	if !ok {
		return Link{}, false
	}
	l.Area = ind.Area
	l.Outcome = Outcomes[ind.Area]
	return l, true
}

type en = []Enabler

// links is one declaration per catalogue indicator: the enablers it most
// depends on, most important first, and why in one sentence.
var links = map[string]Link{
	"cin_rate":        {Enablers: en{StrategicApproach, Partners}, Why: "how many children are supported as in need reflects local need and how the council and its partners arrange help"},
	"cin_starts_rate": {Enablers: en{StrategicApproach, Partners}, Why: "new episodes of need follow the front door and the early help offer partners share"},
	"referral_rate":   {Enablers: en{Partners, StrategicApproach}, Why: "referrals come mostly from police, schools and health, so their rate shows how partners and the front door work together"},
	"rereferral_pct":  {Enablers: en{StrategicApproach, Partners, WorkforceEnabler}, Why: "children referred again within a year suggest help that ended too early or did not last, which depends on the family help offer, partners' support after closure and the time social workers have"},
	"nfa_pct":         {Enablers: en{Partners, SupportingApparatus}, Why: "referrals ending in no further action show whether partners' referral thresholds and the front door's screening agree"},
	"not_in_need_pct": {Enablers: en{Partners, SupportingApparatus}, Why: "assessments finding no need show how well referrals are screened before a full assessment"},

	"cpp_rate":                        {Enablers: en{StrategicApproach, Partners}, Why: "the number of children on plans reflects need, thresholds and the help offered before a plan is needed"},
	"cpp_starts_rate":                 {Enablers: en{StrategicApproach, Partners}, Why: "plans started reflect thresholds agreed with partners and the help available earlier"},
	"cpp_repeat_pct":                  {Enablers: en{WorkforceEnabler, SupportingApparatus, Partners}, Why: "a second plan often means the first ended before change was secure: practice quality, step-down decisions checked by quality assurance, and partners' support after a plan"},
	"cpp_2yrs_pct":                    {Enablers: en{WorkforceEnabler, SupportingApparatus, LeadershipGovernance}, Why: "plans lasting two years or more suggest drift, which oversight, case review and stable social workers prevent"},
	"factor_domestic_abuse_pct":       {Enablers: en{Partners}, Why: "domestic abuse is identified and addressed with police, health and specialist services"},
	"factor_neglect_pct":              {Enablers: en{Partners, WorkforceEnabler}, Why: "neglect is recognised through partners' and social workers' assessment of cumulative harm"},
	"factor_emotional_abuse_pct":      {Enablers: en{Partners, WorkforceEnabler}, Why: "emotional abuse is recognised through skilled assessment and partners' referrals"},
	"factor_parent_mental_health_pct": {Enablers: en{Partners}, Why: "parents' mental health needs adult services and health working with children's social care"},
	"factor_cse_pct":                  {Enablers: en{Partners, StrategicApproach}, Why: "sexual exploitation is tackled with police, schools and health under a shared strategy"},
	"factor_cce_pct":                  {Enablers: en{Partners, StrategicApproach}, Why: "criminal exploitation is tackled with police, youth justice and schools under a shared strategy"},
	"factor_missing_pct":              {Enablers: en{Partners, SupportingApparatus}, Why: "children going missing are found and helped through police and return-home interviews that information systems track"},

	"cla_rate":                   {Enablers: en{StrategicApproach, JudiciousResources}, Why: "how many children are in care reflects need, the help offered to keep families together and decisions to return children home"},
	"cla_starts_rate":            {Enablers: en{StrategicApproach, Partners}, Why: "entries to care depend on the help available to families first and on partners' work with them"},
	"cla_ceased_rate":            {Enablers: en{StrategicApproach, WorkforceEnabler}, Why: "children leaving care to return home, to special guardianship or adoption depend on permanence planning"},
	"placements_3plus_pct":       {Enablers: en{JudiciousResources, SupportingApparatus, WorkforceEnabler}, Why: "placement moves follow from having too few suitable homes (sufficiency and commissioning) and from matching and support to carers"},
	"long_term_stability_pct":    {Enablers: en{JudiciousResources, WorkforceEnabler, StrategicApproach}, Why: "children staying in the same home for years need enough foster carers, support for them and early permanence planning"},
	"placed_20miles_pct":         {Enablers: en{JudiciousResources, SupportingApparatus}, Why: "placements far from home usually mean too few local homes, which sufficiency planning and commissioning address"},
	"school_moves_pct":           {Enablers: en{Partners, JudiciousResources}, Why: "school moves follow placement moves and depend on the virtual school and local homes"},
	"social_worker_changes_pct":  {Enablers: en{WorkforceEnabler, LeadershipGovernance}, Why: "children seeing many social workers reflects turnover, agency use and how teams are organised"},
	"care_leavers_eet_pct":       {Enablers: en{Partners, StrategicApproach, Innovation}, Why: "care leavers in work or study depend on employers, colleges and the council's local offer, where new schemes such as apprenticeships have helped"},
	"care_leavers_suitable_pct":  {Enablers: en{Partners, JudiciousResources}, Why: "suitable accommodation for care leavers depends on housing partners and planned supported accommodation"},
	"adoption_timeliness_months": {Enablers: en{StrategicApproach, Partners}, Why: "time to adoption depends on early permanence planning, the courts and regional adoption agencies"},

	"cla_health_assessment_pct":  {Enablers: en{Partners, SupportingApparatus}, Why: "health assessments are done by health partners and kept up to date by tracking each child's due date"},
	"cla_dental_pct":             {Enablers: en{Partners, SupportingApparatus}, Why: "dental checks need local dentists' capacity and tracking each child's check"},
	"cla_convictions_pct":        {Enablers: en{Partners, StrategicApproach}, Why: "fewer convictions of children in care come from police and youth justice diverting them and care homes not calling police for minor incidents"},
	"cla_sdq_concern_pct":        {Enablers: en{Partners, WorkforceEnabler}, Why: "children's wellbeing depends on mental health services working with carers and social workers"},
	"cin_absence_pct":            {Enablers: en{Partners, StrategicApproach}, Why: "attendance of children in need depends on schools and the virtual school's extended duties"},
	"cin_persistent_absence_pct": {Enablers: en{Partners, StrategicApproach}, Why: "persistent absence of children in need depends on schools and the virtual school's extended duties"},
	"cin_ks2_rwm_pct":            {Enablers: en{Partners, StrategicApproach}, Why: "attainment of children in need depends on schools, the virtual school and stable help at home"},
	"cin_attainment8":            {Enablers: en{Partners, StrategicApproach}, Why: "attainment of children in need depends on schools, the virtual school and stable help at home"},
	"cla_absence_pct":            {Enablers: en{Partners, JudiciousResources}, Why: "attendance of children in care depends on the virtual school and on stable homes near their school"},
	"cla_persistent_absence_pct": {Enablers: en{Partners, JudiciousResources}, Why: "persistent absence of children in care depends on the virtual school and on stable homes near their school"},
	"cla_ks2_rwm_pct":            {Enablers: en{Partners, StrategicApproach}, Why: "attainment of children in care depends on the virtual school, personal education plans and stable homes"},
	"cla_attainment8":            {Enablers: en{Partners, StrategicApproach}, Why: "attainment of children in care depends on the virtual school, personal education plans and stable homes"},
	"injury_admissions_rate":     {Enablers: en{Partners, StrategicApproach}, Why: "injuries to children are prevented by health visitors, public health and early help working together"},

	"sw_turnover_pct": {Enablers: en{WorkforceEnabler, LeadershipGovernance}, Why: "social workers stay where leaders keep caseloads manageable and support and develop them"},
	"sw_agency_pct":   {Enablers: en{WorkforceEnabler, JudiciousResources, LeadershipGovernance}, Why: "reliance on agency staff costs more and breaks relationships; recruitment and retention plans reduce it"},
	"sw_vacancy_pct":  {Enablers: en{WorkforceEnabler, LeadershipGovernance}, Why: "vacancies fall where recruitment, pay, progression and a good reputation attract social workers"},
	"sw_caseload":     {Enablers: en{WorkforceEnabler, JudiciousResources}, Why: "caseloads depend on enough funded posts filled and on demand managed earlier"},
	"sw_absence_pct":  {Enablers: en{WorkforceEnabler, LeadershipGovernance}, Why: "sickness absence falls where caseloads, supervision and wellbeing support are good"},

	"csc_spend_per_child":              {Enablers: en{JudiciousResources}, Why: "spending per child shows the resources the council gives children's social care"},
	"csc_spend_share_pct":              {Enablers: en{JudiciousResources, LeadershipGovernance}, Why: "the share of the council's budget shows the priority leaders and members give children's social care"},
	"cla_spend_per_child_looked_after": {Enablers: en{JudiciousResources}, Why: "the cost per child in care reflects the mix of placements and the prices commissioning secures"},
	"residential_spend_share_pct":      {Enablers: en{JudiciousResources, SupportingApparatus}, Why: "spending on residential care depends on having enough foster homes and on commissioning"},
}
