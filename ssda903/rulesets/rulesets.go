// Package rulesets picks the SSDA903 rule set for a collection year.
package rulesets

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/y2022"
	"github.com/sightline-uk/sightline/ssda903/y2023"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// Notes ForYear gives when a year has no rule set of its own.
const (
	NoteNewer = "no 2025/26 rules yet: checked with 2024/25"
	NoteOlder = "the oldest rules Sightline has, 2022/23; years before have no published rule set here"
)

// ForYear returns the rule set for the collection year ending in year (2025
// is 2024/25, as ssda903.Return.Year counts), and a note when it stands in
// for a year that has no set of its own: later years get the newest set
// (2024/25), earlier ones the oldest (2022/23).
func ForYear(year int) (*rules.Set[*ssda903.Return], string) {
	switch {
	case year > 2025:
		return y2024.Set(), NoteNewer
	case year == 2025:
		return y2024.Set(), ""
	case year == 2024:
		return y2023.Set(), ""
	case year == 2023:
		return y2022.Set(), ""
	default:
		return y2022.Set(), NoteOlder
	}
}
