package nowcast

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/model"
)

// NumStates is the number of rungs, model.NumStates.
const NumStates = model.NumStates

// Coded is one change of the coded rung path: from year From on, the
// pair stood on Rung.
type Coded struct {
	From int         `json:"from"`
	Rung model.State `json:"rung"`
}

// Coding is a coded rung path, its changes in year order. Years before
// the first change are not coded.
type Coding []Coded

// ChinaRussia is the coded China–Russia (before 1991 China–Soviet) rung
// path of docs/model.md §2: rivalry from the split (1958) to 1988,
// normalization from the 1989 summit, a strategic partnership from 1996,
// a treaty partnership from the 2001 treaty, an entente from 2014. No
// year is coded as a defence alliance.
var ChinaRussia = Coding{
	{1958, model.Rivalry},
	{1989, model.Normalization},
	{1996, model.StrategicPartnership},
	{2001, model.TreatyPartnership},
	{2014, model.Entente},
}

// Rung returns the coded rung of year, and false for a year before the
// first change.
func (c Coding) Rung(year int) (model.State, bool) {
	s, ok := model.Rivalry, false
	for _, x := range c {
		if year >= x.From {
			s, ok = x.Rung, true
		}
	}
	return s, ok
}

// Emission is one indicator's distribution given the rung, for every
// rung. Which fields are used depends on Family: Count uses Mean and Size
// (a negative binomial with that mean and size; Size +Inf is a Poisson),
// Share and Positive use Mu and SD (a normal on the logit or log(1 + y)
// scale), Category uses Probs.
type Emission struct {
	// Indicator is the indicator's key; Family its family.
	Indicator string `json:"indicator"`
	Family    Family `json:"family"`
	// Temper is the power the likelihood is raised to (IndicatorSpec).
	Temper float64 `json:"temper"`
	// Years[s] is the number of coded years on rung s with a known value
	// that the estimate used.
	Years [NumStates]int `json:"years"`
	// Borrowed[s] is the rung whose estimate rung s uses: s itself when
	// the record has years on s, otherwise the nearest rung that has.
	Borrowed [NumStates]model.State `json:"borrowed"`
	// Strength is the estimated strength of the shrinkage toward the
	// pooled value, in pseudo-years: the prior counts as Strength years of
	// the pooled rate. Large: the rungs do not differ; small: each rung
	// speaks for itself.
	Strength float64 `json:"strength"`
	// Mean[s] is the expected value on rung s in the indicator's units.
	Mean [NumStates]float64 `json:"mean"`
	// Size[s] is the negative binomial size (Count only).
	Size [NumStates]float64 `json:"size,omitempty"`
	// Mu[s] and SD[s] are the normal's mean and sd on the transformed
	// scale (Share and Positive only).
	Mu [NumStates]float64 `json:"mu,omitempty"`
	SD [NumStates]float64 `json:"sd,omitempty"`
	// Probs[s][k] is P(code k | rung s) (Category only).
	Probs [NumStates][]float64 `json:"probs,omitempty"`
	// Discrimination says how well the indicator tells the rungs apart.
	Discrimination Discrimination `json:"discrimination"`

	col int // the Record column
}

// Discrimination measures how much an indicator's value says about the
// rung, after tempering (IndicatorSpec.Temper).
type Discrimination struct {
	// Adjacent[s] is the expected log-likelihood ratio, in nats, between
	// rungs s and s+1 (the symmetrised Kullback–Leibler divergence,
	// ½(KL(f_s‖f_s+1) + KL(f_s+1‖f_s)), times Temper): the evidence one
	// year's value gives, on average, for the true one of two adjacent
	// rungs.
	Adjacent [NumStates - 1]float64 `json:"adjacent"`
	// MutualInformation is I(rung; value) in bits, times Temper, with the
	// rung distributed as the coded years of the record.
	MutualInformation float64 `json:"mutual_information_bits"`
	// ShareOfEntropy is MutualInformation over the rung's entropy: 0 for
	// an indicator that says nothing, 1 for one that alone tells the rung.
	ShareOfEntropy float64 `json:"share_of_entropy"`
}

