package y2024

// pending codes of range a, each with why it has no check yet; see
// TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"1008": "needs Ofsted's register of social care providers and children's homes by URN (the \"Provider Info\" " +
		"table built from the Children's Homes and Social Care Providers lists), which is not bundled",
	"1015": "needs PL_LA, the council area of the placement postcode PL_POST, derived from the ONS Postcode " +
		"Directory, which is not bundled",
})
