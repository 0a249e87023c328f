package y2024

// pending codes of range d, each with why it has no check yet; see
// TestEveryRuleIsImplementedOrPending. All need fields DfE derives from the
// postcodes with the ONS Postcode Directory (each postcode's grid reference
// and local authority), which is not bundled.
var _ = pend(map[string]string{
	"392a": "needs PL_DISTANCE, derived from HOME_POST and PL_POST grid references in the ONS Postcode Directory, which is not bundled",
	"392c": "needs the ONS Postcode Directory (not bundled) to tell whether HOME_POST and PL_POST are real postcodes",
	"406":  "needs PL_DISTANCE, derived from HOME_POST and PL_POST grid references in the ONS Postcode Directory, which is not bundled",
	"411":  "needs PL_LOCATION and PL_LA, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"420":  "needs PL_LA, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"452":  "needs PL_LA for this and last year's episodes, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"453":  "needs PL_DISTANCE for this and last year's episodes, derived from postcode grid references in the ONS Postcode Directory, which is not bundled",
})