// ObsModel is the observation model: each indicator's emission.
type ObsModel struct {
	// Emissions are the indicators with data, in Indicators order.
	Emissions []Emission `json:"emissions"`
	// Coding is the coded rung path the estimate was supervised by.
	Coding Coding `json:"coding"`
	// RungWeights[s] is the share of the record's coded years on rung s,
	// the rung distribution of the mutual information.
	RungWeights [NumStates]float64 `json:"rung_weights"`
	// Latent, when not nil, makes the latent pressure shift each count's,
	// share's and amount's location within its rung (LatentEmission); nil
	// is the rung-only model.
	Latent *LatentEmission `json:"latent,omitempty"`
}

// LatentEmission is how the latent pressure z moves the emissions within
// a rung. With u = (z − Centre[s])/Scale, a count's mean on rung s is
// Mean[s]·exp(CountSlope·u) (its size unchanged) and a share's or an
// amount's normal mean is Mu[s] + NormalSlope·SD[s]·u; the codes do not
// move (a joint statement's wording is fixed at a summit, and the
// "not an alliance" flag is a statement of the rung itself: neither has a
// within-rung intensity). One slope per family, not one per indicator,
// because 34 filtered years cannot identify more (EstimateLatent).
type LatentEmission struct {
	// Centre[s] is the mean latent pressure of the prior's particles on
	// rung s and Scale the pooled within-rung sd (CentreLatent): u is how
	// far a particle's pressure stands from its rung's typical one, in
	// within-rung sds.
	Centre [NumStates]float64 `json:"centre"`
	Scale  float64            `json:"scale"`
	// CountSlope and NormalSlope are the slopes β of the counts and of
	// the shares and amounts.
	CountSlope  float64 `json:"count_slope"`
	NormalSlope float64 `json:"normal_slope"`
	// Fit is the estimate's account, nil when the slopes were given.
	Fit *SlopeFit `json:"fit,omitempty"`
}

// shift returns the location shift of family f on rung s at latent
// pressure z: the log-mean shift of a count, the normal mean's shift in
// sds of a share or an amount, 0 for a code or without a LatentEmission.
func (l *LatentEmission) shift(f Family, s model.State, z float64) float64 {
	if l == nil {
		return 0
	}
	var b float64
	switch f {
	case Count:
		b = l.CountSlope
	case Share, Positive:
		b = l.NormalSlope
	}
	if b == 0 {
		return 0
	}
	return b * (z - l.Centre[s]) / l.Scale
}

// active says whether some slope is not 0.
func (l *LatentEmission) active() bool {
	return l != nil && (l.CountSlope != 0 || l.NormalSlope != 0)
}

const shareEps = 0.005

// transform maps a Share or Positive value to the scale of its normal.
func transform(f Family, y float64) float64 {
	if f == Share {
		y = min(max(y, shareEps), 1-shareEps)
		return math.Log(y / (1 - y))
	}
	return math.Log1p(y)
}

// untransform maps back: the inverse of transform.
func untransform(f Family, x float64) float64 {
	if f == Share {
		return 1 / (1 + math.Exp(-x))
	}
	return max(0, math.Expm1(x))
}

// LogPDF is the log density of value y on rung s, untempered. Shares and
// amounts have their density on the transformed scale (the Jacobian is
// the same on every rung, so it changes no posterior).
func (e *Emission) LogPDF(s model.State, y float64) float64 {
	return e.LogPDFShift(s, 0, y)
}

