package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// recordMax is the most draws for which a re-run keeps each draw's onset
// to pair it with the cached starting point; above it both run together
// (twice the work, but the same numbers).
const recordMax = 250_000

// state is one scenario of the page: its starting point and the cached
// starting runs.
type state struct {
	opt    Scenario
	sc     *model.Scenario
	w      model.Weights // the starting weights
	arg    string
	save   string
	groups []group
	byID   map[string]*control

	mu   sync.Mutex
	base map[int64]*baseRun // by draws
}

// baseRun is the starting point simulated at some number of draws.
type baseRun struct {
	res    *sim.Result
	formed []bool // nil above recordMax
}

func newState(o Scenario) (*state, error) {
	st := &state{opt: o, base: map[int64]*baseRun{}}
	switch {
	case o.Loaded != nil && o.Loaded.Scenario != nil:
		st.sc = o.Loaded.Scenario
	case o.Model != nil:
		st.sc = o.Model
	default:
		return nil, errors.New("give Loaded or Model")
	}
	if o.Weights != nil {
		st.w = *o.Weights
	} else {
		st.w = model.DefaultWeights()
		for k, v := range st.sc.Weights {
			if s, ok := model.LookupWeight(k); ok {
				s.Set(&st.w, v)
			}
		}
	}
	if err := st.w.Validate(); err != nil {
		return nil, err
	}
	st.arg = o.Arg
	if st.arg == "" {
		st.arg = st.sc.Name
		if o.Loaded != nil && !strings.HasPrefix(o.Loaded.File, "bundled:") && o.Loaded.File != "" {
			st.arg = o.Loaded.File
		}
	}
	st.save = o.SavePath
	if st.save == "" {
		st.save = defaultSavePath(o.Loaded, st.sc.Name)
	}
	gs, err := buildGroups(st.sc, &st.w)
	if err != nil {
		return nil, err
	}
	st.groups = gs
	st.byID = map[string]*control{}
	for gi := range st.groups {
		for ci := range st.groups[gi].Controls {
			c := &st.groups[gi].Controls[ci]
			st.byID[c.ID] = c
		}
	}
	return st, nil
}

// apiError is the body of every error response.
type apiError struct {
	Error string `json:"error"`
	// Problems lists each rejected value, when the request had several.
	Problems []problem `json:"problems,omitempty"`
	// Exists is set when a save would replace a file: post again with
	// overwrite: true to replace it.
	Exists bool   `json:"exists,omitempty"`
	Path   string `json:"path,omitempty"`
}

