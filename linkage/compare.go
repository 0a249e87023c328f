package linkage

import (
	"unicode/utf8"
	"unsafe"
)

// stackLen is the longest value compared without allocating: names,
// dates and postcodes are far shorter.
const stackLen = 64

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// toRunes decodes s into buf when it fits, so non-ASCII names are compared
// by character, not by byte, still without allocating.
func toRunes(s string, buf *[stackLen]rune) []rune {
	if utf8.RuneCountInString(s) > stackLen {
		return []rune(s)
	}
	out := buf[:0]
	for _, r := range s {
		out = append(out, r)
	}
	return out
}

// JaroWinkler is the Jaro similarity boosted for a shared prefix (scale
// 0.1, at most four characters, applied when the Jaro similarity exceeds
// 0.7, as Winkler defined it): the measure of choice for names, which are
// mistyped more at their ends than their starts. It is 1 for equal strings
// and 0 when either is empty.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinkler(bytesOf(a), bytesOf(b))
	}
	var ba, bb [stackLen]rune
	return jaroWinkler(toRunes(a, &ba), toRunes(b, &bb))
}

func jaroWinkler[E byte | rune](a, b []E) float64 {
	j := jaro(a, b)
	if j <= 0.7 {
		return j
	}
	l := 0
	for l < 4 && l < len(a) && l < len(b) && a[l] == b[l] {
		l++
	}
	return j + float64(l)*0.1*(1-j)
}

func jaro[E byte | rune](a, b []E) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	window := lb/2 - 1
	if window < 0 {
		window = 0
	}
	var fa, fb [stackLen]bool
	ma, mb := fa[:], fb[:]
	if la > stackLen || lb > stackLen {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := i-window, i+window+1
		if lo < 0 {
			lo = 0
		}
		if hi > lb {
			hi = lb
		}
		for k := lo; k < hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(la) + m/float64(lb) + (m-float64(t)/2)/m) / 3
}

// Levenshtein is the edit distance between a and b when it is at most max,
// and max+1 otherwise: bounding the distance lets the work stop as soon as
// the answer is "too far", which is the usual answer for non-matches.
// Characters, not bytes, are counted.
func Levenshtein(a, b string, max int) int {
	if max < 0 {
		max = 0
	}
	if a == b {
		return 0
	}
	if isASCII(a) && isASCII(b) {
		return levenshtein(bytesOf(a), bytesOf(b), max)
	}
	var ba, bb [stackLen]rune
	return levenshtein(toRunes(a, &ba), toRunes(b, &bb), max)
}

func levenshtein[E byte | rune](a, b []E, max int) int {
	// Common prefix and suffix cost nothing.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > max {
		return max + 1
	}
	if len(a) == 0 {
		return len(b)
	}
	var buf [stackLen + 1]int32
	row := buf[:]
	if len(a)+1 > len(buf) {
		row = make([]int32, len(a)+1)
	}
	row = row[:len(a)+1]
	for i := range row {
		row[i] = int32(i)
	}
	for j := 1; j <= len(b); j++ {
		prev := row[0]
		row[0] = int32(j)
		best := row[0]
		for i := 1; i <= len(a); i++ {
			cur := row[i]
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev + cost
			if row[i]+1 < v {
				v = row[i] + 1
			}
			if row[i-1]+1 < v {
				v = row[i-1] + 1
			}
			row[i] = v
			prev = cur
			if v < best {
				best = v
			}
		}
		if int(best) > max {
			return max + 1
		}
	}
	if d := int(row[len(a)]); d <= max {
		return d
	}
	return max + 1
}

// soundexCode maps a letter to its Soundex digit; 0 drops vowels (and y),
// and h and w are marked so they do not separate equal codes.
var soundexCode = [26]byte{
	'0', '1', '2', '3', '0', '1', '2', 'h', '0', '2', '2', '4', '5',
	'5', '0', '1', '2', '6', '2', '3', '0', '1', 'h', '2', '0', '2',
}

