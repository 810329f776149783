package calibrate

import (
	"fmt"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// Checkpoint is one observation of the path: the rung at the end of Year.
type Checkpoint struct {
	Year  int
	State model.State
}

// Path is an observed ordinal path of one dyad, for the path part of the
// likelihood: a scenario started where the record starts, the rungs
// observed at a few checkpoint years, and whether and when a pact formed.
type Path struct {
	// Name and File identify the scenario (the hindcast), SHA256 its
	// file's digest (empty when not known), so that the shards of a
	// calibration can tell whether they ran on the same path.
	Name, File, SHA256 string
	// Scenario is the compiled scenario; its own weights, if any, override
	// the calibrated ones as a case's do.
	Scenario *model.Scenario
	// Observed[t] is the observed rung at the end of year StartYear + t,
	// for every simulated year; it is reported beside the posterior's
	// state probabilities. Only Checkpoints enter the likelihood.
	Observed []model.State
	// Checkpoints are the years whose rung enters the likelihood.
	Checkpoints []Checkpoint
	// NoPactThrough, when not 0, is the last year through which no pact
	// formed; PactBy, when not 0, the year by which one had. At most one is
	// set.
	NoPactThrough, PactBy int
}

// checkpoint is a compiled condition on a trajectory.
type checkpoint struct {
	t            int
	state        model.State
	pact, noPact bool
}

// compile checks the path against its scenario and returns the conditions
// of the coarse path and the last year index they read.
func (p *Path) compile() ([]checkpoint, int, error) {
	sc := p.Scenario
	if sc == nil {
		return nil, 0, fmt.Errorf("path %s: no scenario", p.Name)
	}
	if p.NoPactThrough != 0 && p.PactBy != 0 {
		return nil, 0, fmt.Errorf("path %s: both pact_by and no_pact_through", p.Name)
	}
	idx := func(year int) (int, error) {
		t := year - sc.StartYear
		if t < 0 || t >= sc.HorizonYears {
			return 0, fmt.Errorf("path %s: year %d outside the simulated years %d–%d", p.Name, year, sc.StartYear, sc.StartYear+sc.HorizonYears-1)
		}
		return t, nil
	}
	var cs []checkpoint
	last := 0
	for _, c := range p.Checkpoints {
		t, err := idx(c.Year)
		if err != nil {
			return nil, 0, err
		}
		if c.State < 0 || int(c.State) >= model.NumStates {
			return nil, 0, fmt.Errorf("path %s: checkpoint %d: no rung %d", p.Name, c.Year, c.State)
		}
		cs = append(cs, checkpoint{t: t, state: c.State})
		last = max(last, t)
	}
	for _, y := range []struct {
		year int
		pact bool
	}{{p.PactBy, true}, {p.NoPactThrough, false}} {
		if y.year == 0 {
			continue
		}
		t, err := idx(y.year)
		if err != nil {
			return nil, 0, err
		}
		cs = append(cs, checkpoint{t: t, pact: y.pact, noPact: !y.pact})
		last = max(last, t)
	}
	if len(cs) == 0 {
		return nil, 0, fmt.Errorf("path %s: no checkpoints", p.Name)
	}
	if len(p.Observed) != 0 && len(p.Observed) != sc.HorizonYears {
		return nil, 0, fmt.Errorf("path %s: %d observed rungs for %d simulated years", p.Name, len(p.Observed), sc.HorizonYears)
	}
	return cs, last, nil
}

// ChinaRussiaCheckpoints are the checkpoint years of the China–Russia
// record from 1992 (docs/calibration.md): the middle of each observed
// dwell, so that a model whose steps come a year or two early or late
// still matches: normalization in 1994 (1989–1995), strategic partnership
// in 1998 (1996–2000), treaty partnership in 2007 (2001–2013), entente in
// 2019 and 2025 (from about 2014).
var ChinaRussiaCheckpoints = []Checkpoint{
	{1994, model.Normalization},
	{1998, model.StrategicPartnership},
	{2007, model.TreatyPartnership},
	{2019, model.Entente},
	{2025, model.Entente},
}

// ChinaRussiaRung is the observed China–Russia rung at the end of year
// (1989 onwards): normalization to 1995, strategic partnership 1996–2000,
// treaty partnership 2001–2013, entente from 2014; no step down, and no
// defence alliance through 2025.
func ChinaRussiaRung(year int) model.State {
	switch {
	case year < 1996:
		return model.Normalization
	case year < 2001:
		return model.StrategicPartnership
	case year < 2014:
		return model.TreatyPartnership
	}
	return model.Entente
}

// ChinaRussiaPath is the China–Russia record as a Path on the loaded
// hindcast scenario (scenarios/hindcast-1992.yaml): the checkpoints
// ChinaRussiaCheckpoints and no alliance through 2025.
func ChinaRussiaPath(l *scenarios.Loaded) *Path {
	sc := l.Scenario
	p := &Path{Name: sc.Name, File: l.File, SHA256: l.SHA256, Scenario: sc, Checkpoints: ChinaRussiaCheckpoints, NoPactThrough: 2025}
	for t := range sc.HorizonYears {
		p.Observed = append(p.Observed, ChinaRussiaRung(sc.StartYear+t))
	}
	return p
}
