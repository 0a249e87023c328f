package y2025

// pending codes of range a; see TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"100":   "not yet implemented",
	"1103":  "not yet implemented",
	"1104":  "not yet implemented",
	"1105":  "not yet implemented",
	"1510":  "not yet implemented",
	"1520":  "not yet implemented",
	"1530":  "not yet implemented",
	"1540":  "not yet implemented",
	"1550":  "not yet implemented",
	"1560Q": "not yet implemented",
	"1570":  "not yet implemented",
	"1580":  "not yet implemented",
	"2883":  "not yet implemented",
	"2884":  "not yet implemented",
	"2885":  "not yet implemented",
	"2886Q": "not yet implemented",
	"2887Q": "not yet implemented",
	"2888Q": "not yet implemented",
	"2889":  "not yet implemented",
	"2990":  "not yet implemented",
	"2991Q": "not yet implemented",
})
