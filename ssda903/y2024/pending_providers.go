package y2024

// pending rules that need Ofsted's register of children's social care providers: each is removed from this list when its
// check, declared with declareNeeding, lands with its tests.
var _ = pend(map[string]string{
	"1008": "needs Ofsted's register of social care providers and children's homes by URN (the \"Provider Info\" " +
		"table built from the Children's Homes and Social Care Providers lists), which is not bundled",
	"219": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for the placement codes each URN is registered for",
	"221": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's registered postcode",
	"224": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for the placement provider codes each URN is registered for",
	"227": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's registration dates",
	"228": "needs the Provider Info table (Ofsted's children's homes and social care providers registers by URN, not bundled) for each URN's deregistration (closure) date",
	"229": "needs the Provider Info table (Ofsted's registers by URN, not bundled) for each provider's postcode, and the ONS Postcode Directory (not bundled) to infer the provider's local authority from it",
})
