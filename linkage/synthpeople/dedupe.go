package synthpeople

import (
	"bufio"
	"io"
	"strconv"
	"time"
)

// DedupeOptions size a one-source set for deduplication benchmarks.
type DedupeOptions struct {
	Records int
	Seed    uint64
	Rates   Rates
	// DuplicateShare is the share of people with more than one record
	// (each then has one to three more); zero means 0.3.
	DuplicateShare float64
	AsOf           time.Time
}

// DedupeColumns are the columns WriteDedupe writes; cluster is the truth
// (the person) and must be left out of any model.
var DedupeColumns = []string{"unique_id", "first_name", "surname", "dob", "sex", "postcode", "town", "cluster"}

// WriteDedupe streams a CSV of records about people, some of whom have
// several records with errors, so that deduplication can be timed at
// scale: it holds one person at a time, whatever the number of records.
// A person's records are written together.
func WriteDedupe(w io.Writer, opt DedupeOptions) error {
	if opt.AsOf.IsZero() {
		opt.AsOf = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	}
	share := opt.DuplicateShare
	if share == 0 {
		share = 0.3
	}
	g := newGen(opt.Seed, opt.Rates, opt.AsOf)
	bw := bufio.NewWriterSize(w, 1<<20)
	for i, c := range DedupeColumns {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(c)
	}
	bw.WriteByte('\n')
	const unit = "ABDEFGHJLNPQRSTUWXYZ"
	var buf []byte
	id, person := 0, 0
	asOfDays := opt.AsOf.Unix() / 86400
	for id < opt.Records {
		person++
		first, sex := "", "M"
		if g.r.IntN(2) == 0 {
			first = boys[g.pick(g.cumB)]
		} else {
			first, sex = girls[g.pick(g.cumG)], "F"
		}
		sur := g.surname()
		dob := time.Unix((asOfDays-1-int64(g.r.IntN(18*365)))*86400, 0).UTC()
		t := towns[g.r.IntN(len(towns))]
		pc := make([]byte, 0, 8)
		pc = append(pc, t.area...)
		pc = strconv.AppendInt(pc, int64(1+g.r.IntN(20)), 10)
		pc = append(pc, ' ', byte('0'+g.r.IntN(10)), unit[g.r.IntN(len(unit))], unit[g.r.IntN(len(unit))])
		c := Child{FirstName: first, Surname: sur, DOB: dob, Sex: sex,
			Addresses: []Address{{Postcode: string(pc), Town: t.name, From: dob}}}
		if g.chance(opt.Rates.OldAddress / 3) { // moved: the new address differs
			a := c.Addresses[0]
			a.Postcode = a.Postcode[:len(a.Postcode)-2] + string([]byte{unit[g.r.IntN(len(unit))], unit[g.r.IntN(len(unit))]})
			a.From = dob.AddDate(0, 0, 1)
			c.Addresses = append(c.Addresses, a)
		}
		n := 1
		if g.chance(share) {
			n += 1 + g.r.IntN(3)
		}
		for k := 0; k < n && id < opt.Records; k++ {
			var rec []string
			if k == 0 {
				rec = []string{"", first, sur, dob.Format("2006-01-02"), sex, c.Addresses[len(c.Addresses)-1].Postcode}
			} else {
				rec = g.record(&c, 1, opt.AsOf, [2]bool{})
			}
			id++
			buf = buf[:0]
			buf = strconv.AppendInt(buf, int64(id), 10)
			for _, v := range rec[1:6] {
				buf = append(buf, ',')
				buf = append(buf, v...)
			}
			buf = append(buf, ',')
			if rec[5] != "" {
				buf = append(buf, t.name...)
			}
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(person), 10)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
