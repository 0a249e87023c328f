package y2024

// pending rules that need the ONS Postcode Directory: each is removed from this list when its
// check, declared with declareNeeding, lands with its tests.
var _ = pend(map[string]string{
	"1015": "needs PL_LA, the council area of the placement postcode PL_POST, derived from the ONS Postcode " +
		"Directory, which is not bundled",
	"164": "needs PL_DISTANCE, the distance between HOME_POST and PL_POST, which is computed from the postcodes' " +
		"grid references in the ONS Postcode Directory; that directory is not bundled",
	"169": "needs PL_LA, the local authority of the placement postcode (PL_POST), which is looked up in the ONS " +
		"Postcode Directory; that directory is not bundled",
	"179": "needs PL_LOCATION (IN/OUT of the council's area), derived from PL_LA, the local authority of the " +
		"placement postcode looked up in the ONS Postcode Directory; that directory is not bundled",
	"218":  "needs PL_LA, the placement's local authority derived from PL_POST with the ONS Postcode Directory (not bundled), to exempt placements outside England from requiring a URN",
	"392a": "needs PL_DISTANCE, derived from HOME_POST and PL_POST grid references in the ONS Postcode Directory, which is not bundled",
	"392c": "needs the ONS Postcode Directory (not bundled) to tell whether HOME_POST and PL_POST are real postcodes",
	"406":  "needs PL_DISTANCE, derived from HOME_POST and PL_POST grid references in the ONS Postcode Directory, which is not bundled",
	"411":  "needs PL_LOCATION and PL_LA, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"420":  "needs PL_LA, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"452":  "needs PL_LA for this and last year's episodes, derived from PL_POST's local authority in the ONS Postcode Directory (with the LTLA→UTLA lookup), which is not bundled",
	"453":  "needs PL_DISTANCE for this and last year's episodes, derived from postcode grid references in the ONS Postcode Directory, which is not bundled",
	"503G": "needs PL_DISTANCE, the distance between HOME_POST and PL_POST, computed from the ONS Postcode Directory's grid references, which is not bundled",
	"503H": "needs PL_LA, the placement's upper-tier council derived from PL_POST through the ONS Postcode Directory (postcode to local authority district, then to upper-tier authority), which is not bundled",
	"503J": "needs PL_LOCATION (IN/OUT of the council's area), derived from PL_POST through the ONS Postcode Directory, which is not bundled",
})
