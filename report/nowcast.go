package report

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
)

// ---- The nowcast ----

// rungName is rung s of the ladder in words, lower case ("entente").
func rungName(keys []string, s int) string {
	names := model.StateNames()
	if s < len(names) && s < len(keys) && keys[s] == model.StateKeys()[s] {
		return strings.ToLower(names[s])
	}
	if s < len(keys) {
		return strings.ReplaceAll(oneLine(keys[s]), "_", " ")
	}
	return fmt.Sprintf("rung %d", s+1)
}

// rungKeyName is a rung's key ("strategic_partnership") in words.
func rungKeyName(keys []string, key string) string {
	for s, k := range keys {
		if k == key {
			return rungName(keys, s)
		}
	}
	return strings.ReplaceAll(oneLine(key), "_", " ")
}

// likeliest is the index of the largest share (-1 for none).
func likeliest(shares []results.Num) int {
	best := -1
	for s, x := range shares {
		if !bad(float64(x)) && (best < 0 || x > shares[best]) {
			best = s
		}
	}
	return best
}

// rungsInWords names the likeliest rung with its share, and the next one
// when it holds at least 5%: "entente (92.0%; strategic partnership 7.1%)".
func rungsInWords(keys []string, shares []results.Num) string {
	best := likeliest(shares)
	if best < 0 {
		return "no rung"
	}
	s := fmt.Sprintf("%s (%s", rungName(keys, best), format.Percent(float64(shares[best])))
	second := -1
	for i, x := range shares {
		if i != best && !bad(float64(x)) && (second < 0 || x > shares[second]) {
			second = i
		}
	}
	if second >= 0 && shares[second] >= 0.05 {
		s += fmt.Sprintf("; %s %s", rungName(keys, second), format.Percent(float64(shares[second])))
	}
	return s + ")"
}

// lastRecorded is the last year the record covers (not beyond it).
func lastRecorded(f *nowcast.File) (nowcast.YearJSON, bool) {
	for i := len(f.Years) - 1; i >= 0; i-- {
		if !f.Years[i].BeyondRecord {
			return f.Years[i], true
		}
	}
	return nowcast.YearJSON{}, false
}

// signpostOutcome is what the signposts predict, in words.
func signpostOutcome(sp *nowcast.SignpostsJSON) string {
	if sp.IncludeWindowAlliances {
		return fmt.Sprintf("an alliance forms by %d", sp.Horizon)
	}
	return fmt.Sprintf("an alliance forms in %d–%d", sp.WatchTo+1, sp.Horizon)
}

func (b *builder) nowcastBrief() section {
	nr := b.in.Nowcast
	f := nr.File
	s := section{ID: "nowcast", Title: "Where the relationship stands on the record"}
	keys := f.StateKeys
	var p para
	if y, ok := lastRecorded(f); ok {
		p = para{txt(fmt.Sprintf("Read off the observed record of %d–%d (Security Council votes, joint exercises and patrols, trade, joint statements) through the model, "+
			"not taken from a scenario, the relationship at the end of %d is at ", f.Years[0].Year, y.Year, y.Year)),
			strong(rungsInWords(keys, y.Filtered))}
		if y.Coded != nil && *y.Coded != "" {
			if best := likeliest(y.Filtered); best >= 0 && best < len(keys) && keys[best] == *y.Coded {
				p = append(p, txt(", as the coding of events has it"))
			} else {
				p = append(p, txt("; the coding of events says "+rungKeyName(keys, *y.Coded)))
			}
		}
		p = append(p, txt("."))
		if f.State.Year > y.Year {
			p = append(p, txt(fmt.Sprintf(" Carried forward with no observations, at the end of %d it is at ", f.State.Year)),
				strong(rungsInWords(keys, f.State.Rungs)), txt("."))
		}
	}
	if fc := f.Forecast; len(fc.Years) > 0 {
		last := fc.Years[len(fc.Years)-1]
		sc := ""
		if n := oneLine(f.Scenario); n != "" {
			sc = " under the " + n + " scenario's assumptions"
		}
		p = append(p, txt(fmt.Sprintf(" From that state%s, a defence alliance has formed by end %d in ", sc, last.Year)),
			strong(format.Percent(float64(last.PFormed))), txt(" of runs."))
	}
	if len(p) > 0 {
		s.para("summary", p)
	}
	if sc := f.Scores; sc.Years > 0 && !bad(float64(sc.LogScore)) {
		s.para("", para{strong("How far to trust it: "), txt(fmt.Sprintf("fed the record year by year, the model gave the next year's coded rung a probability of %s on average over %d years "+
			"(geometric mean; mean log score %s, ranked probability score %s; 0 is perfect).",
			format.Percent(math.Exp(float64(sc.LogScore))), sc.Years, fixed(float64(sc.LogScore), 3), fixed(float64(sc.RPS), 3)))})
	}
	sp := nr.Signposts
	if sp == nil {
		return s
	}
	for i, ps := range paragraphs(sp.Text) {
		p := linked(ps)
		if i == 0 {
			p = append(para{strong(fmt.Sprintf("What to watch in %d–%d: ", sp.WatchFrom, sp.WatchTo))}, p...)
		}
		s.para("", p)
	}
	if len(sp.Conditions) == 0 {
		return s
	}
	conds := append([]nowcast.SignpostConditionJSON(nil), sp.Conditions...)
	sort.SliceStable(conds, func(i, j int) bool { return conds[i].DensityDrop > conds[j].DensityDrop })
	labels := map[string]string{}
	for _, ft := range sp.Features {
		labels[ft.Name] = ft.Label
	}
	caption := fmt.Sprintf("Signposts in %d–%d, the most telling first", sp.WatchFrom, sp.WatchTo)
	if bx := sp.Box; bx != nil {
		caption += fmt.Sprintf(": with every condition met, %s in %s of runs (%s in all)", signpostOutcome(sp), format.Percent(float64(bx.P.P)), format.Percent(float64(sp.Base.P)))
		if !bx.Significant {
			caption += ", which does not stand out from Monte Carlo noise: read these as no signpost"
		}
	}
	caption += "; the last column drops one condition, the others kept"
	t := b.table(&table{Class: "nowcast-signposts", Caption: caption + ".",
		Head: []string{"Indicator", "Condition", "P(alliance) without it"}, Align: "llr"})
	for _, c := range conds {
		ind := para{code(oneLine(c.Indicator))}
		if l := oneLine(labels[c.Feature]); l != "" {
			ind = para{txt(l + " ("), code(oneLine(c.Indicator)), txt(")")}
		}
		without := format.Percent(float64(c.DensityWithout))
		if !bad(float64(c.DensityDrop)) {
			without += " (" + signedPP(-float64(c.DensityDrop)) + ")"
		}
		t.Rows = append(t.Rows, []para{ind, cell(format.Capitalise(oneLine(c.Clause))), cell(without)})
	}
	s.table(t)
	return s
}

