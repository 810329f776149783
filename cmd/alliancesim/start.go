package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// bundledNowcast is the --from-nowcast value that starts the runs from the
// bundled China–Russia record's state for the end of the year before the
// scenario starts (kept in the binary for the bundled scenarios' years,
// filtered in the run for another); it is what `initial_state: nowcast`
// means.
const bundledNowcast = "bundled"

// nowcastStart resolves where the runs of jobs start and sets it on r:
// from --from-nowcast's state (arg: a nowcast folder, its state.json, or
// "bundled"), from the bundled nowcast when the scenarios say
// `initial_state: nowcast`, or, with neither, from each scenario's own
// rung (nothing set). Runs from one state start in one year, and
// scenarios compared on common random numbers start the same way.
func nowcastStart(r *runner, c *common, jobs []job, arg string) error {
	r.runStart = runStart{}
	workDir := c.Factory.WorkDir
	var from, asserted []string
	for _, j := range jobs {
		if j.l.Scenario.FromNowcast {
			from = append(from, j.l.Scenario.Name)
		} else {
			asserted = append(asserted, j.l.Scenario.Name)
		}
	}
	if arg == "" && len(from) == 0 {
		return nil
	}
	if arg == "" && len(asserted) > 0 {
		return invalidf("%s starts from the nowcast (initial_state: nowcast) but %s from its initial_state; scenarios run together start the same way\n  hint: give every one initial_state: nowcast, or run them with --from-nowcast bundled", from[0], asserted[0])
	}
	year := jobs[0].l.Scenario.StartYear
	for _, j := range jobs[1:] {
		if y := j.l.Scenario.StartYear; y != year {
			return invalidf("%s starts in %d and %s in %d; runs from one nowcast state start in one year\n  hint: set the same start_year in both", jobs[0].l.Scenario.Name, year, j.l.Scenario.Name, y)
		}
	}
	flag := arg
	if arg == "" {
		arg = bundledNowcast
	}
	f, err := stateFor(r, arg, workDir, jobs[0].l.Scenario.Name, year)
	if err != nil {
		return err
	}
	st, err := f.Start()
	if err != nil {
		return invalidf("--from-nowcast: %s: %v", arg, err)
	}
	digest, err := f.Digest()
	if err != nil {
		return err
	}
	r.start, r.startFrom = st, flag
	r.startRef = &results.StartRef{From: arg, Year: f.Year, ObservedThrough: max(f.ObservedThrough, 0), Scenario: f.Scenario,
		Particles: f.FilterParticles, Seed: f.Seed, Rungs: results.RoundNums(st.Rungs()), SHA256: digest}
	if r.startRef.ObservedThrough == 0 {
		r.startRef.ObservedThrough = f.Year
	}
	lines := startLines(r.startRef, st, year)
	r.startLines = append([]string{"start: " + lines[0]}, lines[1:]...)
	// The scenario's own start (initial_state: nowcast) is the default and
	// shows under the result's first line; a start the command line asked
	// for is echoed at once, before the work.
	if flag != "" {
		c.notef("the runs start from %s", lines[0])
		for _, l := range lines[1:] {
			c.notef("%s", strings.TrimSpace(l))
		}
	}
	return nil
}

// manifestStart is the start state a shard's manifest records (nil for
// none), resolved again for the merge, which must draw or check what the
// shards ran: the bundled record's state for the year, or the nowcast
// folder's (as the shards were given it), checked against the digest the
// shards recorded.
func manifestStart(r *runner, workDir string, m *results.Manifest) (*sim.StartState, error) {
	ref := m.Start
	if ref == nil {
		return nil, nil
	}
	f, err := stateFor(r, ref.From, workDir, m.Scenario.Name, ref.Year+1)
	if err != nil {
		return nil, err
	}
	if digest, err := f.Digest(); err != nil || digest != ref.SHA256 {
		return nil, invalidf("the shards started from the nowcast state %s (SHA-256 %.12s), which now reads differently (%.12s): it changed since they ran\n  hint: merge with the state the shards used, or run the shards again", ref.From, ref.SHA256, digest)
	}
	return f.Start()
}

// startLines say where the runs start, under a printed result's first
// line: the state's year and record, its rung distribution, and, when
// some runs start in an alliance (predicted in the years past the
// record), that the headline counts only pacts formed from the scenario's
// start on.
func startLines(ref *results.StartRef, st *sim.StartState, year int) []string {
	rungs := st.Rungs()
	names := model.StateNames()
	var parts []string
	for s := len(rungs) - 1; s >= 0; s-- {
		if rungs[s] >= 0.001 {
			parts = append(parts, strings.ToLower(names[s][:1])+names[s][1:]+" "+format.Percent(rungs[s]))
		}
	}
	out := []string{startSource(ref) + ": " + strings.Join(parts, ", ")}
	if a := rungs[model.DefenceAlliance]; a > 0 {
		out = append(out, fmt.Sprintf("  %s of the runs start in a defence alliance already formed by the end of %d; they count as in force, and P(alliance) counts only pacts formed from %d on", format.Percent(a), ref.Year, year))
	}
	return out
}

