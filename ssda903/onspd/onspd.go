// Package onspd reads the ONS Postcode Directory (ONSPD), which a council
// downloads from the ONS Open Geography Portal (Open Government Licence), so
// that the SSDA903 rules needing a placement's distance from home (DfE's
// PL_DISTANCE) or its local authority (PL_LA, PL_LOCATION) can run.
//
// The directory is read as a stream and only what those rules use is kept:
// each postcode's grid reference and its council. Postcodes are kept
// whether live or terminated, as DfE's validator keeps them: an episode may
// have begun years ago at a postcode since retired.
package onspd

import (
	"archive/zip"
	"bufio"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/ssda903"
)

// ltla_utla_apr23.csv maps each local authority district (lower tier) in
// England and Wales to its upper-tier council; see README.md for its source
// and licence.
//
//go:embed ltla_utla_apr23.csv
var ltlaUTLA string

// Directory places postcodes: grid reference and council. It implements
// ssda903.Postcodes and is safe for concurrent lookups.
type Directory struct {
	places map[uint64]place
	las    []string // councils by index; index 0 is "" (none)
}

type place struct {
	east, north float32 // metres; NaN where the directory gives none
	la          uint16  // index into Directory.las
}

var _ ssda903.Postcodes = (*Directory)(nil)

// Row is one postcode as the directory lists it, for FromRows.
type Row struct {
	Postcode string
	// East and North are the grid reference in metres (oseast1m,
	// osnrth1m); NaN where the directory gives none.
	East, North float64
	// District is the local authority district's ONS code (oslaua), such
	// as E07000223, W06000015 or S12000036.
	District string
}

// FromRows builds a directory from rows, for tests and small extracts.
func FromRows(rows []Row) (*Directory, error) {
	b := newBuilder()
	for k, r := range rows {
		if err := b.add(r.Postcode, r.East, r.North, r.District); err != nil {
			return nil, fmt.Errorf("row %d: %w", k+1, err)
		}
	}
	return b.d, nil
}

// Len is the number of postcodes in the directory.
func (d *Directory) Len() int { return len(d.places) }

// Locate returns a postcode's grid reference in metres (NaN where the
// directory has none, as for the Channel Islands and the Isle of Man) and
// its council: the DfE LA number of an English upper-tier council, WAL, SCO
// or NIR for Wales, Scotland and Northern Ireland (the codes DfE's PL_LA
// uses), or "" where there is no council (the Channel Islands, the Isle of
// Man, a district the bundled lookup does not know). Spaces and case are
// ignored; ok is false for a postcode not in the directory.
func (d *Directory) Locate(postcode string) (east, north float64, la string, ok bool) {
	k, valid := key(postcode)
	if !valid || d == nil {
		return 0, 0, "", false
	}
	p, ok := d.places[k]
	if !ok {
		return 0, 0, "", false
	}
	return float64(p.east), float64(p.north), d.las[p.la], true
}

// Normalise is a postcode as the directory matches it: without spaces, in
// upper case ("sw1a 1aa" → "SW1A1AA").
func Normalise(postcode string) string {
	return strings.ToUpper(strings.ReplaceAll(postcode, " ", ""))
}

// key packs a normalised postcode (at most seven letters and digits, as
// every UK postcode is) into a number, so two and a half million of them
// take little memory. Each character is a base-37 digit from 1, so
// postcodes of different lengths never collide.
func key(postcode string) (uint64, bool) {
	var k uint64
	n := 0
	for i := 0; i < len(postcode); i++ {
		c := postcode[i]
		var v uint64
		switch {
		case c == ' ':
			continue
		case c >= '0' && c <= '9':
			v = uint64(c-'0') + 1
		case c >= 'A' && c <= 'Z':
			v = uint64(c-'A') + 11
		case c >= 'a' && c <= 'z':
			v = uint64(c-'a') + 11
		default:
			return 0, false
		}
		if n++; n > 7 {
			return 0, false
		}
		k = k*37 + v
	}
	return k, n > 0
}