// LogPDFShift is LogPDF with the location moved by sh
// (LatentEmission): a count's mean times exp(sh), a share's or an
// amount's normal mean plus sh·SD[s]; a code's is LogPDF.
func (e *Emission) LogPDFShift(s model.State, sh, y float64) float64 {
	switch e.Family {
	case Count:
		if sh != 0 {
			return nbLogPMF(y, e.Mean[s]*math.Exp(sh), e.Size[s])
		}
		return nbLogPMF(y, e.Mean[s], e.Size[s])
	case Share, Positive:
		z := (transform(e.Family, y) - e.Mu[s]) / e.SD[s]
		z -= sh
		return -0.5*z*z - math.Log(e.SD[s]) - 0.5*math.Log(2*math.Pi)
	case Category:
		k := int(y)
		if k < 0 || k >= len(e.Probs[s]) {
			return math.Inf(-1)
		}
		return math.Log(e.Probs[s][k])
	}
	return 0
}

func nbLogPMF(y, m, r float64) float64 {
	if m <= 0 {
		if y == 0 {
			return 0
		}
		return math.Inf(-1)
	}
	lgy1, _ := math.Lgamma(y + 1)
	if math.IsInf(r, 1) {
		return y*math.Log(m) - m - lgy1
	}
	a, _ := math.Lgamma(y + r)
	b, _ := math.Lgamma(r)
	return a - b - lgy1 + r*math.Log(r/(r+m)) + y*math.Log(m/(r+m))
}

// Sample draws a value on rung s from src, for synthetic records.
func (e *Emission) Sample(s model.State, src *rand.Rand) float64 {
	return e.SampleShift(s, 0, src)
}

// SampleShift draws a value on rung s with the location moved by sh, as
// LogPDFShift. With sh 0 it is Sample, draw for draw.
func (e *Emission) SampleShift(s model.State, sh float64, src *rand.Rand) float64 {
	switch e.Family {
	case Count:
		mean := e.Mean[s]
		if sh != 0 {
			mean *= math.Exp(sh)
		}
		lam := mean
		if !math.IsInf(e.Size[s], 1) {
			lam = distuv.Gamma{Alpha: e.Size[s], Beta: e.Size[s] / mean, Src: src}.Rand()
		}
		if lam <= 0 {
			return 0
		}
		return distuv.Poisson{Lambda: lam, Src: src}.Rand()
	case Share, Positive:
		return untransform(e.Family, e.Mu[s]+e.SD[s]*(sh+src.NormFloat64()))
	case Category:
		u, c := src.Float64(), 0.0
		for k, p := range e.Probs[s] {
			c += p
			if u < c {
				return float64(k)
			}
		}
		return float64(len(e.Probs[s]) - 1)
	}
	return math.NaN()
}

// NewPoisson is a Count emission with Poisson rates per rung: a known
// observation model for synthetic tests.
func NewPoisson(key string, rates [NumStates]float64) Emission {
	e := Emission{Indicator: key, Family: Count, Temper: 1, Mean: rates, col: IndicatorIndex(key)}
	for s := range e.Size {
		e.Size[s] = math.Inf(1)
		e.Borrowed[s] = model.State(s)
	}
	return e
}

// NewNormal is a Share or Positive emission with normal means and sds
// per rung on the transformed scale, for synthetic tests.
func NewNormal(key string, mu, sd [NumStates]float64) Emission {
	k := IndicatorIndex(key)
	f := Share
	if k >= 0 {
		f = Indicators[k].Family
	}
	e := Emission{Indicator: key, Family: f, Temper: 1, Mu: mu, SD: sd, col: k}
	for s := range e.Mean {
		e.Mean[s] = untransform(f, mu[s])
		e.Borrowed[s] = model.State(s)
	}
	return e
}

