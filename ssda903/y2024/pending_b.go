package y2024

// pending codes of range b, each with why it has no check yet; see
// TestEveryRuleIsImplementedOrPending.
var _ = pend(map[string]string{
	"164": "needs PL_DISTANCE, the distance between HOME_POST and PL_POST, which is computed from the postcodes' " +
		"grid references in the ONS Postcode Directory; that directory is not bundled",
	"169": "needs PL_LA, the local authority of the placement postcode (PL_POST), which is looked up in the ONS " +
		"Postcode Directory; that directory is not bundled",
	"179": "needs PL_LOCATION (IN/OUT of the council's area), derived from PL_LA, the local authority of the " +
		"placement postcode looked up in the ONS Postcode Directory; that directory is not bundled",
})
