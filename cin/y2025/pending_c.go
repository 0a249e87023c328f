package y2025

// pending codes of range c; see TestEveryRuleIsImplementedOrPending. Every
// rule of the range is implemented (rules_c.go).
var _ = pend(map[string]string{})