// LogLik returns each rung's tempered log-likelihood of one year's values
// (Record.At; NaN is unknown and contributes nothing), and the number of
// values used.
func (m *ObsModel) LogLik(values []float64) (ll [NumStates]float64, n int) {
	if values == nil {
		return ll, 0
	}
	for i := range m.Emissions {
		e := &m.Emissions[i]
		if e.col < 0 || e.col >= len(values) {
			e.col = IndicatorIndex(e.Indicator)
		}
		y := values[e.col]
		if math.IsNaN(y) {
			continue
		}
		n++
		for s := range NumStates {
			ll[s] += e.Temper * e.LogPDF(model.State(s), y)
		}
	}
	return ll, n
}

// yearLik is one year's values ready for the likelihood of a particle at
// its own latent pressure: the rung-only log-likelihood plus what the
// shift adds, with everything that does not depend on the pressure
// computed once per year. A count's shift adds T·(y·sh − (r + y)·log(1 +
// q·(e^sh − 1))), q = m/(r + m) (T·(y·sh − m·(e^sh − 1)) for a Poisson);
// a share's or an amount's adds T·(sh·a − sh²/2), a = (x − μ)/σ.
type yearLik struct {
	base   [NumStates]float64 // Σ T·log f at no shift
	cy     float64            // Σ T·y over the counts
	pm     [NumStates]float64 // Σ T·m over the Poisson counts
	counts []countTerm        // the negative binomial counts
	na     [NumStates]float64 // Σ T·a over the shares and amounts
	nt     float64            // Σ T over them
	n      int                // the number of values
}

type countTerm struct{ ry, q [NumStates]float64 }

// prepare fills yl for one year's values (Record.At; NaN unknown).
func (m *ObsModel) prepare(values []float64, yl *yearLik) {
	counts := yl.counts[:0]
	*yl = yearLik{}
	yl.base, yl.n = m.LogLik(values)
	if values == nil {
		return
	}
	for i := range m.Emissions {
		e := &m.Emissions[i]
		y := values[e.col]
		if math.IsNaN(y) {
			continue
		}
		T := e.Temper
		switch e.Family {
		case Count:
			yl.cy += T * y
			var ct countTerm
			nb := false
			for s := range NumStates {
				mu, r := e.Mean[s], e.Size[s]
				switch {
				case !(mu > 0):
				case math.IsInf(r, 1):
					yl.pm[s] += T * mu
				default:
					ct.ry[s], ct.q[s] = T*(r+y), mu/(r+mu)
					nb = true
				}
			}
			if nb {
				counts = append(counts, ct)
			}
		case Share, Positive:
			x := transform(e.Family, y)
			for s := range NumStates {
				yl.na[s] += T * (x - e.Mu[s]) / e.SD[s]
			}
			yl.nt += T
		}
	}
	yl.counts = counts
}

// at is the year's tempered log-likelihood on rung s at latent pressure
// z.
func (yl *yearLik) at(l *LatentEmission, s model.State, z float64) float64 {
	ll := yl.base[s]
	if sh := l.shift(Count, s, z); sh != 0 {
		em1 := expm1(sh)
		ll += yl.cy*sh - yl.pm[s]*em1
		for k := range yl.counts {
			c := &yl.counts[k]
			if c.ry[s] != 0 {
				// log1p (fastmath.go) written out, so that the counts'
				// terms, one per count, need no call.
				x := c.q[s] * em1
				var lp float64
				if log1pFast(x) {
					lp = log1pNear0(x)
				} else {
					lp = math.Log1p(x)
				}
				ll -= c.ry[s] * lp
			}
		}
	}
	if sh := l.shift(Share, s, z); sh != 0 {
		ll += sh*yl.na[s] - 0.5*yl.nt*sh*sh
	}
	return ll
}