// Soundex appends the American Soundex code of s (a letter and three
// digits) to dst, so blocking on it puts "smith" and "smyth" together
// without allocating. Characters other than letters are ignored; a value
// with no letters appends nothing (a null key).
func Soundex(dst []byte, s string) []byte {
	start := len(dst)
	var last byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 'a' || c > 'z' {
			continue
		}
		code := soundexCode[c-'a']
		if len(dst) == start {
			dst = append(dst, c)
			last = code
			continue
		}
		switch {
		case code == 'h':
			// h and w do not separate letters with the same code.
		case code == '0':
			last = 0
		case code != last:
			dst = append(dst, code)
			last = code
		}
		if len(dst)-start == 4 {
			return dst
		}
	}
	if len(dst) == start {
		return dst
	}
	for len(dst)-start < 4 {
		dst = append(dst, '0')
	}
	return dst
}

// Date is a calendar date held as numbers so dates can be compared, swapped
// and subtracted without parsing again.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads yyyy-mm-dd, yyyymmdd, yyyy/mm/dd and the British
// dd/mm/yyyy (or dd-mm-yyyy), the forms partner agencies' extracts use, and
// rejects impossible dates such as 2023-02-30.
func ParseDate(s string) (Date, bool) {
	num := func(s string) (int, bool) {
		n := 0
		if len(s) == 0 {
			return 0, false
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var y, m, d int
	var oy, om, od bool
	switch {
	case len(s) == 8:
		y, oy = num(s[:4])
		m, om = num(s[4:6])
		d, od = num(s[6:])
	case len(s) == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]:
		y, oy = num(s[:4])
		m, om = num(s[5:7])
		d, od = num(s[8:])
	case len(s) == 10 && (s[2] == '/' || s[2] == '-' || s[2] == '.') && s[5] == s[2]:
		d, od = num(s[:2])
		m, om = num(s[3:5])
		y, oy = num(s[6:])
	default:
		return Date{}, false
	}
	if !oy || !om || !od || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1800 || y > 2200 {
		return Date{}, false
	}
	return Date{y, m, d}, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Days counts days since 1970-01-01, so "within N days" is a subtraction.
func (d Date) Days() int {
	y, m := d.Year, d.Month
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// Transposed reports whether two different dates are the same but for day
// and month swapped, the commonest error in dates of birth keyed in by hand
// from American-style forms.
func (d Date) Transposed(o Date) bool {
	return d != o && d.Year == o.Year && d.Day == o.Month && d.Month == o.Day
}

// postcodeParts splits a normalised postcode into its outward code
// ("sw1a") and the first character of its inward code ("1"), with or
// without the space, without allocating; ok is false for anything that is
// not shaped like a UK postcode.
func postcodeParts(s string) (outward string, sector byte, ok bool) {
	var inward string
	if i := indexByte(s, ' '); i >= 0 {
		outward, inward = s[:i], s[i+1:]
	} else if len(s) >= 5 {
		outward, inward = s[:len(s)-3], s[len(s)-3:]
	} else {
		return "", 0, false
	}
	if len(outward) < 2 || len(outward) > 4 || len(inward) != 3 || inward[0] < '0' || inward[0] > '9' {
		return "", 0, false
	}
	c := outward[0] | 0x20
	if c < 'a' || c > 'z' {
		return "", 0, false
	}
	return outward, inward[0], true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// PostcodeDistrict is the outward code ("sw1a" from "sw1a 1aa"), the
// area of a few thousand addresses a family moving locally often stays in;
// empty when s is not a postcode.
func PostcodeDistrict(s string) string {
	o, _, ok := postcodeParts(s)
	if !ok {
		return ""
	}
	return o
}

// PostcodeSector is the district and the first inward digit ("sw1a 1"),
// a few hundred addresses; empty when s is not a postcode.
func PostcodeSector(s string) string {
	o, c, ok := postcodeParts(s)
	if !ok {
		return ""
	}
	return o + " " + string(c)
}
