package y2025

// pending codes of range d; see TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"8740":  "not yet implemented",
	"8750":  "not yet implemented",
	"8770Q": "not yet implemented",
	"8772":  "not yet implemented",
	"8775Q": "not yet implemented",
	"8790":  "not yet implemented",
	"8794":  "not yet implemented",
	"8805":  "not yet implemented",
	"8810":  "not yet implemented",
	"8815":  "not yet implemented",
	"8816":  "not yet implemented",
	"8820":  "not yet implemented",
	"8825Q": "not yet implemented",
	"8831":  "not yet implemented",
	"8832":  "not yet implemented",
	"8839":  "not yet implemented",
	"8840":  "not yet implemented",
	"8841":  "not yet implemented",
	"8842Q": "not yet implemented",
})