// Load reads the directory's CSV file (ONSPD_…_UK.csv), or the zip file
// ONS publishes it in (the largest CSV inside is read). Errors name the
// file, line and column.
func Load(path string) (*Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err == nil && string(magic[:]) == "PK\x03\x04" {
		return loadZip(f, path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return Read(f, path)
}

func loadZip(f *os.File, path string) (*Directory, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	z, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var best *zip.File
	for _, e := range z.File {
		if strings.HasSuffix(strings.ToLower(e.Name), ".csv") && (best == nil || e.UncompressedSize64 > best.UncompressedSize64) {
			best = e
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%s: the zip file holds no CSV file", path)
	}
	rc, err := best.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", path, best.Name, err)
	}
	defer rc.Close()
	return Read(rc, path+": "+best.Name)
}

// Header names the directory's editions have used for each field, in
// lower case: the ONSPD to 2024 (pcds, oseast1m, osnrth1m, oslaua), the
// NSPL (laua) and the 2025 layout (pcd7, east1m, north1m, lad25cd).
var (
	postcodeCols = []string{"pcds", "pcd", "pcd2", "pcd7", "pcd8"}
	eastCols     = []string{"oseast1m", "east1m"}
	northCols    = []string{"osnrth1m", "north1m"}
	districtCols = []string{"oslaua", "laua", "lad"}
	districtRe   = regexp.MustCompile(`^lad\d\dcd$`)
)

// Read reads the directory's CSV from r; name is the file's name, for
// errors.
func Read(r io.Reader, name string) (*Directory, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty file: expected the ONS Postcode Directory's CSV", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	find := func(names []string, re *regexp.Regexp) (int, string) {
		for _, n := range names {
			if i, ok := cols[n]; ok {
				return i, n
			}
		}
		if re != nil {
			for i, h := range header {
				if h = strings.ToLower(strings.TrimSpace(h)); re.MatchString(h) {
					return i, h
				}
			}
		}
		return -1, ""
	}
	pcI, pcN := find(postcodeCols, nil)
	eI, eN := find(eastCols, nil)
	nI, nN := find(northCols, nil)
	dI, _ := find(districtCols, districtRe)
	var missing []string
	for _, c := range []struct {
		i     int
		names []string
	}{{pcI, postcodeCols}, {eI, eastCols}, {nI, northCols}, {dI, districtCols}} {
		if c.i < 0 {
			missing = append(missing, strings.Join(c.names, " or "))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: line 1: not the ONS Postcode Directory: no column %s", name, strings.Join(missing, "; no column "))
	}
	b := newBuilder()
	num := func(rec []string, i int, col string) (float64, error) {
		s := strings.TrimSpace(rec[i])
		if s == "" {
			return math.NaN(), nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			line, _ := cr.FieldPos(i)
			return 0, fmt.Errorf("%s: line %d: column %s: not a grid reference: %q", name, line, col, s)
		}
		return v, nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		east, err := num(rec, eI, eN)
		if err != nil {
			return nil, err
		}
		north, err := num(rec, nI, nN)
		if err != nil {
			return nil, err
		}
		if err := b.add(rec[pcI], east, north, rec[dI]); err != nil {
			line, _ := cr.FieldPos(pcI)
			return nil, fmt.Errorf("%s: line %d: column %s: %w", name, line, pcN, err)
		}
	}
	return b.d, nil
}

type builder struct {
	d        *Directory
	laIdx    map[string]uint16 // council → index in d.las
	district map[string]uint16 // district code → index in d.las
}

func newBuilder() *builder {
	return &builder{
		d:        &Directory{places: map[uint64]place{}, las: []string{""}},
		laIdx:    map[string]uint16{"": 0},
		district: map[string]uint16{},
	}
}

func (b *builder) add(postcode string, east, north float64, district string) error {
	k, ok := key(postcode)
	if !ok {
		return fmt.Errorf("not a postcode: %q", postcode)
	}
	district = strings.ToUpper(strings.TrimSpace(district))
	i, seen := b.district[district]
	if !seen {
		la := Council(district)
		if i, seen = b.laIdx[la]; !seen {
			if len(b.d.las) > math.MaxUint16 {
				return fmt.Errorf("too many councils")
			}
			i = uint16(len(b.d.las))
			b.d.las = append(b.d.las, la)
			b.laIdx[la] = i
		}
		b.district[district] = i
	}
	b.d.places[k] = place{east: float32(east), north: float32(north), la: i}
	return nil
}

var (
	upperTier = sync.OnceValue(func() map[string]string {
		rows, err := csv.NewReader(strings.NewReader(ltlaUTLA)).ReadAll()
		if err != nil {
			panic(err) // bundled and tested
		}
		m := make(map[string]string, len(rows))
		for _, r := range rows[1:] {
			m[r[0]] = r[3]
		}
		return m
	})
	register = sync.OnceValue(geography.Default)
)

// Council is the council DfE's PL_LA gives a local authority district
// (lower tier, by ONS code): the DfE LA number of the English upper-tier
// council it lies in (a unitary district is its own), WAL, SCO or NIR for
// a district in Wales, Scotland or Northern Ireland, and "" for anything
// else, such as the Channel Islands' and the Isle of Man's pseudo-codes or
// an English district abolished before April 2023 (use a directory
// published since then).
func Council(district string) string {
	d := strings.ToUpper(strings.TrimSpace(district))
	if d == "" {
		return ""
	}
	switch d[0] {
	case 'W':
		return "WAL"
	case 'S':
		return "SCO"
	case 'N':
		return "NIR"
	case 'E':
	default:
		return ""
	}
	utla, ok := upperTier()[d]
	if !ok {
		utla = d
	}
	reg := register()
	if c := reg.Council(reg.Canonical(utla)); c != nil {
		return c.OldCode
	}
	return ""
}
