package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// What a scenario changes against the first: the inputs, events and
// weights whose values differ, with both values. The briefing lists only
// these; the appendix marks them in the full tables.

// change is one value that differs between the first scenario (Base) and
// another (Other). An empty side is a value the scenario does not have.
type change struct {
	// Kind is "input", "event" or "weight"; Name the input's path, the
	// event's name (with the field that differs: "taiwan_crisis: window"),
	// or the weight's key.
	Kind, Name string
	// Field is the event's field that differs ("window"), or "" for the
	// whole event, an input or a weight.
	Field       string
	Base, Other string
}

// changes lists what scenario k changes against scenario 0: its inputs
// (in its own order, then those only the first has), its events (field by
// field) and its weights (in key order).
func (b *builder) changes(k int) []change {
	base, other := b.in.Scenarios[0], b.in.Scenarios[k]
	var out []change
	// Events first decide which probability inputs an added or dropped
	// event already accounts for.
	inBase, both := map[string]InputRow{}, map[string]bool{}
	for _, in := range base.Inputs {
		inBase[in.Path] = in
	}
	for _, in := range other.Inputs {
		if _, ok := inBase[in.Path]; ok {
			both[in.Path] = true
		}
	}
	evs, whole := eventChanges(base.Events, other.Events, both)
	seen := map[string]bool{}
	for _, in := range other.Inputs {
		seen[in.Path] = true
		if whole[eventOfInput(in.Path)] {
			continue
		}
		bi, ok := inBase[in.Path]
		switch {
		case !ok:
			out = append(out, change{"input", in.Path, "", "", inputValue(in)})
		case inputValue(bi) != inputValue(in):
			out = append(out, change{"input", in.Path, "", inputValue(bi), inputValue(in)})
		}
	}
	for _, in := range base.Inputs {
		if !seen[in.Path] && !whole[eventOfInput(in.Path)] {
			out = append(out, change{"input", in.Path, "", inputValue(in), ""})
		}
	}
	out = append(out, evs...)
	bw, ow := b.weightsOf(0), b.weightsOf(k)
	var keys []string
	for key := range ow {
		keys = append(keys, key)
	}
	for key := range bw {
		if _, ok := ow[key]; !ok {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		x, okx := bw[key]
		y, oky := ow[key]
		switch {
		case !okx:
			out = append(out, change{"weight", key, "", "", value(y.Value)})
		case !oky:
			out = append(out, change{"weight", key, "", value(x.Value), ""})
		case x.Value != y.Value:
			out = append(out, change{"weight", key, "", value(x.Value), value(y.Value)})
		}
	}
	return out
}

// inputValue is an input's value as the tables print it.
func inputValue(in InputRow) string {
	v := oneLine(in.Distribution)
	if in.Fixed && !strings.HasPrefix(v, "fixed") {
		v += " (fixed)"
	}
	return v
}

// eventOfInput is the event whose probability the input path sets
// ("events.taiwan_crisis.probability" → "taiwan_crisis"), or "".
func eventOfInput(path string) string {
	rest, ok := strings.CutPrefix(path, "events.")
	if !ok {
		return ""
	}
	name, ok := strings.CutSuffix(rest, ".probability")
	if !ok {
		return ""
	}
	return name
}

// eventChanges compares two lists of events by name: a changed event gives
// one change per field that differs, an added or dropped one a single
// change with its whole definition. whole holds the names of the events
// added or dropped. An event's annual probability is left out when both
// scenarios have it as an input (inputs holds those paths): the input's
// row says it.
func eventChanges(base, other []EventRow, inputs map[string]bool) (out []change, whole map[string]bool) {
	whole = map[string]bool{}
	bm := map[string]EventRow{}
	for _, e := range base {
		bm[oneLine(e.Name)] = e
	}
	seen := map[string]bool{}
	for _, e := range other {
		name := oneLine(e.Name)
		seen[name] = true
		be, ok := bm[name]
		if !ok {
			whole[name] = true
			out = append(out, change{"event", name, "", "", eventValue(e)})
			continue
		}
		bf, of := eventFields(be), eventFields(e)
		for i := range bf {
			if i == 0 && inputs["events."+name+".probability"] {
				continue // the probability's input row says it
			}
			if bf[i][1] != of[i][1] {
				out = append(out, change{"event", name, bf[i][0], bf[i][1], of[i][1]})
			}
		}
	}
	for _, e := range base {
		if name := oneLine(e.Name); !seen[name] {
			whole[name] = true
			out = append(out, change{"event", name, "", eventValue(e), ""})
		}
	}
	return out, whole
}

// eventFields are an event's compared fields, as name and value.
func eventFields(e EventRow) [][2]string {
	once := "no"
	if e.Once {
		once = "yes"
	}
	return [][2]string{
		{"annual probability", oneLine(e.Probability)},
		{"window", oneLine(e.Window)},
		{"decay", value(e.Decay)},
		{"once", once},
		{"effects", oneLine(e.Effects)},
	}
}

// eventValue is an event's whole definition on one line.
func eventValue(e EventRow) string {
	parts := []string{"annual probability " + orDash(oneLine(e.Probability)), orDash(oneLine(e.Window)), "decay " + value(e.Decay)}
	if e.Once {
		parts = append(parts, "once")
	}
	if eff := oneLine(e.Effects); eff != "" {
		parts = append(parts, "effects "+eff)
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// weightsOf maps each weight's key to its value in scenario k: the first
// scenario's weights, overridden by those Weights assign to scenario k
// (by Weight.Scenario, or by a key "key (scenario)").
func (b *builder) weightsOf(k int) map[string]Weight {
	name := scenarioName(b.in.Scenarios[k])
	out := map[string]Weight{}
	var own []Weight
	for _, w := range b.in.Weights {
		key, sc := weightScenario(w, b.names())
		w.Key = key
		switch {
		case sc == "":
			out[key] = w
		case sc == name && k > 0:
			own = append(own, w)
		}
	}
	for _, w := range own {
		out[w.Key] = w
	}
	return out
}

// weightScenario splits a weight into its key and the scenario it belongs
// to ("" for the first scenario's).
func weightScenario(w Weight, names []string) (key, scenario string) {
	key = oneLine(w.Key)
	if sc := oneLine(w.Scenario); sc != "" {
		return key, sc
	}
	for _, n := range names[1:] {
		if k, ok := strings.CutSuffix(key, " ("+n+")"); ok {
			return k, n
		}
	}
	return key, ""
}

// scheduledEvents are the events of a scenario that are all but certain to
// occur in a known year: a fixed annual probability of at least one half
// in a window of one year. The central run leaves them out unless the
// command passed them as CentralEvents.
func scheduledEvents(sc Scenario) []EventRow {
	var out []EventRow
	for _, e := range sc.Events {
		p, err := strconv.ParseFloat(strings.TrimSpace(e.Probability), 64)
		if err != nil || p < 0.5 {
			continue
		}
		if _, err := strconv.Atoi(strings.TrimSpace(e.Window)); err != nil {
			continue
		}
		out = append(out, e)
	}
	return out
}

// changeLabel is a change's first cell: "input russia.threat".
func changeLabel(c change) para {
	p := para{txt(c.Kind + " "), code(c.Name)}
	if c.Field != "" {
		p = append(p, txt(": "+c.Field))
	}
	return p
}

// changeCell is one side of a change: a value in code, an event's whole
// definition as text.
func changeCell(c change, v, scenario string) para {
	switch {
	case v == "":
		return para{txt(fmt.Sprintf("not in %s", scenario))}
	case c.Kind == "event" && c.Field == "":
		return cell(v)
	}
	return codeCell(v)
}
