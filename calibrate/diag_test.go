package calibrate

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDiagnoseEffectPriors decomposes the importance weights of a
// calibration with effect priors, round by round, when
// ALLIANCESIM_CALIBRATE_DIAG is set to "ci" (CI-sized) or "POINTSxROUNDS"
// (the quick draws): the ESS of the points under the prior × effect priors
// alone (the EP-prior), under the prior × likelihood alone, and under the
// full target; the ratio of the EP-prior's spread to the proposal's; the
// share of each effect factor; and, for the first round, the Monte Carlo
// noise of the effect priors' log density, measured against an
// independent replicate of the odds ratios (the baseline drawn on another
// seed) at the same points. It is a measurement, not a check
// (docs/calibration.md §3.1).
func TestDiagnoseEffectPriors(t *testing.T) {
	spec := os.Getenv("ALLIANCESIM_CALIBRATE_DIAG")
	if spec == "" {
		t.Skip("set ALLIANCESIM_CALIBRATE_DIAG=ci or POINTSxROUNDS")
	}
	o := ciOptions(t)
	o.EffectPriors = true
	o.Resample = 10
	if d, err := strconv.ParseFloat(os.Getenv("DIAG_DEF"), 64); err == nil {
		o.Defensive = d
	}
	if spec != "ci" {
		a, b, _ := strings.Cut(spec, "x")
		o.Points, _ = strconv.Atoi(a)
		o.Stages, _ = strconv.Atoi(b)
	}
	if s := os.Getenv("ALLIANCESIM_CALIBRATE_DIAG_EFFDRAWS"); s != "" {
		o.EffectDraws, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	t0 := time.Now()
	r, err := newRun(o)
	if err != nil {
		t.Fatal(err)
	}
	r.noEmulator = os.Getenv("ALLIANCESIM_CALIBRATE_DIAG_OLD") != ""
	if err := r.prepare(ctx); err != nil {
		t.Fatal(err)
	}
	var rounds []roundInfo
	var b strings.Builder
	for s := range r.o.Stages {
		var sg *surrogate
		if s > 0 && !r.noEmulator {
			sg = r.newSurrogate(true)
		}
		pts, prop, err := r.design(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.evaluate(ctx, s, pts); err != nil {
			t.Fatal(err)
		}
		if sg != nil {
			var ls, lt []float64
			res := make([]float64, len(sg.or))
			for _, p := range pts {
				lq := prop.logProb(p.z)
				ls = append(ls, sg.logDensity(p.z)-lq)
				lt = append(lt, p.logPrior+p.lep-lq)
				for k, e := range sg.or {
					x := (e.at(p.z) - p.logOR[k]) / sg.terms[k].s
					res[k] += x * x / float64(len(pts))
				}
			}
			var rs []string
			for _, v := range res {
				rs = append(rs, fmt.Sprintf("%.2f", math.Sqrt(v)))
			}
			fmt.Fprintf(&b, "  new points: ESS under the surrogate EP-prior %.1f, under the simulated one %.1f; emulator out-of-sample RMS/s %s\n", ess(ls), ess(lt), strings.Join(rs, " "))
		}
		rounds = r.addRound(rounds, pts, prop, 0)
		fmt.Fprintf(&b, "round %d (%d points, %.0f s):\n", s+1, len(pts), time.Since(t0).Seconds())
		r.diagnoseRound(&b, s, rounds)
		if s == 0 {
			r.diagnoseNoise(t, &b, pts)
		}
		r.diagnoseEmulators(&b)
	}
	res, err := r.summarize(ctx, rounds)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "final: ESS %.1f of %d, k̂ %.2f; loglik MC SD %.2f; %.0f s\n", res.ESS, res.TotalPoints, res.ParetoK, res.LogLikMCSD, time.Since(t0).Seconds())
	for _, e := range res.Effects {
		if e.Used {
			fmt.Fprintf(&b, "  %-44s OR %.3f (%.3f–%.3f), cited %.2f–%.2f, SE log %.3f / s %.3f\n", e.Factor, e.Posterior.Q50, e.Posterior.Q05, e.Posterior.Q95, e.Lo, e.Hi, e.SELog, e.Scale)
		}
	}
	if f := res.Scores.ScoreOf(PosteriorLOO); f != nil {
		fmt.Fprintf(&b, "  Brier LOO %.3f ± %.3f\n", f.Brier.Value, f.Brier.SE)
	}
	t.Log("\n" + b.String())
}

// diagnoseRound writes the decomposition of the weights after round s.
func (r *run) diagnoseRound(b *strings.Builder, s int, rounds []roundInfo) {
	n := len(r.points)
	full := r.logWeights(-1)
	ep, lik := make([]float64, n), make([]float64, n)
	for i, p := range r.points {
		ep[i] = p.logPrior - p.logq + p.lep
		lik[i] = full[i] - p.lep
	}
	fmt.Fprintf(b, "  all %d points: ESS full %.1f, EP-prior %.1f, prior×lik %.1f; k̂ full %.2f\n", n, ess(full), ess(ep), ess(lik), k(full))
	// The tempering a tempered AMIS would reach: the largest β at which
	// the points' ESS under prior × (likelihood × effect priors)^β is half
	// their number.
	base := priorOnly(r)
	tw := make([]float64, n)
	beta := temperFor(func(bt float64) []float64 {
		for i := range tw {
			tw[i] = base[i] + bt*(full[i]-base[i])
		}
		return tw
	}, float64(n)/2)
	fmt.Fprintf(b, "  tempered target: β at ESS = n/2 is %.3f\n", beta)
	// This round's points under its own proposal alone.
	own := []float64{}
	ownEP := []float64{}
	for _, p := range r.points {
		if p.round != s {
			continue
		}
		lq := rounds[s].proposal.logProb(p.z)
		l := p.logPrior - lq + p.lep
		ownEP = append(ownEP, l)
		for _, x := range p.ll {
			l += x
		}
		own = append(own, l)
	}
	fmt.Fprintf(b, "  this round's points by its own proposal: ESS full %.1f, EP-prior %.1f (of %d)\n", ess(own), ess(ownEP), len(own))
	// Likelihood's degeneracy given the EP-prior: ESS(full)/ESS(EP).
	// Per-factor ESS: prior × φ_k alone.
	var fs []string
	for kk := range r.eff.terms {
		lw := make([]float64, n)
		for i, p := range r.points {
			z := (p.logOR[kk] - r.eff.terms[kk].mu) / r.eff.terms[kk].s
			lw[i] = p.logPrior - p.logq - 0.5*z*z
		}
		fs = append(fs, fmt.Sprintf("%.0f", ess(lw)))
	}
	fmt.Fprintf(b, "  ESS of prior × one effect factor: %s; prior alone %.0f\n", strings.Join(fs, " "), ess(priorOnly(r)))
	// Spread: EP-prior's weighted SD of z against the points' (the
	// proposals') SD, coordinate by coordinate, for the widened weights.
	d := len(r.free)
	_, cEP := fitZ(r.points, ep, d)
	zero := make([]float64, n)
	for i := range zero {
		zero[i] = 0
	}
	_, cQ := fitZ(r.points, zero, d)
	_, cF := fitZ(r.points, full, d)
	var ratios []string
	logvol := 0.0
	for j := range d {
		ratios = append(ratios, fmt.Sprintf("%s %.2f/%.2f", r.free[j].Spec.Key[:min(6, len(r.free[j].Spec.Key))], math.Sqrt(cEP.At(j, j)), math.Sqrt(cQ.At(j, j))))
		logvol += 0.5 * math.Log(cEP.At(j, j)/cQ.At(j, j))
	}
	fmt.Fprintf(b, "  SD of z, EP-prior/points: %s\n  log volume ratio (diagonal) %.2f\n", strings.Join(ratios, ", "), logvol)
	var fr []string
	for j := range d {
		fr = append(fr, fmt.Sprintf("%.2f", math.Sqrt(cF.At(j, j))))
	}
	fmt.Fprintf(b, "  SD of z, full target: %s\n", strings.Join(fr, " "))
	// Noise of lep at each point: √Σ (z_k SE_k/s_k)², posterior mean.
	wf := normalize(full)
	we := normalize(ep)
	noiseF, noiseE := 0.0, 0.0
	for i, p := range r.points {
		v := 0.0
		for kk, tm := range r.eff.terms {
			z := (p.logOR[kk] - tm.mu) / tm.s
			v += z * z * (p.seLogOR[kk] / tm.s) * (p.seLogOR[kk] / tm.s)
		}
		noiseF += wf[i] * math.Sqrt(v)
		noiseE += we[i] * math.Sqrt(v)
	}
	fmt.Fprintf(b, "  delta-method SD of the effect priors' log density: %.2f (EP-prior mean), %.2f (posterior mean)\n", noiseE, noiseF)
}

func k(lw []float64) float64 { _, kk := psis(lw); return kk }

func priorOnly(r *run) []float64 {
	lw := make([]float64, len(r.points))
	for i, p := range r.points {
		lw[i] = p.logPrior - p.logq
	}
	return lw
}

// diagnoseNoise evaluates the odds ratios of pts again on an independent
// replicate of the baseline's draws and compares the effect priors' log
// densities: half the variance of their difference is the noise variance.
func (r *run) diagnoseNoise(t *testing.T, b *strings.Builder, pts []*point) {
	o := r.o
	o.Seed += 7919
	o.Priors = nil
	r2, err := newRun(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := r2.prepareEffects(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := newSimulator()
	n := len(pts)
	lepA, lepB, lepAvg := make([]float64, n), make([]float64, n), make([]float64, n)
	base := make([]float64, n)
	for i, p := range pts {
		q := &point{w: p.w}
		r2.evalEffects(s, q)
		lepA[i], lepB[i] = p.lep, q.lep
		for kk, tm := range r.eff.terms {
			z := (0.5*(p.logOR[kk]+q.logOR[kk]) - tm.mu) / tm.s
			lepAvg[i] += -0.5 * z * z
		}
		base[i] = p.logPrior - p.logq
	}
	// Variance of lep and of the difference over the points.
	m, md, m2, md2 := 0.0, 0.0, 0.0, 0.0
	for i := range n {
		m += lepA[i]
		m2 += lepA[i] * lepA[i]
		d := lepA[i] - lepB[i]
		md += d
		md2 += d * d
	}
	fn := float64(n)
	varA := m2/fn - (m/fn)*(m/fn)
	varD := md2/fn - (md/fn)*(md/fn)
	with := func(l []float64) []float64 {
		out := make([]float64, n)
		for i := range n {
			out[i] = base[i] + l[i]
		}
		return out
	}
	fmt.Fprintf(b, "  noise of the effect priors' log density (round-1 points): SD over points %.2f, noise SD %.2f (replicate difference/√2); correlation of replicates %.2f\n",
		math.Sqrt(varA), math.Sqrt(varD/2), corr(lepA, lepB))
	fmt.Fprintf(b, "  ESS of the EP-prior with replicate A %.1f, B %.1f, their mean log OR (half the noise variance) %.1f\n", ess(with(lepA)), ess(with(lepB)), ess(with(lepAvg)))
}

func corr(a, b []float64) float64 {
	n := float64(len(a))
	ma, mb := 0.0, 0.0
	for i := range a {
		ma += a[i] / n
		mb += b[i] / n
	}
	sab, saa, sbb := 0.0, 0.0, 0.0
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// diagnoseEmulators measures, by 5-fold cross-validation over the points
// so far, how well each log OR_k and the total log-likelihood are
// emulated by weighted least squares in z (weights 1/SE²), for the
// feature sets of emulatorFeatures: the RMS residual over all points and
// over the quarter with the largest effect-prior density, against s_k.
func (r *run) diagnoseEmulators(b *strings.Builder) {
	n := len(r.points)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Top quarter by lep.
	lepTop := map[int]bool{}
	idx := append([]int(nil), order...)
	sortBy(idx, func(i int) float64 { return -r.points[i].lep })
	for _, i := range idx[:n/4] {
		lepTop[i] = true
	}
	for _, kind := range []featureKind{featLinear, featDiag, featWideQuad} {
		var cols []string
		for kk := -1; kk < len(r.eff.terms); kk++ {
			y := make([]float64, n)
			wt := make([]float64, n)
			sc := 1.0
			for i, p := range r.points {
				if kk < 0 {
					for _, l := range p.ll {
						y[i] += l
					}
					wt[i] = 1
				} else {
					y[i] = p.logOR[kk]
					se := max(p.seLogOR[kk], 1e-3)
					wt[i] = 1 / (se * se)
				}
			}
			if kk >= 0 {
				sc = r.eff.terms[kk].s
			}
			var ssA, ssT float64
			var nA, nT int
			for fold := range 5 {
				var tr []int
				for i := range n {
					if i%5 != fold {
						tr = append(tr, i)
					}
				}
				em := fitEmulatorIdx(r, tr, y, wt, kind)
				if em == nil {
					continue
				}
				for i := range n {
					if i%5 != fold {
						continue
					}
					e := (em.at(r.points[i].z) - y[i]) / sc
					ssA += e * e
					nA++
					if lepTop[i] {
						ssT += e * e
						nT++
					}
				}
			}
			name := "loglik"
			if kk >= 0 {
				name = fmt.Sprintf("OR%d", kk)
			}
			cols = append(cols, fmt.Sprintf("%s %.2f/%.2f", name, math.Sqrt(ssA/float64(max(nA, 1))), math.Sqrt(ssT/float64(max(nT, 1)))))
		}
		fmt.Fprintf(b, "  emulator %s CV RMS residual / s (all/top quarter): %s\n", kind, strings.Join(cols, ", "))
	}
}

func fitEmulatorIdx(r *run, idx []int, y, wt []float64, kind featureKind) *emulator {
	zs := make([][]float64, len(idx))
	ys := make([]float64, len(idx))
	ws := make([]float64, len(idx))
	for j, i := range idx {
		zs[j], ys[j], ws[j] = r.points[i].z, y[i], wt[i]
	}
	return fitEmulator(zs, ys, ws, kind, r.widened())
}

func sortBy(idx []int, key func(int) float64) {
	sort.SliceStable(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
}