// Estimate estimates the observation model on rec, supervised by the
// coded rung path: each coded year's values are taken to come from its
// coded rung. For each indicator, each rung's parameter has a prior
// centred on the pooled value (all coded years together), whose strength
// is chosen by maximising the marginal likelihood (empirical Bayes); the
// estimate is the posterior (predictive) distribution. A rung without
// coded years with data borrows the nearest rung's estimate (doc.go says
// why). Indicators without any value in coded years are left out.
func Estimate(rec *Record, coding Coding) (*ObsModel, error) {
	if len(coding) == 0 {
		return nil, fmt.Errorf("estimate: the coding is empty")
	}
	om := &ObsModel{Coding: coding}
	var coded [NumStates]float64
	for y := rec.First; y <= rec.Last; y++ {
		if s, ok := coding.Rung(y); ok {
			coded[s]++
		}
	}
	tot := 0.0
	for _, c := range coded {
		tot += c
	}
	if tot == 0 {
		return nil, fmt.Errorf("estimate: no year of %s (%d-%d) is coded", rec.File, rec.First, rec.Last)
	}
	for s := range coded {
		om.RungWeights[s] = coded[s] / tot
	}
	for k, spec := range Indicators {
		if spec.Doctrine != "" {
			continue // the doctrine's state, not the rung's: the filter reads it (DoctrineDeclared)
		}
		var ys [NumStates][]float64
		found := false
		for y := rec.First; y <= rec.Last; y++ {
			s, ok := coding.Rung(y)
			v := rec.At(y)[k]
			if !ok || math.IsNaN(v) {
				continue
			}
			ys[s] = append(ys[s], v)
			found = true
		}
		if !found {
			continue
		}
		e := Emission{Indicator: spec.Key, Family: spec.Family, Temper: spec.Temper, col: k}
		for s := range ys {
			e.Years[s] = len(ys[s])
		}
		e.Borrowed = borrow(e.Years)
		switch spec.Family {
		case Count:
			estimateCount(&e, &ys)
		case Share, Positive:
			estimateNormal(&e, &ys)
		case Category:
			estimateCategory(&e, &ys, spec.Levels)
			if spec.Alliance != nil && e.Years[model.DefenceAlliance] == 0 {
				a := model.DefenceAlliance
				e.Probs[a] = append([]float64(nil), spec.Alliance...)
				e.Borrowed[a] = a
				e.Mean[a] = 0
				for k, p := range e.Probs[a] {
					e.Mean[a] += float64(k) * p
				}
			}
		}
		e.Discrimination = discrimination(&e, om.RungWeights)
		om.Emissions = append(om.Emissions, e)
	}
	if len(om.Emissions) == 0 {
		return nil, fmt.Errorf("estimate: %s has no known value in a coded year", rec.File)
	}
	return om, nil
}

// borrow maps every rung to the nearest rung with data (the lower on a
// tie).
func borrow(years [NumStates]int) [NumStates]model.State {
	var b [NumStates]model.State
	for s := range NumStates {
		best := -1
		for d := 0; d < NumStates && best < 0; d++ {
			for _, c := range []int{s - d, s + d} {
				if c >= 0 && c < NumStates && years[c] > 0 && best < 0 {
					best = c
				}
			}
		}
		b[s] = model.State(max(best, 0))
	}
	return b
}

// strengthGrid is the grid of prior strengths (pseudo-years) searched:
// 10^-2 … 10^5 in steps of 10^0.05.
func strengthGrid() []float64 {
	g := make([]float64, 0, 141)
	for i := 0; i <= 140; i++ {
		g = append(g, math.Pow(10, -2+0.05*float64(i)))
	}
	return g
}

// bestStrength is the prior strength on strengthGrid with the largest log
// marginal likelihood logLik, the first of equal ones; 1 when none is
// above −∞.
func bestStrength(logLik func(k float64) float64) float64 {
	best, bestL := 1.0, math.Inf(-1)
	for _, k := range strengthGrid() {
		if L := logLik(k); L > bestL {
			best, bestL = k, L
		}
	}
	return best
}

func lgamma(x float64) float64 { v, _ := math.Lgamma(x); return v }

