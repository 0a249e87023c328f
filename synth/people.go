package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// Date helpers particular to the SSDA903 generator; the ones both
// generators use are in synthkit.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func age(dob, on time.Time) int { return ssda903.Age(dob, on) }

// birthday is the n-th birthday; the generator never makes 29 February
// births, so this is exact.
func birthday(dob time.Time, n int) time.Time { return dob.AddDate(n, 0, 0) }

// formatDate writes dd/mm/yyyy, the form the return uses.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	b := [10]byte{byte('0' + d/10), byte('0' + d%10), '/', byte('0' + int(m)/10), byte('0' + int(m)%10), '/',
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)}
	return string(b[:])
}

// Ethnic origin of children looked after (DfE's 2024 national mix).
var ethnicMix = synthkit.Weighted("WBRI", 63, "WIRI", 0.3, "WOTH", 5, "WIRT", 0.4, "WROM", 0.6, "MWBC", 3.5, "MWBA", 1.5,
	"MWAS", 1, "MOTH", 3.5, "AIND", 0.6, "APKN", 1.2, "ABAN", 0.9, "AOTH", 2.2, "BCRB", 1.5, "BAFR", 4, "BOTH", 2.2,
	"CHNE", 0.3, "OOTH", 4.5, "REFU", 0.4, "NOBT", 0.5)

// Unaccompanied asylum-seeking children come mostly from Afghanistan,
// Eritrea, Sudan, Iran, Vietnam and Albania.
var uascEthnicMix = synthkit.Weighted("OOTH", 30, "AOTH", 25, "BAFR", 30, "WOTH", 10, "CHNE", 5)

// upnLetters are the check letters of DfE's UPN algorithm (no I, O or S).
const upnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// upnCheck computes a UPN's check letter from its other 12 characters:
// each character's value times its position (2 to 13), summed, modulo 23.
func upnCheck(rest string) byte {
	sum := 0
	for i := 0; i < len(rest); i++ {
		v := int(rest[i] - '0')
		if rest[i] >= 'A' && rest[i] <= 'Z' {
			v = int(rest[i] - 'A')
		}
		sum += v * (i + 2)
	}
	return upnLetters[sum%23]
}

// makeUPN is a well-formed UPN: check letter, the issuing LA's number, a
// school's establishment number, the year of issue and a serial.
func makeUPN(r *rand.Rand, la string, issued int) string {
	rest := fmt.Sprintf("%s%04d%02d%03d", la, synthkit.Between(r, 2000, 7099), issued%100, r.IntN(1000))
	return string(upnCheck(rest)) + rest
}

// Postcode areas of England, from which each council's postcodes are drawn.
var postcodeAreas = []string{"AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CH", "CM",
	"CO", "CR", "CT", "CV", "CW", "DA", "DE", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EN", "EX", "FY", "GL", "GU",
	"HA", "HD", "HG", "HP", "HR", "HU", "HX", "IG", "IP", "KT", "L", "LA", "LE", "LN", "LS", "LU", "M", "ME", "MK",
	"N", "NE", "NG", "NN", "NR", "NW", "OL", "OX", "PE", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SE", "SG", "SK",
	"SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "TA", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA",
	"WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO"}

// Letters allowed in the inward part of a postcode.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

func postcode(r *rand.Rand, area string) string {
	return fmt.Sprintf("%s%d %d%c%c", area, synthkit.Between(r, 1, 29), r.IntN(10),
		inwardLetters[r.IntN(len(inwardLetters))], inwardLetters[r.IntN(len(inwardLetters))])
}