// bundledState is the bundled China–Russia record's state at the end of
// year (nowcast.BundledState: kept in the binary for the years the
// bundled scenarios need, else filtered now, with a progress bar).
func bundledState(r *runner, scenario string, year int) (*nowcast.StateFile, error) {
	rec, err := nowcast.BundledRecord()
	if err != nil {
		return nil, err
	}
	if year > rec.Last+nowcast.MaxBeyond {
		return nil, invalidf("%s starts in %d, but the bundled record ends in %d, and a nowcast predicts at most %d years past it\n  hint: start the scenario in %d or earlier, or give --from-nowcast a nowcast of a longer record", scenario, year+1, rec.Last, nowcast.MaxBeyond, rec.Last+nowcast.MaxBeyond+1)
	}
	if l, err := scenarios.Open(nowcast.DefaultScenario); err == nil && year < l.Scenario.StartYear {
		first := l.Scenario.StartYear
		return nil, invalidf("%s starts in %d, but the nowcast filters the bundled record from %d (%s), so its first state is for the end of %d\n  hint: start the scenario in %d or later, or give it an initial_state rung instead of nowcast", scenario, year+1, first, nowcast.DefaultScenario, first, first+1)
	}
	var done, total atomic.Int64
	// The bar shows only when the state is filtered now, not when the
	// binary keeps it.
	var once sync.Once
	stop := func(bool) {}
	progress := func(_ string, d, t int) {
		once.Do(func() { stop = r.bar("nowcast china-russia", int64(year-rec.First+1), &done, &total) })
		done.Store(int64(d))
		total.Store(int64(t))
	}
	f, err := nowcast.BundledState(r.ctx, year, progress)
	once.Do(func() {})
	stop(err == nil)
	if err != nil {
		if r.ctx.Err() != nil {
			return nil, r.studyError(err)
		}
		return nil, invalidf("initial_state: nowcast: %v", err)
	}
	return f, nil
}

// stateFor is the state a scenario starting in year starts from, as arg
// names it: bundled (the bundled record's, bundledState), or a nowcast's
// folder or state.json (readStateFor).
func stateFor(r *runner, arg, workDir, scenario string, year int) (*nowcast.StateFile, error) {
	if arg == bundledNowcast {
		return bundledState(r, scenario, year-1)
	}
	return readStateFor(arg, workDir, scenario, year)
}

// readStateFor reads a nowcast's state.json (arg is its folder or the
// file) and checks that scenario, starting in year, starts the year after
// the state's.
func readStateFor(arg, workDir, scenario string, year int) (*nowcast.StateFile, error) {
	path := arg
	if !filepath.IsAbs(path) && workDir != "" {
		path = filepath.Join(workDir, path)
	}
	f, err := nowcast.ReadState(path)
	if err != nil {
		return nil, invalidf("--from-nowcast: %v\n  hint: give the output folder of alliancesim nowcast (it holds state.json), or bundled", err)
	}
	if year != f.Year+1 {
		return nil, invalidf("--from-nowcast %s: scenario %s starts in %d, but the nowcast state (filtered under %s) is at the end of %d\n  hint: make the state for the end of %d with alliancesim nowcast --through %d, or use --from-nowcast bundled",
			arg, scenario, year, f.Scenario, f.Year, year-1, year-1)
	}
	return f, nil
}

// fromNowcastFlag adds --from-nowcast.
func fromNowcastFlag(fl *pflag.FlagSet, v *string) {
	fl.StringVar(v, "from-nowcast", "", "start every run from a nowcast's filtered state: a folder written by alliancesim nowcast (its state.json), or bundled (the bundled China–Russia record, filtered through the year before the scenario starts) instead of the scenario's initial_state")
}

// centralScenario is sc with its initial rung the likeliest of start (sc
// itself without a start): a central run has no chance in it, so from a
// distribution of starts it takes the likeliest rung.
func centralScenario(sc *model.Scenario, start *sim.StartState) (*model.Scenario, float64) {
	if start == nil {
		return sc, 1
	}
	rungs := start.Rungs()
	c := *sc
	for k := range rungs {
		if rungs[k] > rungs[c.InitialState] {
			c.InitialState = model.State(k)
		}
	}
	return &c, rungs[c.InitialState]
}

// startSentence says in words where the runs started, for a report.
func startSentence(ref *results.StartRef) string {
	if ref == nil {
		return ""
	}
	return "runs start from " + startSource(ref)
}

// startSource names the state runs start from, the one wording of the
// table's header, the terminal's note and the report: its year, and its
// record (observed through which year, predicted after).
func startSource(ref *results.StartRef) string {
	src := ref.From
	if src == bundledNowcast {
		src = "the bundled China–Russia record"
	}
	s := fmt.Sprintf("the nowcast state at the end of %d (%s", ref.Year, src)
	if ref.ObservedThrough < ref.Year {
		s += fmt.Sprintf(", observed through %d and predicted after", ref.ObservedThrough)
	}
	return s + ")"
}
