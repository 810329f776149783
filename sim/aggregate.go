package sim

import (
	"math"

	"github.com/alliancesim/alliancesim/model"
)

// The latent pressure is summarized by a fixed histogram per year, so that
// memory does not grow with the number of draws and partial aggregates
// merge exactly. Quantiles read from it are accurate to half a bin.
const (
	latentBins = 4000 // bin width 0.005 for the default range ±10
)

// acc accumulates trajectories. Every field is an integer count, so
// merging accumulators in any order gives identical results.
type acc struct {
	horizon   int
	draws     int64
	onset     []int64 // runs whose alliance formed in year t
	end       []int64 // runs whose alliance in force first ended in year t
	kept      int64   // runs whose alliance formed during the run and is in force at the horizon
	stepDown  int64   // runs that stepped down a rung at least once
	calm      int64   // runs with neither a step down nor an onset
	states    [][model.NumStates]int64
	blockY    [][3]int64
	runsBlock int64
	evOcc     []int64   // runs in which event e occurred
	evOccAll  []int64   // ... and an alliance formed by the horizon
	latent    [][]int64 // [year][bin], bins 0 and latentBins+1 are under/overflow
	lrange    float64   // the histogram covers [-lrange, lrange)
	groups    *[8]int64 // with a posterior: the pick-freeze groups by outcome pattern
}

// newAcc sizes an accumulator; without latent it keeps no latent
// histograms (a sweep over many grid points does not need them).
func newAcc(horizon, events int, latent bool, lrange float64) *acc {
	a := &acc{
		horizon:  horizon,
		onset:    make([]int64, horizon),
		end:      make([]int64, horizon),
		states:   make([][model.NumStates]int64, horizon),
		blockY:   make([][3]int64, horizon),
		evOcc:    make([]int64, events),
		evOccAll: make([]int64, events),
		latent:   make([][]int64, horizon),
		lrange:   lrange,
	}
	if !latent {
		a.latent = nil
	}
	for t := range a.latent {
		a.latent[t] = make([]int64, latentBins+2)
	}
	return a
}

// latentRange bounds the latent pressure the histogram records: ±10 plus
// every weight that can push the pressure up or down on its own and six
// noise standard deviations, so that extreme weights (a bias of 9.5, say)
// do not pile every run into the edge bins.
func latentRange(w *model.Weights) float64 {
	return 10 + math.Abs(w.Bias) + w.SharedOpposition + w.Interdependence + w.RegimeSimilarity + w.Treaty + 6*w.NoiseSD
}

func (a *acc) latentBin(z float64) int {
	switch {
	case math.IsNaN(z) || z < -a.lrange:
		return 0
	case z >= a.lrange:
		return latentBins + 1
	}
	return 1 + int((z+a.lrange)/(2*a.lrange)*latentBins)
}

// add records one trajectory.
func (a *acc) add(tr *model.Trajectory) {
	a.draws++
	if tr.Onset >= 0 {
		a.onset[tr.Onset]++
		if tr.States[len(tr.States)-1] == model.DefenceAlliance {
			a.kept++
		}
	}
	if tr.End >= 0 {
		a.end[tr.End]++
	}
	blocked, down := false, false
	prev := tr.Start
	for t, s := range tr.States {
		a.states[t][s]++
		if s < prev && prev != model.DefenceAlliance { // an alliance's end is counted in end
			down = true
		}
		prev = s
		if a.latent != nil {
			a.latent[t][a.latentBin(tr.Latent[t])]++
		}
		if b := tr.Blocked[t]; b != model.NoBlock {
			a.blockY[t][b-1]++
			blocked = true
		}
	}
	if blocked {
		a.runsBlock++
	}
	formed := tr.Onset >= 0
	if down {
		a.stepDown++
	} else if !formed {
		a.calm++
	}
	for e, first := range tr.EventFirst {
		if first >= 0 {
			a.evOcc[e]++
			if formed {
				a.evOccAll[e]++
			}
		}
	}
}

// merge adds b into a.
func (a *acc) merge(b *acc) {
	if a.groups != nil && b.groups != nil {
		for k := range a.groups {
			a.groups[k] += b.groups[k]
		}
	}
	a.draws += b.draws
	a.runsBlock += b.runsBlock
	a.kept += b.kept
	a.stepDown += b.stepDown
	a.calm += b.calm
	for t := range a.horizon {
		a.onset[t] += b.onset[t]
		a.end[t] += b.end[t]
		for s := range a.states[t] {
			a.states[t][s] += b.states[t][s]
		}
		for k := range a.blockY[t] {
			a.blockY[t][k] += b.blockY[t][k]
		}
		if a.latent != nil {
			for i := range a.latent[t] {
				a.latent[t][i] += b.latent[t][i]
			}
		}
	}
	for e := range a.evOcc {
		a.evOcc[e] += b.evOcc[e]
		a.evOccAll[e] += b.evOccAll[e]
	}
}

