package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestBriefingChanges checks the briefing's list of what each scenario
// changes against the first: exactly the inputs, events and weights whose
// values differ, with both values, and nothing that is the same.
func TestBriefingChanges(t *testing.T) {
	t.Parallel()
	in := testInput(t, "")
	b := &builder{in: in, briefChart: -1}
	var got []string
	for _, c := range b.changes(1) {
		got = append(got, fmt.Sprintf("%s %s|%s|%s|%s", c.Kind, c.Name, c.Field, c.Base, c.Other))
	}
	want := []string{
		"input china.pressure||pert(0.5, 0.7, 0.9)|pert(0.7, 0.9, 1)",
		"input russia.pressure|||pert(0.7, 0.85, 1)",
		// events.sanctions_2028.probability is not listed: the event is
		// new, and its row gives its probability.
		"input china.doctrine||pert(0.7, 0.9, 1)|",
		"event taiwan_crisis|decay|0.5|0.6",
		"event sanctions_2028|||annual probability 0.9, 2028, decay 0.8, once, effects russia.pressure +0.1, china.pressure +0.1",
		"event us_china_detente||annual probability uniform(0.02, 0.08), any year, decay 0.7, once, effects china.pressure -0.3|",
		"weight junior_partner||1.4|1.2",
		"weight shared_opposition||2.6|3.1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// In both files, the briefing's table lists those and no other.
	_, h, md := rendered(t)
	for name, text := range map[string]string{"html": htmlText(h), "md": mdPlain(md)} {
		start := strings.Index(text, "What the us-hardline scenario changes against the baseline scenario.")
		end := -1
		if start >= 0 {
			end = strings.Index(text[start:], "What the result depends on")
		}
		if start < 0 || end < 0 {
			t.Fatalf("%s: no table of changes in the briefing", name)
		}
		brief := strings.ReplaceAll(text[start:start+end], " : ", ": ")
		for _, w := range []string{"input china.pressure pert(0.5, 0.7, 0.9) pert(0.7, 0.9, 1)", "input russia.pressure not in baseline pert(0.7, 0.85, 1)",
			"input china.doctrine pert(0.7, 0.9, 1) not in us-hardline", "event taiwan_crisis: decay 0.5 0.6", "event sanctions_2028 not in baseline",
			"event us_china_detente annual probability", "weight junior_partner 1.4 1.2", "weight shared_opposition 2.6 3.1"} {
			if !strings.Contains(strings.ReplaceAll(brief, "|", " "), w) && !strings.Contains(oneLine(strings.ReplaceAll(brief, "|", " ")), w) {
				t.Errorf("%s: briefing lacks %q in:\n%s", name, w, brief)
			}
		}
		for _, same := range []string{"russia.threat", "china.capability", "consent_threshold", "events.taiwan_crisis.probability"} {
			if strings.Contains(brief, same) {
				t.Errorf("%s: briefing lists %s, which does not differ", name, same)
			}
		}
	}

	// A scenario that changes nothing says so.
	in = testInput(t, "")
	in.Scenarios[1].Inputs, in.Scenarios[1].Events = in.Scenarios[0].Inputs, in.Scenarios[0].Events
	in.Weights = in.Weights[:5]
	if cs := (&builder{in: in}).changes(1); len(cs) != 0 {
		t.Errorf("identical scenarios: %d changes, want none: %+v", len(cs), cs)
	}
	md, err := Markdown(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mdPlain(md), "us-hardline: no input, event or weight differs from the baseline scenario.") {
		t.Error("identical scenarios: the briefing does not say that nothing differs")
	}
}

// TestAppendixMarks checks that the appendix marks the differing rows of
// the later scenario's tables, in words (both files) and as highlighted
// rows (HTML), and those only.
func TestAppendixMarks(t *testing.T) {
	t.Parallel()
	in, h, md := rendered(t)
	rows := regexp.MustCompile(`(?s)<tr class="marked">(.*?)</tr>`).FindAllSubmatch(h, -1)
	var marked []string
	for _, r := range rows {
		marked = append(marked, strings.Fields(htmlText(r[1]))[0])
	}
	want := "china.pressure russia.pressure events.sanctions_2028.probability taiwan_crisis sanctions_2028 shared_opposition junior_partner"
	if strings.Join(marked, " ") != want {
		t.Errorf("marked rows %q, want %q", strings.Join(marked, " "), want)
	}
	text := mdPlain(md)
	for _, w := range []string{"china.pressure | pert(0.7, 0.9, 1) | uncertain | Smith | Jones 2020 <img src=x onerror=alert(1)> | changed from pert(0.5, 0.7, 0.9) |",
		"russia.pressure | pert(0.7, 0.85, 1) | uncertain | – | new |", "changed: decay was 0.5",
		"In the baseline scenario but not in this one: china.doctrine, events.us_china_detente.probability.",
		"In the baseline scenario but not in this one: us_china_detente.",
		"3.1 (changed from 2.6)", "It leaves out the scheduled event sanctions_2028 (annual probability 0.9 in 2028)"} {
		if !strings.Contains(text, w) {
			t.Errorf("report.md lacks %q", w)
		}
	}
	// The central run with its scheduled events, when the command passes them.
	in.Scenarios[1].CentralEvents = []CentralEvent{{Name: "sanctions_2028", Year: 2028}}
	md, err := Markdown(in)
	if err != nil {
		t.Fatal(err)
	}
	if text := mdPlain(md); !strings.Contains(text, "The run includes the scenario's scheduled events (sanctions_2028 in 2028)") || strings.Contains(text, "It leaves out the scheduled") {
		t.Error("CentralEvents not reported")
	}
}