// estimateCount: λ_s ~ Gamma(κ·m, κ), y | λ_s ~ Poisson(λ_s); κ by the
// marginal (negative binomial) likelihood; predictive NB(size a_s, mean
// a_s/b_s) with a_s = κm + ΣT·y, b_s = κ + T·n_s.
func estimateCount(e *Emission, ys *[NumStates][]float64) {
	var n, S [NumStates]float64
	sn, sS := 0.0, 0.0
	for s := range ys {
		for _, y := range ys[s] {
			n[s] += e.Temper
			S[s] += e.Temper * y
		}
		sn += n[s]
		sS += S[s]
	}
	m := (sS + 0.5) / (sn + 1)
	best := bestStrength(func(k float64) (L float64) {
		for s := range n {
			if n[s] > 0 {
				a := k * m
				L += lgamma(a+S[s]) - lgamma(a) + a*math.Log(k) - (a+S[s])*math.Log(k+n[s])
			}
		}
		return L
	})
	e.Strength = best
	for s := range NumStates {
		b := e.Borrowed[s]
		a := best*m + S[b]
		e.Size[s] = a
		e.Mean[s] = a / (best + n[b])
	}
}

// estimateNormal: x = transform(y) ~ N(μ_s, σ²), μ_s ~ N(m, σ²/κ), σ²
// the pooled within-rung variance; κ by the marginal likelihood of the
// rung means; predictive N(μ̂_s, σ² + σ²/(κ + T·n_s)).
func estimateNormal(e *Emission, ys *[NumStates][]float64) {
	var n, xbar [NumStates]float64
	ss, cnt, groups := 0.0, 0.0, 0.0
	for s := range ys {
		if len(ys[s]) == 0 {
			continue
		}
		groups++
		for _, y := range ys[s] {
			xbar[s] += transform(e.Family, y)
		}
		xbar[s] /= float64(len(ys[s]))
		for _, y := range ys[s] {
			d := transform(e.Family, y) - xbar[s]
			ss += d * d
		}
		cnt += float64(len(ys[s]))
		n[s] = e.Temper * float64(len(ys[s]))
	}
	var v float64
	if cnt > groups {
		v = ss / (cnt - groups)
	} else {
		// One value per rung: no within-rung spread to go on; take the
		// spread of all values.
		mean, c := 0.0, 0.0
		for s := range ys {
			for _, y := range ys[s] {
				mean += transform(e.Family, y)
				c++
			}
		}
		mean /= c
		for s := range ys {
			for _, y := range ys[s] {
				d := transform(e.Family, y) - mean
				v += d * d
			}
		}
		v /= max(c-1, 1)
	}
	v = max(v, 1e-4) // a floor: sd 0.01 on the transformed scale
	pooled := func(k float64) float64 {
		num, den := 0.0, 0.0
		for s := range n {
			if n[s] > 0 {
				w := 1 / (v/k + v/n[s])
				num += w * xbar[s]
				den += w
			}
		}
		return num / den
	}
	best := bestStrength(func(k float64) (L float64) {
		m := pooled(k)
		for s := range n {
			if n[s] > 0 {
				vv := v/k + v/n[s]
				d := xbar[s] - m
				L -= 0.5 * (math.Log(vv) + d*d/vv)
			}
		}
		return L
	})
	e.Strength = best
	m := pooled(best)
	for s := range NumStates {
		b := e.Borrowed[s]
		e.Mu[s] = (best*m + n[b]*xbar[b]) / (best + n[b])
		e.SD[s] = math.Sqrt(v + v/(best+n[b]))
		e.Mean[s] = untransform(e.Family, e.Mu[s])
	}
}