func (b *builder) nowcastDetail() (section, error) {
	nr := b.in.Nowcast
	f := nr.File
	s := section{ID: "nowcast-detail", Title: "The nowcast in detail"}
	first, last := f.Years[0].Year, f.Years[len(f.Years)-1].Year
	if y, ok := lastRecorded(f); ok {
		last = y.Year
	}
	facts := []para{
		{strong("Record: "), code(orDash(oneLine(f.Data))), txt(fmt.Sprintf(", %d–%d.", first, last))},
		{strong("Scenario: "), txt(orDash(oneLine(f.Scenario)) + " (the model's step the particles follow).")},
		{strong("Particles: "), txt(format.Thousands(int64(f.Run.Particles)) + ", seed "), code(fmt.Sprint(f.Run.Seed)), txt(".")},
	}
	if !bad(float64(f.Run.LogLik)) {
		facts = append(facts, para{strong("Log marginal likelihood of the record: "), txt(fixed(float64(f.Run.LogLik), 2) + ".")})
	}
	s.list("facts", facts...)
	if err := b.figures(&s, nr.Charts, nil); err != nil {
		return s, fmt.Errorf("nowcast: %w", err)
	}
	// The last years of the record, and any past it.
	from := max(0, len(f.Years)-8)
	yt := &table{Class: "nowcast-years",
		Caption: "The last years of the record: the rung the coding of events gives, the likeliest rung given the record up to that year (with its share of the particles), and P(entente or defence alliance).",
		Head:    []string{"Year", "Coded rung", "Likeliest rung", "P(entente or above)"}, Align: "rllr"}
	for _, y := range f.Years[from:] {
		coded := "–"
		switch {
		case y.BeyondRecord:
			coded = "predicted, no observations"
		case y.Coded != nil:
			coded = rungKeyName(f.StateKeys, *y.Coded)
		}
		yt.Rows = append(yt.Rows, []para{cell(fmt.Sprint(y.Year)), cell(coded), cell(rungsInWords(f.StateKeys, y.Filtered)), cell(format.Percent(float64(y.PEntenteOrAbove)))})
	}
	s.table(b.table(yt))
	if len(f.Emissions) > 0 {
		em := append([]nowcast.EmissionJSON(nil), f.Emissions...)
		sort.SliceStable(em, func(i, j int) bool {
			return em[i].Discrimination.MutualInformation > em[j].Discrimination.MutualInformation
		})
		t := b.table(&table{Class: "indicators",
			Caption: "What each indicator tells about the rung, estimated on the record: the mutual information between the indicator and the rung, in bits, and as a share of the rung's uncertainty (its entropy). An indicator near zero does not tell the rungs apart and weighs almost nothing in the filter.",
			Head:    []string{"Indicator", "Unit", "Mutual information (bits)", "Share of the rung's uncertainty"}, Align: "llrr"})
		for _, e := range em {
			d := e.Discrimination
			t.Rows = append(t.Rows, []para{codeCell(oneLine(e.Indicator)), cell(orDash(oneLine(e.Unit))), cell(fixed(float64(d.MutualInformation), 3)), cell(format.Percent(float64(d.ShareOfEntropy)))})
		}
		s.table(t)
	}
	var notes []para
	for _, n := range f.Notes {
		if n = oneLine(n); n != "" {
			notes = append(notes, linked(n))
		}
	}
	if sp := nr.Signposts; sp != nil {
		for _, n := range sp.Notes {
			if n = oneLine(n); n != "" {
				if !strings.HasSuffix(n, ".") {
					n += "."
				}
				notes = append(notes, linked("Signposts: "+n))
			}
		}
	}
	if len(notes) > 0 {
		s.h4("Notes")
		s.list("", notes...)
	}
	return s, nil
}

// checkNowcast refuses a nowcast that cannot be shown.
func checkNowcast(nr *NowcastResult) error {
	switch {
	case nr.File == nil:
		return errors.New("report: the nowcast has no nowcast.json content")
	case len(nr.File.Years) == 0:
		return errors.New("report: the nowcast has no filtered year")
	}
	return nil
}
