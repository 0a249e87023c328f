package linkage

import (
	"fmt"
	"strconv"
	"strings"
)

// Transforms names every transform a blocking key may use, for the
// settings inferrer and the CLI's help.
var Transforms = []string{"", "lower", "soundex", "first:N", "date", "year", "month_day", "postcode_district", "postcode_sector"}

type transformKind uint8

const (
	tfNone transformKind = iota
	tfSoundex
	tfFirst
	tfDate
	tfYear
	tfMonthDay
	tfDistrict
	tfSector
)

type transform struct {
	kind transformKind
	n    int
}

func parseTransform(s string) (transform, error) {
	switch s {
	case "", "lower":
		// Values are lower-cased when the table is built.
		return transform{kind: tfNone}, nil
	case "soundex":
		return transform{kind: tfSoundex}, nil
	case "date":
		// Dates written differently (20100102, 2010-01-02, 02/01/2010)
		// block together.
		return transform{kind: tfDate}, nil
	case "year":
		return transform{kind: tfYear}, nil
	case "month_day":
		return transform{kind: tfMonthDay}, nil
	case "postcode_district":
		return transform{kind: tfDistrict}, nil
	case "postcode_sector":
		return transform{kind: tfSector}, nil
	case "metaphone", "double_metaphone":
		return transform{}, fmt.Errorf("transform %q is not supported: use soundex", s)
	}
	if rest, ok := strings.CutPrefix(s, "first:"); ok {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return transform{}, fmt.Errorf("transform %q: want first:N with N ≥ 1", s)
		}
		return transform{kind: tfFirst, n: n}, nil
	}
	return transform{}, fmt.Errorf("unknown transform %q (want one of %s)", s, strings.Join(Transforms[1:], ", "))
}

// apply appends the transformed value to dst; appending nothing means the
// value has no key (null, or not a date or postcode) and the record takes
// no part in the rule.
func (tr transform) apply(dst []byte, v string) []byte {
	if v == "" {
		return dst
	}
	switch tr.kind {
	case tfSoundex:
		return Soundex(dst, v)
	case tfFirst:
		n := 0
		for i := range v {
			if n == tr.n {
				return append(dst, v[:i]...)
			}
			n++
		}
		return append(dst, v...)
	case tfDate, tfYear, tfMonthDay:
		d, ok := ParseDate(v)
		if !ok {
			return dst
		}
		switch tr.kind {
		case tfYear:
			return strconv.AppendInt(dst, int64(d.Year), 10)
		case tfDate:
			dst = strconv.AppendInt(dst, int64(d.Year), 10)
			dst = append(dst, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
			return dst
		}
		return append(dst, byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	case tfDistrict, tfSector:
		o, c, ok := postcodeParts(v)
		if !ok {
			return dst
		}
		dst = append(dst, o...)
		if tr.kind == tfSector {
			dst = append(dst, ' ', c)
		}
		return dst
	}
	return append(dst, v...)
}

// Transform applies a named blocking-key transform to one normalised value,
// so the CLI and the settings inferrer can show what a key will be. The
// empty string means the record would have no key.
func Transform(name, value string) (string, error) {
	tr, err := parseTransform(name)
	if err != nil {
		return "", err
	}
	return string(tr.apply(nil, Normalise(value))), nil
}
