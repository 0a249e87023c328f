package y2025

// pending codes of range e; see TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"8863Q": "not yet implemented",
	"8866":  "not yet implemented",
	"8867":  "not yet implemented",
	"8868":  "not yet implemented",
	"8869":  "not yet implemented",
	"8870Q": "not yet implemented",
	"8873Q": "not yet implemented",
	"8875":  "not yet implemented",
	"8890":  "not yet implemented",
	"8896":  "not yet implemented",
	"8897Q": "not yet implemented",
	"8898":  "not yet implemented",
	"8905":  "not yet implemented",
	"8910":  "not yet implemented",
	"8915":  "not yet implemented",
	"8920":  "not yet implemented",
	"8925":  "not yet implemented",
	"8930":  "not yet implemented",
	"8935":  "not yet implemented",
	"8940":  "not yet implemented",
	"8945Q": "not yet implemented",
	"8950Q": "not yet implemented",
})
