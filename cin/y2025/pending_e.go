package y2025

// pending codes of range e; see TestEveryRuleIsImplementedOrPending. Every
// rule of the range is implemented (rules_e.go, rules_e_2.go).
var _ = pend(map[string]string{})
