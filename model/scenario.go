package model

import (
	"fmt"
	"strings"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// ActorInfo names an actor. ID is the lowercase identifier used in paths
// ("russia"); Name is the display name ("Russia").
type ActorInfo struct {
	ID   string
	Name string
}

// Event is a named, scenario-defined shock: a Taiwan crisis, a détente, a
// scheduled treaty renewal, or known history entered into a hindcast. Its
// annual probability is an input (path "events.<name>.probability"); what
// it does when it happens is fixed here.
type Event struct {
	// Name identifies the event ("taiwan_crisis").
	Name string
	// Description says what the event stands for.
	Description string
	// From and To bound the years in which the event can happen
	// (inclusive); zero means unbounded on that side.
	From, To int
	// Decay is the share of the event's effect that remains one year later
	// (0: lasts one year; 1: permanent).
	Decay float64
	// Once limits the event to at most one occurrence per run.
	Once bool
	// Effects are the event's additive shifts at full strength.
	Effects []Effect
	// hash keys the event's random numbers by its name.
	hash uint64
}

// Effect shifts one quantity while an event's effect lasts.
type Effect struct {
	// Target names what is shifted: "<actor>.<driver>" for threat,
	// pressure, disorder_appetite, autonomy_value, self_sufficiency or
	// doctrine; "<actor>.consent" for that side's utility directly;
	// "dyad.<driver>"; or "latent" for the latent alignment pressure.
	Target string
	// Delta is the shift in the target's units.
	Delta float64
	// slot is the compiled position in the offset vector.
	slot int
}

// Offset slots: the quantities events can shift. Actor slots are repeated
// per actor (actor i uses i*actorSlots + slot).
const (
	slotThreat = iota
	slotPressure
	slotDisorder
	slotAutonomy
	slotSelfSufficiency
	slotDoctrine
	slotConsent
	actorSlots
)

const (
	slotInterdependence = 2*actorSlots + iota
	slotRegime
	slotTreaty
	slotLatent
	numSlots
)

var actorEffectKeys = map[string]int{
	"threat": slotThreat, "pressure": slotPressure, "disorder_appetite": slotDisorder,
	"autonomy_value": slotAutonomy, "self_sufficiency": slotSelfSufficiency,
	"doctrine": slotDoctrine, "consent": slotConsent,
}

var dyadEffectKeys = map[string]int{
	"interdependence": slotInterdependence, "regime_similarity": slotRegime, "treaty": slotTreaty,
}

// EffectTargets lists every valid effect target for the scenario's actors.
func (sc *Scenario) EffectTargets() []string {
	var ts []string
	for _, a := range sc.Actors {
		for _, k := range []string{"threat", "pressure", "disorder_appetite", "autonomy_value", "self_sufficiency", "doctrine", "consent"} {
			ts = append(ts, a.ID+"."+k)
		}
	}
	for _, k := range []string{"interdependence", "regime_similarity", "treaty"} {
		ts = append(ts, "dyad."+k)
	}
	return append(ts, "latent")
}

func (sc *Scenario) effectSlot(target string) (int, error) {
	if target == "latent" {
		return slotLatent, nil
	}
	head, key, ok := strings.Cut(target, ".")
	if !ok {
		return 0, fmt.Errorf("effect target %q: use <actor>.<driver>, dyad.<driver> or latent", target)
	}
	if head == "dyad" {
		if s, ok := dyadEffectKeys[key]; ok {
			return s, nil
		}
		return 0, fmt.Errorf("effect target %q: dyad effects are interdependence, regime_similarity or treaty", target)
	}
	for i, a := range sc.Actors {
		if a.ID == head {
			if s, ok := actorEffectKeys[key]; ok {
				return i*actorSlots + s, nil
			}
			return 0, fmt.Errorf("effect target %q: actor effects are threat, pressure, disorder_appetite, autonomy_value, self_sufficiency, doctrine or consent", target)
		}
	}
	return 0, fmt.Errorf("effect target %q: no actor with id %q", target, head)
}

// Scenario is the world a run simulates: who the actors are, when it
// starts, how long it runs, the drivers' distributions, the events, and the
// scenario's own weight overrides. Scenario files in package scenarios
// decode into it.
type Scenario struct {
	Name        string
	Description string
	// Actors are the two prospective partners; Rival is the common rival.
	Actors [2]ActorInfo
	Rival  ActorInfo
	// StartYear is the first simulated year; HorizonYears the number of years.
	StartYear    int
	HorizonYears int
	// InitialState is the rung the pair stands on before StartYear.
	InitialState State
	// FromNowcast says the scenario does not assert its start: its runs
	// start from the state the observed record implies for the end of
	// StartYear−1 (a nowcast's filtered particles, sim.Plan.Start), and
	// InitialState only holds the record's last coded rung for what needs
	// one rung (a listing, a central run). A simulation of it without a
	// start state is refused rather than run from InitialState, which
	// would silently assert the start the file declined to assert.
	FromNowcast bool
	// DecisionYears are the years of scheduled treaty decision points (the
	// 2001 treaty's next renewal, decided in 2031), when an upgrade is on
	// the table.
	DecisionYears []int
	// Inputs are every driver value and event probability, fixed or
	// uncertain, and the weights the scenario makes uncertain (paths
	// "weights.<key>").
	Inputs []Input
	// Correlations are rank correlations between uncertain inputs; the
	// sampler honours them with a Gaussian copula (package sim).
	Correlations []Correlation
	// Events are the scenario's named events.
	Events []Event
	// Weights are the scenario's own fixed weight overrides, by weight key.
	// A weight the scenario makes uncertain is an Input instead.
	Weights map[string]float64
	// Sources are the scenario's general references.
	Sources []string
	// Outcome is what happened, for a historical case; nil otherwise.
	Outcome *Outcome
	// Structural are the case's structural covariates for the reference
	// logit of backtests; nil when the file gives none.
	Structural *Structural

	// doctrineHash keys each side's doctrine draws by the actor's id.
	doctrineHash [2]uint64
}

// Correlation is a rank (Spearman) correlation between two uncertain
// inputs, named by their paths.
type Correlation struct {
	A, B string
	// Rank is the Spearman rank correlation, strictly between -1 and 1.
	Rank float64
	// Sources are the references the scenario gives for the pair.
	Sources []string
	// Line is the line of the pair in the scenario file, for messages.
	Line int
}

// OnInitialState is sc started on its InitialState: sc itself, or for a
// scenario from the nowcast (FromNowcast) a shallow copy that asserts the
// rung it holds for that, so that it runs without a start state. It is
// for measurements that must not hang on a filtered state (effect sizes)
// and for fixtures; a forecast of the scenario starts from the nowcast.
func (sc *Scenario) OnInitialState() *Scenario {
	if !sc.FromNowcast {
		return sc
	}
	c := *sc
	c.FromNowcast = false
	return &c
}

// DropInput removes the input at path, and every correlation that names
// it, and reports whether there was such an input. It builds new slices,
// so a shallow copy of the scenario made before the call is unaffected.
// The command line uses it when a flag or the environment fixes a weight
// that the scenario makes uncertain.
func (sc *Scenario) DropInput(path string) bool {
	found := false
	var ins []Input
	for _, in := range sc.Inputs {
		if in.Path == path {
			found = true
			continue
		}
		ins = append(ins, in)
	}
	if !found {
		return false
	}
	sc.Inputs = ins
	var cs []Correlation
	for _, c := range sc.Correlations {
		if c.A != path && c.B != path {
			cs = append(cs, c)
		}
	}
	sc.Correlations = cs
	return true
}

// Compile checks the scenario's structure and resolves event targets. It
// must be called before Simulate; package scenarios calls it after loading.
func (sc *Scenario) Compile() error {
	var errs []string
	if sc.HorizonYears < 1 {
		errs = append(errs, fmt.Sprintf("horizon_years: %d must be at least 1", sc.HorizonYears))
	}
	if sc.Actors[0].ID == sc.Actors[1].ID {
		errs = append(errs, fmt.Sprintf("actors: both actors have the id %q", sc.Actors[0].ID))
	}
	for i, a := range sc.Actors {
		sc.doctrineHash[i] = rng.HashName("doctrine:" + a.ID)
	}
	for i := range sc.Events {
		e := &sc.Events[i]
		e.hash = rng.HashName("event:" + e.Name)
		if !(e.Decay >= 0 && e.Decay <= 1) {
			errs = append(errs, fmt.Sprintf("events.%s.decay: %v is outside [0, 1]", e.Name, e.Decay))
		}
		for j := range e.Effects {
			s, err := sc.effectSlot(e.Effects[j].Target)
			if err != nil {
				errs = append(errs, fmt.Sprintf("events.%s.effects: %v", e.Name, err))
				continue
			}
			e.Effects[j].slot = s
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// NewParams returns a Params sized for the scenario.
func (sc *Scenario) NewParams() *Params {
	return &Params{EventProb: make([]float64, len(sc.Events))}
}

// Outcome is what happened in a historical case: the year by which a
// defence pact had formed, or the last year through which none had. Case
// files in the history library carry one; backtests score the model on it.
// Exactly one of PactBy and NoPactThrough is set (non-zero).
type Outcome struct {
	// PactBy is the year in which the pact formed (an ATOP defence pledge
	// first in force); the case is scored on P(onset by the end of PactBy).
	PactBy int
	// NoPactThrough is the last year of the case's window in which no pact
	// had formed; the case is scored on P(no onset by its end).
	NoPactThrough int
	// Atop is the ATOP alliance id of the pact, if any (0 otherwise).
	Atop int
}

// Year is the year the outcome is scored at.
func (o *Outcome) Year() int {
	if o.PactBy != 0 {
		return o.PactBy
	}
	return o.NoPactThrough
}

// Pact reports whether the case's pair formed a pact.
func (o *Outcome) Pact() bool { return o.PactBy != 0 }

// Structural holds the dyad's structural covariates of the pooled logit
// that serves as a reference forecaster in backtests (ATOP 5.1 × COW
// dyad-years; domain research §1.1). The capability ratio comes from the
// actors' capability drivers and the era from the start year.
type Structural struct {
	// CommonRival: both sides rival the same third state (Thompson–Dreyer).
	CommonRival bool
	// Rivals: the two sides are strategic rivals of each other.
	Rivals bool
	// Contiguous: the two are contiguous (any COW contiguity type).
	Contiguous bool
	// BothMajor: both are COW major powers.
	BothMajor bool
}