// problem is one rejected value of a request.
type problem struct {
	Field   string   `json:"field"`
	Message string   `json:"message"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b)
}

func writeError(w http.ResponseWriter, code int, e apiError) { writeJSON(w, code, e) }

// request is the body of /api/run and the saves.
type request struct {
	// Scenario is the index of the scenario in the page's list.
	Scenario int `json:"scenario"`
	// Draws is the number of draws (0: the server's default).
	Draws int64 `json:"draws"`
	// Changes are the controls moved away from the starting point, by id.
	Changes map[string]float64 `json:"changes"`
	// Overwrite confirms that a save may replace an existing file.
	Overwrite bool `json:"overwrite"`
}

// decode reads and checks a request body, answering the error itself.
func (s *server) decode(w http.ResponseWriter, r *http.Request) (*request, *state, bool) {
	var req request
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, apiError{Error: fmt.Sprintf("request body over %d bytes", maxBody)})
			return nil, nil, false
		}
		writeError(w, http.StatusBadRequest, apiError{Error: "invalid JSON: " + err.Error()})
		return nil, nil, false
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, apiError{Error: "invalid JSON: more than one value in the body"})
		return nil, nil, false
	}
	if req.Scenario < 0 || req.Scenario >= len(s.scs) {
		writeError(w, http.StatusBadRequest, apiError{Error: fmt.Sprintf("scenario %d: there are %d (0 to %d)", req.Scenario, len(s.scs), len(s.scs)-1)})
		return nil, nil, false
	}
	if req.Draws == 0 {
		req.Draws = s.draws
	}
	if req.Draws < MinDraws || req.Draws > MaxDraws {
		mn, mx := float64(MinDraws), float64(MaxDraws)
		writeError(w, http.StatusBadRequest, apiError{Error: fmt.Sprintf("draws %d: use %d to %d", req.Draws, MinDraws, MaxDraws),
			Problems: []problem{{Field: "draws", Message: "out of range", Min: &mn, Max: &mx}}})
		return nil, nil, false
	}
	st := s.scs[req.Scenario]
	if probs := st.check(req.Changes); len(probs) > 0 {
		msg := probs[0].Field + ": " + probs[0].Message
		if len(probs) > 1 {
			msg = fmt.Sprintf("%d values rejected; first: %s", len(probs), msg)
		}
		writeError(w, http.StatusBadRequest, apiError{Error: msg, Problems: probs})
		return nil, nil, false
	}
	return &req, st, true
}

// check validates changes against the controls' allowed ranges and the
// weights' own rules (the thresholds must increase).
func (st *state) check(changes map[string]float64) []problem {
	if len(changes) > len(st.byID) {
		return []problem{{Field: "changes", Message: fmt.Sprintf("%d changes for %d controls", len(changes), len(st.byID))}}
	}
	var probs []problem
	for _, id := range sortedKeys(changes) {
		v := changes[id]
		c, ok := st.byID[id]
		if !ok {
			probs = append(probs, problem{Field: id, Message: "no such weight, driver or event probability in this scenario"})
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < c.Min || v > c.Max {
			mn, mx := c.Min, c.Max
			probs = append(probs, problem{Field: id, Message: fmt.Sprintf("%g is outside the allowed range [%g, %g]", v, c.Min, c.Max), Min: &mn, Max: &mx})
		}
	}
	if len(probs) > 0 {
		return probs
	}
	w := st.weights(changes)
	if err := w.Validate(); err != nil {
		probs = append(probs, problem{Field: "weights", Message: strings.ReplaceAll(strings.TrimPrefix(err.Error(), "invalid weights:\n  "), "\n  ", "; ")})
	}
	return probs
}

// weights returns the starting weights with the changes applied.
func (st *state) weights(changes map[string]float64) model.Weights {
	w := st.w
	for id, v := range changes {
		if c := st.byID[id]; c != nil && c.Kind == "weight" {
			c.wspec.Set(&w, v)
		}
	}
	return w
}

// scenario returns the scenario with the driver and event changes fixed
// at their values, and without the uncertain inputs of changed weights
// (a fixed value replaces the distribution, as --set does). The original
// is not modified; unchanged inputs keep their paths, and with them their
// random streams.
func (st *state) scenario(changes map[string]float64) (*model.Scenario, error) {
	sc := *st.sc
	sc.Inputs = append([]model.Input(nil), st.sc.Inputs...)
	for id, v := range changes {
		c := st.byID[id]
		if c == nil {
			continue
		}
		if c.Kind == "weight" {
			sc.DropInput(id)
			continue
		}
		d, err := sim.NewDist(sim.DistSpec{Kind: "fixed", Value: v})
		if err != nil {
			return nil, err
		}
		found := false
		for i := range sc.Inputs {
			if sc.Inputs[i].Path == id {
				sc.Inputs[i].Dist, sc.Inputs[i].Fixed = d, true
				found = true
			}
		}
		if !found {
			sc.Inputs = append(sc.Inputs, model.Input{Path: id, Dist: d, Fixed: true})
		}
	}
	return &sc, nil
}

// effective drops the changes that equal the starting value.
func (st *state) effective(changes map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for id, v := range changes {
		if c := st.byID[id]; c != nil && (v != c.Start || c.Dist != "") {
			out[id] = v
		}
	}
	return out
}

// baseFor returns the starting point simulated at draws, from the cache or
// by running it (the caller holds the simulation slot).
func (s *server) baseFor(ctx context.Context, st *state, draws int64) (*baseRun, error) {
	st.mu.Lock()
	b := st.base[draws]
	st.mu.Unlock()
	if b != nil {
		return b, nil
	}
	plan := sim.Plan{Draws: draws, Seed: s.seed, Workers: s.workers, SkipLatent: true, Start: st.opt.Start}
	var rec *sim.Records
	if draws <= recordMax {
		rec = &sim.Records{}
		plan.Records = rec
	}
	w := st.w
	res, err := sim.Run(ctx, st.sc, &w, plan)
	if err != nil {
		return nil, err
	}
	b = &baseRun{res: res}
	if rec != nil {
		b.formed = formed(rec)
	}
	st.mu.Lock()
	if len(st.base) >= 4 {
		for k := range st.base {
			if k != s.draws {
				delete(st.base, k)
			}
		}
	}
	st.base[draws] = b
	st.mu.Unlock()
	return b, nil
}

func formed(rec *sim.Records) []bool {
	f := make([]bool, len(rec.Onset))
	for i, o := range rec.Onset {
		f[i] = o >= 0
	}
	return f
}

// outcome is a re-run: the changed run, the starting point and their
// paired difference.
type outcome struct {
	cur, base *sim.Result
	diff      sim.PairedDiff
	changed   map[string]float64
}

// simulate runs the changes on the starting point's random numbers.
func (s *server) simulate(ctx context.Context, st *state, req *request) (*outcome, error) {
	changed := st.effective(req.Changes)
	b, err := s.baseFor(ctx, st, req.Draws)
	if err != nil {
		return nil, err
	}
	out := &outcome{base: b.res, changed: changed}
	if len(changed) == 0 {
		out.cur = b.res
		out.diff = pairFromFormed(st.sc.Name, b.formed, b.formed, b.res.Draws)
		return out, nil
	}
	sc, err := st.scenario(changed)
	if err != nil {
		return nil, err
	}
	w := st.weights(changed)
	plan := sim.Plan{Draws: req.Draws, Seed: s.seed, Workers: s.workers, SkipLatent: true, Start: st.opt.Start}
	if b.formed != nil {
		rec := &sim.Records{}
		plan.Records = rec
		res, err := sim.Run(ctx, sc, &w, plan)
		if err != nil {
			return nil, err
		}
		out.cur = res
		out.diff = pairFromFormed(st.sc.Name, b.formed, formed(rec), res.Draws)
		return out, nil
	}
	bw := st.w
	set, err := sim.RunSet(ctx, []*model.Scenario{st.sc, sc}, []*model.Weights{&bw, &w}, plan)
	if err != nil {
		return nil, err
	}
	out.cur, out.diff = set.Results[1], set.Diffs[1]
	return out, nil
}

// pairFromFormed is sim's paired difference of P(alliance by the horizon)
// from each draw's outcome in the two runs: the runs in which they
// disagree carry all of its variance.
func pairFromFormed(name string, base, cur []bool, n int64) sim.PairedDiff {
	d := sim.PairedDiff{Scenario: name + " (changed)", Base: name, N: n}
	for i := range base {
		switch {
		case base[i] && cur[i]:
			d.Both++
		case base[i]:
			d.OnlyBase++
		case cur[i]:
			d.OnlyOther++
		}
	}
	if n == 0 {
		return d
	}
	nf := float64(n)
	d.Delta = float64(d.OnlyOther-d.OnlyBase) / nf
	v := (float64(d.OnlyOther+d.OnlyBase)/nf - d.Delta*d.Delta) / nf
	d.SE = math.Sqrt(math.Max(v, 0))
	const z = 1.959963984540054
	d.Lo = math.Max(-1, d.Delta-z*d.SE)
	d.Hi = math.Min(1, d.Delta+z*d.SE)
	return d
}

// view is what the page draws of one run, in summary.json's terms.
type view struct {
	ByHorizon     results.Prob       `json:"by_horizon"`
	ByYear        []results.YearProb `json:"by_year"`
	FormedInForce results.Prob       `json:"formed_in_force_at_horizon"`
	StartAllied   bool               `json:"start_allied"`
	States        results.States     `json:"states"`
	Blocking      blockView          `json:"blocking"`
}

// blockView is who withheld consent when the alliance was on the table:
// shares of the refusal occasions (run-years).
type blockView struct {
	Occasions   int64               `json:"occasions"`
	RunsBlocked int64               `json:"runs_blocked"`
	OnlyFirst   results.Num         `json:"only_first"`
	OnlySecond  results.Num         `json:"only_second"`
	Both        results.Num         `json:"both"`
	ByYear      []results.BlockYear `json:"by_year"`
}

func newView(r *sim.Result) view {
	sum := results.FromResult(r, results.ScenarioRef{Name: r.Scenario}, "")
	occ := float64(r.Blocking.Occasions)
	share := func(x int64) results.Num { return results.RoundNum(float64(x) / occ) } // 0 of 0 occasions: null
	return view{ByHorizon: sum.Alliance.ByHorizon, ByYear: sum.Alliance.ByYear, FormedInForce: sum.Alliance.FormedInForce,
		StartAllied: r.StartAllied, States: sum.States,
		Blocking: blockView{Occasions: r.Blocking.Occasions, RunsBlocked: r.Blocking.RunsBlocked,
			OnlyFirst: share(r.Blocking.OnlyFirst), OnlySecond: share(r.Blocking.OnlySecond), Both: share(r.Blocking.Both),
			ByYear: sum.Blocking.ByYear}}
}

// diffView is the change in the headline, current − starting point, with
// its paired (common random numbers) 95% interval.
type diffView struct {
	Delta      results.Num `json:"delta"`
	Lo         results.Num `json:"lo"`
	Hi         results.Num `json:"hi"`
	SE         results.Num `json:"se"`
	Both       int64       `json:"both"`
	OnlyStart  int64       `json:"only_start"`
	OnlyChange int64       `json:"only_changed"`
	N          int64       `json:"n"`
}

// runResponse is the body of /api/run.
type runResponse struct {
	Draws     int64    `json:"draws"`
	Seed      uint64   `json:"seed"`
	ElapsedMS float64  `json:"elapsed_ms"`
	Changed   []string `json:"changed"`
	Current   view     `json:"current"`
	Start     view     `json:"start"`
	Diff      diffView `json:"diff"`
	Rerun     string   `json:"rerun"`
	// RerunNote says what the rerun line needs besides itself (the saved
	// scenario, when drivers changed).
	RerunNote string `json:"rerun_note,omitempty"`
}

func (s *server) handleRun(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	req, st, ok := s.decode(w, r)
	if !ok {
		return
	}
	ctx, done, err := s.begin(r)
	if err != nil {
		writeError(w, statusCancelled, apiError{Error: "superseded by a newer request"})
		return
	}
	out, err := s.simulate(ctx, st, req)
	done()
	if err != nil {
		if errors.Is(err, sim.ErrInterrupted) || errors.Is(err, context.Canceled) {
			writeError(w, statusCancelled, apiError{Error: "superseded by a newer request"})
			return
		}
		writeError(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, s.response(st, req, out, t0))
}

// statusCancelled answers a request whose simulation was cancelled by a
// newer one from the same page (nginx's 499, "client closed request").
const statusCancelled = 499

func (s *server) response(st *state, req *request, out *outcome, t0 time.Time) runResponse {
	d := out.diff
	resp := runResponse{Draws: req.Draws, Seed: s.seed, Changed: sortedKeys(out.changed),
		Current: newView(out.cur), Start: newView(out.base),
		Diff: diffView{Delta: results.RoundNum(d.Delta), Lo: results.RoundNum(d.Lo), Hi: results.RoundNum(d.Hi), SE: results.RoundNum(d.SE),
			Both: d.Both, OnlyStart: d.OnlyBase, OnlyChange: d.OnlyOther, N: d.N}}
	resp.Rerun, resp.RerunNote = st.rerun(out.changed, req.Draws, s.seed)
	resp.ElapsedMS = math.Round(float64(time.Since(t0).Microseconds())/10) / 100
	return resp
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// modelResponse is the body of /api/model: everything the page needs to
// build its controls.
type modelResponse struct {
	Scenarios []scenarioInfo `json:"scenarios"`
	Draws     int64          `json:"draws"`
	MinDraws  int64          `json:"min_draws"`
	MaxDraws  int64          `json:"max_draws"`
	Seed      uint64         `json:"seed"`
	Config    string         `json:"config_path"`
}

type scenarioInfo struct {
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	File         string   `json:"file"`
	Arg          string   `json:"arg"`
	SavePath     string   `json:"save_path"`
	Actors       []string `json:"actors"`
	ActorIDs     []string `json:"actor_ids"`
	Rival        string   `json:"rival"`
	StartYear    int      `json:"start_year"`
	HorizonYears int      `json:"horizon_years"`
	EndYear      int      `json:"end_year"`
	Initial      string   `json:"initial_state"`
	Groups       []group  `json:"groups"`
}

func (s *server) handleModel(w http.ResponseWriter, r *http.Request) {
	resp := modelResponse{Draws: s.draws, MinDraws: MinDraws, MaxDraws: MaxDraws, Seed: s.seed, Config: s.configPath}
	for _, st := range s.scs {
		sc := st.sc
		file := ""
		if st.opt.Loaded != nil {
			file = st.opt.Loaded.File
		}
		resp.Scenarios = append(resp.Scenarios, scenarioInfo{Name: sc.Name, Description: sc.Description, File: file, Arg: st.arg,
			SavePath: st.save, Actors: []string{sc.Actors[0].Name, sc.Actors[1].Name}, ActorIDs: []string{sc.Actors[0].ID, sc.Actors[1].ID},
			Rival: rivalName(sc), StartYear: sc.StartYear, HorizonYears: sc.HorizonYears, EndYear: sc.StartYear + sc.HorizonYears - 1,
			Initial: sc.InitialState.String(), Groups: st.groups})
	}
	writeJSON(w, http.StatusOK, resp)
}
