// Package disclosure is the one path by which Sightline decides what may be
// shown of figures it computed itself from child-level records (a council's
// kept SSDA903 returns and CIN censuses), on every page, in the API, in
// CSV, Excel and Parquet downloads, in charts and on the command line.
//
// Primary suppression follows the publication a figure matches (Rules:
// LookedAfter for the SSDA903, ChildrenInNeed for the CIN census; each
// sourced where it is declared). Secondary suppression protects tables with
// additive structure (Table): a total and its parts, sub-totals, and linked
// tables whose cells add up across them, such as this year, last year and
// the change, or all children, a subgroup and the rest that subtracting
// one from the other would give. DfE applies it to the same publications
// ("Secondary suppression has been applied where necessary": Children in
// need data guidance, quoted in full at ChildrenInNeed) without saying how.
// The Government Statistical Service's guidance, led by ONS, covers tables
// from administrative sources such as these returns and asks that no
// individual can be identified from published tables
// (https://gss.civilservice.gov.uk/guidances/methodology/statistical-disclosure-control/),
// so the method is the standard one for frequency tables (Hundepool et
// al., Handbook on Statistical Disclosure Control, 2nd edition, 2024,
// https://sdctools.github.io/HandbookSDC/, chapters on tabular data:
// primary and secondary cell suppression, and the audit of a suppression
// pattern by linear programming): complementary cells are hidden, the
// smallest first, until no line gives a hidden cell away by subtraction
// and a linear programming audit finds every small count able to take at
// least two whole values given everything shown (Protection, Interval).
//
// Figures DfE and the other producers published arrive already suppressed
// under their own control and pass through Published unchanged.
//
// The package imports only the domain package, the standard library and
// gonum's simplex solver, so every output package can depend on it.
package disclosure
