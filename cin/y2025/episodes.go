package y2025

import (
	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
)

// Most rules join tables on the CIN episode or the child protection plan.
// The groupings are built once per table and shared by every rule, since a
// national census has a million episodes and building a map of them is
// the costliest step of many rules.

// episode identifies one CIN episode: a child and its CINdetailsID.
type episode struct{ child, cin string }

// plan identifies one child protection plan; CPPID restarts at 1 in each
// CIN episode, so the episode is part of the key.
type plan struct {
	episode
	cpp string
}

type (
	allEpisodesKey struct{}
	episodesKey    struct{}
	plansKey       struct{}
)

// byEpisodeAll maps each CIN episode to its rows in t, rows without a child
// id included (they join each other, as a merge on the two columns does).
func byEpisodeAll(t *cin.Table) map[episode][]int {
	return t.Derived(allEpisodesKey{}, func() any {
		child, id := t.Column("LAchildID"), t.Column("CINdetailsID")
		return returns.Group(len(child), func(i int) (episode, bool) { return episode{child[i], id[i]}, true })
	}).(map[episode][]int)
}

// byEpisode maps each CIN episode to its rows in t, leaving out rows
// without a child id so that they never join across children. When no row
// lacks one it is byEpisodeAll's map itself.
func byEpisode(t *cin.Table) map[episode][]int {
	return t.Derived(episodesKey{}, func() any {
		all := byEpisodeAll(t)
		blank := false
		for k := range all {
			if k.child == "" {
				blank = true
				break
			}
		}
		if !blank {
			return all
		}
		m := make(map[episode][]int, len(all))
		for k, rows := range all {
			if k.child != "" {
				m[k] = rows
			}
		}
		return m
	}).(map[episode][]int)
}

// byPlan maps each child protection plan to its rows in t
// (ChildProtectionPlans or Reviews), without rows lacking a child id.
func byPlan(t *cin.Table) map[plan][]int {
	return t.Derived(plansKey{}, func() any {
		child, id, cpp := t.Column("LAchildID"), t.Column("CINdetailsID"), t.Column("CPPID")
		return returns.Group(len(child), func(i int) (plan, bool) {
			return plan{episode{child[i], id[i]}, cpp[i]}, child[i] != ""
		})
	}).(map[plan][]int)
}
