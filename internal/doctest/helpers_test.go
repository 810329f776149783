package doctest

import (
	"slices"
	"strings"
	"testing"
)

func TestMergeFragment(t *testing.T) {
	base := "name: m\nactors:\n  - id: a\n    name: A\n  - id: b\n    name: B\n"
	for _, c := range []struct{ frag, want string }{
		{"    drivers:\n      threat: 1\n",
			"name: m\nactors:\n  - id: a\n    name: A\n    drivers:\n      threat: 1\n  - id: b\n    name: B\n"},
		{"  - id: b\n    name: B\n    drivers:\n      threat: 1\n",
			"name: m\nactors:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    drivers:\n      threat: 1\n"},
		{"events:\n  - name: e\n    description: d\n",
			base + "events:\n  - name: e\n    description: d\n"},
	} {
		if got := mergeFragment(base, c.frag); got != c.want {
			t.Errorf("mergeFragment(+%q) =\n%s\nwant\n%s", c.frag, got, c.want)
		}
	}
}

func TestMatchAndUpdate(t *testing.T) {
	norm := normalizer("alliancesim run baseline")
	want := []string{"baseline · 100,000 draws · seed 1 · mc · 0.16 s", "", "P: 10.4%", "...", "wrote a", "hint: keys a, b, ..."}
	got := []string{"baseline · 100,000 draws · seed 1 · mc · 1.02 s", "", "P: 10.4%", "x", "y", "wrote a", "hint: keys a, b, c, d"}
	if !matches(want, got, norm) {
		t.Errorf("no match:\n%s", diff(want, got, norm))
	}
	got[2] = "P: 13.8%"
	if matches(want, got, norm) {
		t.Error("a changed number matched")
	}
	up := updated(want, got, norm)
	exp := slices.Clone(want)
	exp[2] = "P: 13.8%"
	if !slices.Equal(up, exp) {
		t.Errorf("updated =\n%s\nwant\n%s", strings.Join(up, "\n"), strings.Join(exp, "\n"))
	}
}

func TestTools(t *testing.T) {
	cmd := `ALLIANCESIM_X=1 alliancesim run b | grep -E '^a|^b' 2>&1 && diff <(jq "del(.x)" a) <(jq . b) && echo $?`
	if got, want := tools(cmd), []string{"alliancesim", "grep", "diff", "jq", "jq", "echo"}; !slices.Equal(got, want) {
		t.Errorf("tools = %q, want %q", got, want)
	}
}