// formedByHorizon is the number of runs with an alliance by the last year.
func (a *acc) formedByHorizon() int64 {
	var n int64
	for _, c := range a.onset {
		n += c
	}
	return n
}

// histQuantile reads quantile q from a year's latent histogram, linearly
// interpolating inside the bin.
func histQuantile(h []int64, total int64, q, lrange float64) float64 {
	if total == 0 || h == nil {
		return math.NaN()
	}
	target := q * float64(total)
	var cum float64
	width := 2 * lrange / latentBins
	for i, c := range h {
		if c == 0 {
			continue
		}
		if cum+float64(c) >= target {
			if i == 0 || i == latentBins+1 {
				return math.NaN() // outside the recorded range
			}
			frac := (target - cum) / float64(c)
			return -lrange + (float64(i-1)+frac)*width
		}
		cum += float64(c)
	}
	return math.NaN()
}

// result turns the counts into a Result (without run metadata).
func (a *acc) result(sc *model.Scenario) *Result {
	r := &Result{
		Scenario:     sc.Name,
		Actors:       [2]string{sc.Actors[0].Name, sc.Actors[1].Name},
		ActorIDs:     [2]string{sc.Actors[0].ID, sc.Actors[1].ID},
		Rival:        sc.Rival.Name,
		StartYear:    sc.StartYear,
		HorizonYears: sc.HorizonYears,
		Draws:        a.draws,
		StateNames:   model.StateNames(),
		StateKeys:    model.StateKeys(),
		Onset:        append([]int64(nil), a.onset...),
		NoOnset:      a.draws - a.formedByHorizon(),
	}
	var cum, ended int64
	for t := range a.horizon {
		r.Years = append(r.Years, sc.StartYear+t)
		cum += a.onset[t]
		r.Alliance = append(r.Alliance, Wilson(cum, a.draws))
		ended += a.end[t]
		r.Ended = append(r.Ended, Wilson(ended, a.draws))
		r.InForce = append(r.InForce, Wilson(a.states[t][model.DefenceAlliance], a.draws))
		probs := make([]float64, model.NumStates)
		for s := range probs {
			if a.draws > 0 {
				probs[s] = float64(a.states[t][s]) / float64(a.draws)
			}
		}
		r.StateProb = append(r.StateProb, probs)
		var h []int64
		if a.latent != nil {
			h = a.latent[t]
		}
		r.Latent = append(r.Latent, LatentQuantiles{
			Year: sc.StartYear + t,
			P05:  histQuantile(h, a.draws, 0.05, a.lrange), P25: histQuantile(h, a.draws, 0.25, a.lrange),
			P50: histQuantile(h, a.draws, 0.50, a.lrange), P75: histQuantile(h, a.draws, 0.75, a.lrange),
			P95: histQuantile(h, a.draws, 0.95, a.lrange),
		})
		b := a.blockY[t]
		r.Blocking.ByYear = append(r.Blocking.ByYear, b)
		r.Blocking.OnlyFirst += b[0]
		r.Blocking.OnlySecond += b[1]
		r.Blocking.Both += b[2]
	}
	r.Blocking.Occasions = r.Blocking.OnlyFirst + r.Blocking.OnlySecond + r.Blocking.Both
	r.Blocking.RunsBlocked = a.runsBlock
	if len(r.Alliance) > 0 {
		r.ByHorizon = r.Alliance[len(r.Alliance)-1]
	}
	r.StartAllied = sc.InitialState == model.DefenceAlliance
	r.FormedInForce = Wilson(a.kept, a.draws)
	r.StepDown = Wilson(a.stepDown, a.draws)
	r.Calm = Wilson(a.calm, a.draws)
	formed := a.formedByHorizon()
	for e, ev := range sc.Events {
		r.Events = append(r.Events, EventStat{
			Name:          ev.Name,
			Occurred:      Wilson(a.evOcc[e], a.draws),
			AllianceIf:    Wilson(a.evOccAll[e], a.evOcc[e]),
			AllianceIfNot: Wilson(formed-a.evOccAll[e], a.draws-a.evOcc[e]),
		})
	}
	return r
}
