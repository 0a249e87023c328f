package y2024

// pending codes of range c, each with why it has no check yet; see
// TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"218": "needs PL_LA, the placement's local authority derived from PL_POST with the ONS Postcode Directory (not bundled), to exempt placements outside England from requiring a URN",
	"219": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for the placement codes each URN is registered for",
	"221": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's registered postcode",
	"224": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for the placement provider codes each URN is registered for",
	"227": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's registration dates",
	"228": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's deregistration (closure) date",
	"229": "needs the Provider Info table (Ofsted's registers by URN, not bundled) for each provider's postcode, and the ONS Postcode Directory (not bundled) to infer the provider's local authority from it",
})
