package y2025

// pending codes of range b; see TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"4000":  "not yet implemented",
	"4001":  "not yet implemented",
	"4003":  "not yet implemented",
	"4004":  "not yet implemented",
	"4008":  "not yet implemented",
	"4009Q": "not yet implemented",
	"4010":  "not yet implemented",
	"4011":  "not yet implemented",
	"4012Q": "not yet implemented",
	"4013":  "not yet implemented",
	"4014":  "not yet implemented",
	"4015":  "not yet implemented",
	"4016":  "not yet implemented",
	"4017":  "not yet implemented",
	"4180":  "not yet implemented",
	"4220":  "not yet implemented",
})
