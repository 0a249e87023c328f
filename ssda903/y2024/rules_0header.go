package y2024

import "github.com/sightline-uk/sightline/ssda903"

var validSex = codeSet("M", "F", "U")

var validEthnic = codeSet("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
	"AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")

// 101: the child's reported sex must be M, F or U (2024/25 codes).
var _ = declare("101", requiredCodeCheck(ssda903.Header, "SEX", validSex))

// 102: date of birth must be a valid dd/mm/yyyy date.
var _ = declare("102", requiredDate(ssda903.Header, "DOB"))

// 103: ethnicity must be one of DfE's codes, and is required.
var _ = declare("103", requiredCodeCheck(ssda903.Header, "ETHNIC", validEthnic))