// estimateCategory: p_s ~ Dirichlet(α·π), π the pooled frequencies; α
// by the Dirichlet–multinomial marginal likelihood; predictive p_s(k) =
// (T·n_sk + α·π_k)/(T·n_s + α).
func estimateCategory(e *Emission, ys *[NumStates][]float64, levels int) {
	cnt := make([][]float64, NumStates)
	var n [NumStates]float64
	pi := make([]float64, levels)
	N := 0.0
	for s := range ys {
		cnt[s] = make([]float64, levels)
		for _, y := range ys[s] {
			cnt[s][int(y)] += e.Temper
			n[s] += e.Temper
			pi[int(y)] += e.Temper
			N += e.Temper
		}
	}
	for k := range pi {
		pi[k] = (pi[k] + 0.5) / (N + 0.5*float64(levels))
	}
	best := bestStrength(func(a float64) (L float64) {
		for s := range n {
			if n[s] > 0 {
				L += lgamma(a) - lgamma(a+n[s])
				for k := range pi {
					L += lgamma(a*pi[k]+cnt[s][k]) - lgamma(a*pi[k])
				}
			}
		}
		return L
	})
	e.Strength = best
	for s := range NumStates {
		b := e.Borrowed[s]
		e.Probs[s] = make([]float64, levels)
		mean := 0.0
		for k := range pi {
			e.Probs[s][k] = (cnt[b][k] + best*pi[k]) / (n[b] + best)
			mean += float64(k) * e.Probs[s][k]
		}
		e.Mean[s] = mean
	}
}

// support returns the rungs' probability vectors over a common discrete
// support: the counts 0 … Y (Y covering all but 1e-9 of every rung's
// mass), a fine grid of the transformed scale (±8 sd), or the codes.
func support(e *Emission) [NumStates][]float64 {
	var f [NumStates][]float64
	switch e.Family {
	case Count:
		ymax := 0
		for s := range NumStates {
			c := 0.0
			for y := 0; y < 100000; y++ {
				c += math.Exp(nbLogPMF(float64(y), e.Mean[s], e.Size[s]))
				if c >= 1-1e-9 {
					ymax = max(ymax, y)
					break
				}
			}
		}
		for s := range NumStates {
			f[s] = make([]float64, ymax+1)
			for y := range f[s] {
				f[s][y] = math.Exp(nbLogPMF(float64(y), e.Mean[s], e.Size[s]))
			}
		}
	case Share, Positive:
		lo, hi := math.Inf(1), math.Inf(-1)
		for s := range NumStates {
			lo = min(lo, e.Mu[s]-8*e.SD[s])
			hi = max(hi, e.Mu[s]+8*e.SD[s])
		}
		const pts = 4001
		dx := (hi - lo) / (pts - 1)
		for s := range NumStates {
			f[s] = make([]float64, pts)
			for i := range f[s] {
				z := (lo + float64(i)*dx - e.Mu[s]) / e.SD[s]
				f[s][i] = math.Exp(-0.5*z*z) / (e.SD[s] * math.Sqrt(2*math.Pi)) * dx
			}
		}
	case Category:
		for s := range NumStates {
			f[s] = e.Probs[s]
		}
	}
	return f
}

func kl(p, q []float64) float64 {
	d := 0.0
	for i := range p {
		if p[i] > 1e-300 {
			d += p[i] * math.Log(p[i]/max(q[i], 1e-300))
		}
	}
	return max(d, 0)
}

func discrimination(e *Emission, rw [NumStates]float64) Discrimination {
	f := support(e)
	var d Discrimination
	for s := range NumStates - 1 {
		d.Adjacent[s] = e.Temper * 0.5 * (kl(f[s], f[s+1]) + kl(f[s+1], f[s]))
	}
	mix := make([]float64, len(f[0]))
	for s := range NumStates {
		for i := range mix {
			mix[i] += rw[s] * f[s][i]
		}
	}
	mi, h := 0.0, 0.0
	for s := range NumStates {
		if rw[s] > 0 {
			mi += rw[s] * kl(f[s], mix)
			h -= rw[s] * math.Log(rw[s])
		}
	}
	d.MutualInformation = e.Temper * mi / math.Ln2
	if h > 0 {
		d.ShareOfEntropy = min(1, e.Temper*mi/h)
	}
	return d
}
