package linkage

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
)

type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

// union joins the sets, keeping the smaller row as root so cluster ids do
// not depend on the order links arrive in.
func (u unionFind) union(a, b int32) int32 {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return ra
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra
	return ra
}

func (u unionFind) labels() []int32 {
	out := make([]int32, len(u))
	for i := range u {
		out[i] = u.find(int32(i))
	}
	return out
}

// ConnectedComponents clusters n records by the links at or above the
// threshold probability, transitively: a cluster is labelled by its
// lowest row. One wrong link joins two people, so use it where sources
// may hold duplicates and chains are wanted.
func ConnectedComponents(n int, pairs []Pair, threshold float64) []int32 {
	u := newUnionFind(n)
	for _, p := range pairs {
		if p.Probability >= threshold {
			u.union(p.A, p.B)
		}
	}
	return u.labels()
}

// OnePerSource clusters records from sources each known to hold no
// duplicates: links at or above the threshold are taken strongest first,
// and a link is kept only if the two clusters it joins hold no source in
// common. So every record keeps at most one link into each other source
// (one-to-one, each record used once), and a chain of weak links cannot
// pull two records of one source together. source gives each row's
// source number.
func OnePerSource(source []int32, pairs []Pair, threshold float64) []int32 {
	n := len(source)
	var nsrc int32
	for _, s := range source {
		nsrc = max(nsrc, s+1)
	}
	words := int(nsrc+63) / 64
	sets := make([]uint64, n*words)
	for i, s := range source {
		sets[i*words+int(s/64)] |= 1 << (s % 64)
	}
	order := make([]int, 0, len(pairs))
	for i, p := range pairs {
		if p.Probability >= threshold && source[p.A] != source[p.B] {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := pairs[x], pairs[y]
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(a.A, b.A); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
	u := newUnionFind(n)
	for _, idx := range order {
		p := pairs[idx]
		ra, rb := u.find(p.A), u.find(p.B)
		if ra == rb {
			continue
		}
		sa, sb := sets[int(ra)*words:int(ra+1)*words], sets[int(rb)*words:int(rb+1)*words]
		clash := false
		for w := range sa {
			if sa[w]&sb[w] != 0 {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		root := u.union(ra, rb)
		for w := range sa {
			sets[int(root)*words+w] = sa[w] | sb[w]
		}
	}
	return u.labels()
}

// Clusters groups the table's records by the links: by connected
// components, or, with onePerSource, keeping at most one record of each
// source in a cluster (only for link_type link, whose sources hold no
// duplicates).
func (l *Linker) Clusters(pairs []Pair, onePerSource bool) ([]int32, error) {
	if onePerSource {
		if !l.linkOnly {
			return nil, errors.New("linkage: one record per source needs link_type link: with dedupe a source holds duplicates by definition")
		}
		return OnePerSource(l.source, pairs, l.s.Threshold), nil
	}
	return ConnectedComponents(l.n, pairs, l.s.Threshold), nil
}

// WriteClusters writes one CSV row per record, unique_id and cluster_id,
// the cluster named by the id of its lowest row; when linking, ids are
// qualified by source ("source/id").
func (l *Linker) WriteClusters(w io.Writer, clusters []int32) error {
	if len(clusters) != l.n {
		return errors.New("linkage: clusters do not match the table: " + strconv.Itoa(len(clusters)) + " labels for " + strconv.Itoa(l.n) + " records")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"unique_id", "cluster_id"}); err != nil {
		return err
	}
	for i, c := range clusters {
		if err := cw.Write([]string{l.ID(i), l.ID(int(c))}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
