package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
)

// DistSpec is a parsed distribution as written in a scenario file. Only the
// fields of its Kind are read; NewDist checks them all before it builds
// anything.
type DistSpec struct {
	// Kind is one of "fixed", "uniform", "normal", "triangular", "pert",
	// "beta", "lognormal", "bernoulli", "choice" and "ci90" (see Kinds).
	Kind string
	// Value is the value of a fixed distribution.
	Value float64
	// Min and Max are the bounds of uniform, triangular and pert (which
	// ignore HasMin and HasMax), and the optional truncation bounds of
	// normal and ci90 (used only when HasMin or HasMax is set).
	Min, Max       float64
	HasMin, HasMax bool
	// Mean and SD are the mean and standard deviation of a normal.
	Mean, SD float64
	// Mode is the most likely value of triangular and pert, in [Min, Max].
	Mode float64
	// Alpha and Beta are the shape parameters of a beta on [0, 1].
	Alpha, Beta float64
	// Mu and Sigma are the mean and standard deviation of the logarithm of
	// a lognormal.
	Mu, Sigma float64
	// P is the probability that a bernoulli returns 1 (else 0).
	P float64
	// Values are the outcomes of a choice and Weights their relative
	// weights; no Weights means equal weights.
	Values, Weights []float64
	// Lo and Hi are the 5th and 95th percentiles of a ci90: an expert's 90%
	// interval, turned into the normal with those percentiles.
	Lo, Hi float64
}

// Kinds lists the distribution kinds NewDist accepts, in documentation order.
func Kinds() []string {
	return []string{"fixed", "uniform", "normal", "triangular", "pert", "beta", "lognormal", "bernoulli", "choice", "ci90"}
}

// ParamError names the offending parameter of a distribution ("sd",
// "alpha", "weights[2]") so that a scenario loader can point at its line.
// Param uses the names of the scenario format: "value" (fixed), "lo" and
// "hi" (uniform, triangular, pert, ci90), "mode", "mean", "sd", "min" and
// "max" (truncation bounds of normal and ci90), "alpha", "beta", "mu",
// "sigma", "p", "values", "values[i]", "weights", "weights[i]", and "kind"
// for an unknown kind.
type ParamError struct {
	Param string
	Msg   string
}

func (e *ParamError) Error() string { return e.Param + ": " + e.Msg }

// z95 is the 95th percentile of the standard normal: a ci90 [lo, hi] is the
// normal with mean (lo+hi)/2 and standard deviation (hi-lo)/(2·z95).
const z95 = 1.6448536269514722

// maxAbs bounds every parameter. Scenario values are shares, rates and
// probabilities; a bound this loose only keeps arithmetic such as hi-lo
// and (hi-lo)² from overflowing.
const maxAbs = 1e9

// maxShape bounds the shape parameters of beta: beyond it a beta is a
// point mass for every practical purpose and its quantile function loses
// accuracy.
const maxShape = 1e6

// minMass is the least share of a normal's probability that truncation
// bounds must keep.
const minMass = 1e-4

// NewDist checks s and returns the distribution it describes. Every check
// happens before any gonum value is built (gonum panics on bad parameters),
// and a failed check returns a *ParamError naming the parameter.
//
// The returned distribution's Rand does not allocate and never reads the
// global random source (it panics on a nil source, a programming error);
// its Quantile accepts any p, treating p <= 0 and p >= 1 as the bounds of
// the support (possibly infinite), and returns NaN for a NaN p.
func NewDist(s DistSpec) (model.Distribution, error) {
	switch s.Kind {
	case "fixed", "beta", "lognormal", "bernoulli", "choice":
		if s.HasMin || s.HasMax {
			p := "min"
			if !s.HasMin {
				p = "max"
			}
			return nil, &ParamError{p, fmt.Sprintf("%s takes no truncation bounds (only normal and ci90 do)", s.Kind)}
		}
	}
	switch s.Kind {
	case "fixed":
		if err := finite("value", s.Value); err != nil {
			return nil, err
		}
		return &fixed{v: s.Value}, nil
	case "uniform":
		if err := ordered(s.Min, s.Max, "; for a single value write it as a plain number"); err != nil {
			return nil, err
		}
		return &uniform{d: distuv.Uniform{Min: s.Min, Max: s.Max}}, nil
	case "normal":
		if err := finite("mean", s.Mean); err != nil {
			return nil, err
		}
		if err := positive("sd", s.SD); err != nil {
			return nil, err
		}
		return newTruncNormal(s, s.Mean, s.SD, fmt.Sprintf("normal(%s, %s)", format.Exact(s.Mean), format.Exact(s.SD)))
	case "ci90":
		if err := ordered(s.Lo, s.Hi, ": a 90% interval runs from its 5th to its 95th percentile"); err != nil {
			return nil, err
		}
		mean, sd := s.Lo/2+s.Hi/2, (s.Hi-s.Lo)/(2*z95)
		return newTruncNormal(s, mean, sd, fmt.Sprintf("ci90[%s, %s]", format.Exact(s.Lo), format.Exact(s.Hi)))
	case "triangular", "pert":
		if err := finite("lo", s.Min); err != nil {
			return nil, err
		}
		if err := finite("hi", s.Max); err != nil {
			return nil, err
		}
		if err := finite("mode", s.Mode); err != nil {
			return nil, err
		}
		if err := increasing(s.Min, s.Max, "; the order is [lo, mode, hi]"); err != nil {
			return nil, err
		}
		if s.Mode < s.Min || s.Mode > s.Max {
			return nil, &ParamError{"mode", fmt.Sprintf("%s lies outside [lo, hi] = [%s, %s]; the order is [lo, mode, hi]", format.Exact(s.Mode), format.Exact(s.Min), format.Exact(s.Max))}
		}
		if s.Kind == "triangular" {
			return &triangle{lo: s.Min, mode: s.Mode, hi: s.Max}, nil
		}
		w := s.Max - s.Min
		return &pert{lo: s.Min, mode: s.Mode, hi: s.Max,
			b: distuv.Beta{Alpha: 1 + 4*(s.Mode-s.Min)/w, Beta: 1 + 4*(s.Max-s.Mode)/w}}, nil
	case "beta":
		for _, p := range []struct {
			name string
			v    float64
		}{{"alpha", s.Alpha}, {"beta", s.Beta}} {
			if err := positive(p.name, p.v); err != nil {
				return nil, err
			}
			if p.v > maxShape {
				return nil, &ParamError{p.name, fmt.Sprintf("%s is too large (the limit is %s): such a beta is a point mass; write a fixed value", format.Exact(p.v), format.Exact(maxShape))}
			}
		}
		return &beta{d: distuv.Beta{Alpha: s.Alpha, Beta: s.Beta}}, nil
	case "lognormal":
		if err := finite("mu", s.Mu); err != nil {
			return nil, err
		}
		if err := positive("sigma", s.Sigma); err != nil {
			return nil, err
		}
		d := &lognormal{d: distuv.LogNormal{Mu: s.Mu, Sigma: s.Sigma}}
		if math.IsInf(d.Quantile(0.999), 0) || d.Quantile(0.001) == 0 {
			return nil, &ParamError{"sigma", fmt.Sprintf("lognormal(%s, %s) spans more than floating point can hold: mu and sigma are on the log scale (the median is exp(mu)); use smaller values", format.Exact(s.Mu), format.Exact(s.Sigma))}
		}
		return d, nil
	case "bernoulli":
		if err := finite("p", s.P); err != nil {
			return nil, err
		}
		if s.P < 0 || s.P > 1 {
			return nil, &ParamError{"p", fmt.Sprintf("%s is not a probability: it must lie in [0, 1]", format.Exact(s.P))}
		}
		return &bernoulli{p: s.P}, nil
	case "choice":
		return newChoice(s)
	case "":
		return nil, &ParamError{"kind", "no distribution given: use one of " + strings.Join(Kinds(), ", ")}
	default:
		return nil, &ParamError{"kind", fmt.Sprintf("unknown distribution %q: use one of %s", s.Kind, strings.Join(Kinds(), ", "))}
	}
}

// IsFixed reports whether d always returns the same value, and that value.
func IsFixed(d model.Distribution) (float64, bool) {
	if f, ok := d.(*fixed); ok {
		return f.v, true
	}
	return 0, false
}

// Median returns d's median, Quantile(0.5): the value of a central run.
func Median(d model.Distribution) float64 { return d.Quantile(0.5) }

func finite(param string, v float64) error {
	switch {
	case math.IsNaN(v):
		return &ParamError{param, "is not a number (NaN)"}
	case math.IsInf(v, 0):
		return &ParamError{param, "must be a finite number, not infinity"}
	case math.Abs(v) > maxAbs:
		return &ParamError{param, fmt.Sprintf("%s is too large: values beyond ±%s are not supported", format.Exact(v), format.Exact(maxAbs))}
	}
	return nil
}

func positive(param string, v float64) error {
	if err := finite(param, v); err != nil {
		return err
	}
	if v <= 0 {
		return &ParamError{param, fmt.Sprintf("must be greater than 0 (got %s)", format.Exact(v))}
	}
	return nil
}

// ordered checks the ends [lo, hi] of a uniform or a ci90: each finite,
// then in order (increasing, with why).
func ordered(lo, hi float64, why string) error {
	if err := finite("lo", lo); err != nil {
		return err
	}
	if err := finite("hi", hi); err != nil {
		return err
	}
	return increasing(lo, hi, why)
}

// increasing refuses an interval whose end hi is not above its start lo,
// in the same words for every kind written with [lo, hi]; why ends the
// message with how that kind is written.
func increasing(lo, hi float64, why string) error {
	if !(lo < hi) {
		return &ParamError{"hi", fmt.Sprintf("must be greater than lo (got lo %s, hi %s)", format.Exact(lo), format.Exact(hi)) + why}
	}
	return nil
}

// checkSrc panics on a nil source: gonum would silently fall back to the
// global, randomly seeded source, and the run would not be reproducible.
func checkSrc(src rand.Source) {
	if src == nil {
		panic("sim: Rand called with a nil rand.Source")
	}
}

// clampP makes a probability safe for gonum's quantile functions, which
// panic outside [0, 1].
func clampP(p float64) float64 {
	switch {
	case p > 0 && p < 1:
		return p
	case p >= 1:
		return 1
	case p <= 0:
		return 0
	}
	return math.NaN()
}

// truncSuffix describes truncation bounds for String.
func truncSuffix(lo, hi float64, hasLo, hasHi bool) string {
	if !hasLo && !hasHi {
		return ""
	}
	return fmt.Sprintf(" truncated to [%s, %s]", format.Exact(lo), format.Exact(hi))
}

// fixed is a point mass.
type fixed struct{ v float64 }

func (d *fixed) Rand(rand.Source) float64 { return d.v }
func (d *fixed) Quantile(p float64) float64 {
	if math.IsNaN(p) {
		return math.NaN()
	}
	return d.v
}
func (d *fixed) String() string { return "fixed(" + format.Exact(d.v) + ")" }

// uniform is gonum's Uniform.
type uniform struct{ d distuv.Uniform }

func (d *uniform) Rand(src rand.Source) float64 {
	checkSrc(src)
	u := d.d
	u.Src = src
	return u.Rand()
}
func (d *uniform) Quantile(p float64) float64 { return d.d.Quantile(clampP(p)) }
func (d *uniform) String() string {
	return fmt.Sprintf("uniform(%s, %s)", format.Exact(d.d.Min), format.Exact(d.d.Max))
}

// truncNormal is a normal, optionally truncated to [lo, hi]. Untruncated,
// Rand is gonum's Normal.Rand. Truncated, both Rand and Quantile invert the
// CDF on the truncated range, so Rand costs one uniform and one normal
// quantile and takes a fixed time however little mass the bounds keep.
// When the kept range lies in the upper tail the computation is mirrored
// into the lower tail, where the CDF keeps its relative precision.
type truncNormal struct {
	mu, sd       float64
	trunc        bool
	lo, hi       float64 // bounds (±Inf when only one side is set)
	flip         bool    // compute on the mirrored normal
	pLo, pMass   float64 // CDF at the (mirrored) lower bound, and the kept mass
	name, suffix string
}

func newTruncNormal(s DistSpec, mu, sd float64, name string) (model.Distribution, error) {
	d := &truncNormal{mu: mu, sd: sd, lo: math.Inf(-1), hi: math.Inf(1), name: name}
	if !s.HasMin && !s.HasMax {
		return d, nil
	}
	if s.HasMin {
		if err := finite("min", s.Min); err != nil {
			return nil, err
		}
		d.lo = s.Min
	}
	if s.HasMax {
		if err := finite("max", s.Max); err != nil {
			return nil, err
		}
		d.hi = s.Max
	}
	if !(d.lo < d.hi) {
		return nil, &ParamError{"max", fmt.Sprintf("must be greater than min (got min %s, max %s)", format.Exact(d.lo), format.Exact(d.hi))}
	}
	d.trunc = true
	d.suffix = truncSuffix(d.lo, d.hi, s.HasMin, s.HasMax)
	a, b := (d.lo-mu)/sd, (d.hi-mu)/sd
	if a > 0 { // mass in the upper tail: mirror
		d.flip = true
		a, b = -b, -a
	}
	d.pLo = distuv.UnitNormal.CDF(a)
	d.pMass = distuv.UnitNormal.CDF(b) - d.pLo
	if !(d.pMass >= minMass) {
		param := "min"
		if d.hi < mu {
			param = "max"
		}
		return nil, &ParamError{param, fmt.Sprintf("the bounds [%s, %s] keep less than %g%% of %s; widen them or move the distribution inside them",
			format.Exact(d.lo), format.Exact(d.hi), 100*minMass, name)}
	}
	return d, nil
}

func (d *truncNormal) Rand(src rand.Source) float64 {
	checkSrc(src)
	if !d.trunc {
		return distuv.Normal{Mu: d.mu, Sigma: d.sd, Src: src}.Rand()
	}
	return d.inv(rand.New(src).Float64())
}

// inv maps u in [0, 1] to the truncated normal's quantile.
func (d *truncNormal) inv(u float64) float64 {
	q := d.pLo + u*d.pMass
	if q <= 0 { // u == 0 with an unbounded lower side
		q = math.SmallestNonzeroFloat64
	}
	z := mathext.NormalQuantile(math.Min(q, 1))
	if d.flip {
		z = -z
	}
	x := d.mu + d.sd*z
	// Rounding can step a hair outside the bounds; keep the promise.
	return math.Max(d.lo, math.Min(d.hi, x))
}

func (d *truncNormal) Quantile(p float64) float64 {
	p = clampP(p)
	if math.IsNaN(p) {
		return p
	}
	if !d.trunc {
		return d.mu + d.sd*mathext.NormalQuantile(p)
	}
	switch {
	case p == 0:
		return d.lo
	case p == 1:
		return d.hi
	}
	if d.flip {
		p = 1 - p
	}
	return d.inv(p)
}

func (d *truncNormal) String() string { return d.name + d.suffix }

// triangle is gonum's Triangle.
type triangle struct{ lo, mode, hi float64 }

func (d *triangle) Rand(src rand.Source) float64 {
	checkSrc(src)
	return distuv.NewTriangle(d.lo, d.hi, d.mode, src).Rand()
}
func (d *triangle) Quantile(p float64) float64 {
	return distuv.NewTriangle(d.lo, d.hi, d.mode, nil).Quantile(clampP(p))
}
func (d *triangle) String() string {
	return fmt.Sprintf("triangular(%s, %s, %s)", format.Exact(d.lo), format.Exact(d.mode), format.Exact(d.hi))
}

// beta is gonum's Beta. With very small shape parameters both gamma draws
// inside Beta.Rand can underflow to 0, giving 0/0; the draw then takes the
// limit of the beta as its shapes shrink, 1 with probability α/(α+β).
type beta struct{ d distuv.Beta }

func (d *beta) Rand(src rand.Source) float64 {
	checkSrc(src)
	b := d.d
	b.Src = src
	x := b.Rand()
	if math.IsNaN(x) {
		if rand.New(src).Float64()*(b.Alpha+b.Beta) < b.Alpha {
			return 1
		}
		return 0
	}
	return x
}
func (d *beta) Quantile(p float64) float64 {
	if p = clampP(p); math.IsNaN(p) {
		return p
	}
	return d.d.Quantile(p)
}
func (d *beta) String() string {
	return fmt.Sprintf("beta(%s, %s)", format.Exact(d.d.Alpha), format.Exact(d.d.Beta))
}

// pert is the beta-PERT: a beta with α = 1+4(mode-lo)/(hi-lo) and
// β = 1+4(hi-mode)/(hi-lo), scaled to [lo, hi]. Its mean is
// (lo+4·mode+hi)/6. Both shapes are at least 1, so Beta.Rand cannot fail.
type pert struct {
	lo, mode, hi float64
	b            distuv.Beta
}

func (d *pert) Rand(src rand.Source) float64 {
	checkSrc(src)
	b := d.b
	b.Src = src
	return d.lo + (d.hi-d.lo)*b.Rand()
}
func (d *pert) Quantile(p float64) float64 {
	if p = clampP(p); math.IsNaN(p) {
		return p
	}
	return d.lo + (d.hi-d.lo)*d.b.Quantile(p)
}
func (d *pert) String() string {
	return fmt.Sprintf("pert(%s, %s, %s)", format.Exact(d.lo), format.Exact(d.mode), format.Exact(d.hi))
}

// lognormal is gonum's LogNormal.
type lognormal struct{ d distuv.LogNormal }

func (d *lognormal) Rand(src rand.Source) float64 {
	checkSrc(src)
	l := d.d
	l.Src = src
	return l.Rand()
}
func (d *lognormal) Quantile(p float64) float64 { return d.d.Quantile(clampP(p)) }
func (d *lognormal) String() string {
	return fmt.Sprintf("lognormal(%s, %s)", format.Exact(d.d.Mu), format.Exact(d.d.Sigma))
}

// bernoulli returns 1 with probability p, else 0.
type bernoulli struct{ p float64 }

func (d *bernoulli) Rand(src rand.Source) float64 {
	checkSrc(src)
	return distuv.Bernoulli{P: d.p, Src: src}.Rand()
}

// Quantile is the generalised inverse of the CDF: 0 for p <= 1-P, else 1.
func (d *bernoulli) Quantile(p float64) float64 {
	p = clampP(p)
	switch {
	case math.IsNaN(p):
		return p
	case p <= 1-d.p:
		return 0
	}
	return 1
}
func (d *bernoulli) String() string { return "bernoulli(" + format.Exact(d.p) + ")" }

// choice draws one of a few values with given weights. Values are kept
// sorted with their cumulative probabilities, so Rand(src) is
// Quantile(uniform) and both are a short scan.
type choice struct {
	vals []float64 // sorted ascending
	cum  []float64 // cum[i] = P(X <= vals[i]); the last is exactly 1
	desc string
}

func newChoice(s DistSpec) (model.Distribution, error) {
	if len(s.Values) == 0 {
		return nil, &ParamError{"values", "is empty: list at least one value"}
	}
	for i, v := range s.Values {
		if err := finite(fmt.Sprintf("values[%d]", i), v); err != nil {
			return nil, err
		}
	}
	w := s.Weights
	if w != nil {
		if len(w) != len(s.Values) {
			return nil, &ParamError{"weights", fmt.Sprintf("has %d entries but values has %d: give one weight per value, or none for equal weights", len(w), len(s.Values))}
		}
		total := 0.0
		for i, x := range w {
			p := fmt.Sprintf("weights[%d]", i)
			if err := finite(p, x); err != nil {
				return nil, err
			}
			if x < 0 {
				return nil, &ParamError{p, fmt.Sprintf("must not be negative (got %s)", format.Exact(x))}
			}
			total += x
		}
		if !(total > 0) {
			return nil, &ParamError{"weights", "sum to 0: at least one weight must be positive"}
		}
	}
	n := len(s.Values)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return s.Values[idx[a]] < s.Values[idx[b]] })
	d := &choice{vals: make([]float64, n), cum: make([]float64, n)}
	total := float64(n)
	if w != nil {
		total = 0
		for _, x := range w {
			total += x
		}
	}
	// Values of weight 0 can never be drawn: leave them out, so that
	// Quantile(0) is the smallest value that can occur.
	acc := 0.0
	d.vals, d.cum = d.vals[:0], d.cum[:0]
	for _, i := range idx {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		acc += wi
		d.vals = append(d.vals, s.Values[i])
		d.cum = append(d.cum, acc/total)
	}
	d.cum[len(d.cum)-1] = 1
	var b strings.Builder
	b.WriteString("choice([")
	for i, v := range s.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(format.Exact(v))
	}
	b.WriteString("]")
	if w != nil {
		b.WriteString(", weights [")
		for i, x := range w {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(format.Exact(x))
		}
		b.WriteString("]")
	}
	b.WriteString(")")
	d.desc = b.String()
	return d, nil
}

func (d *choice) Rand(src rand.Source) float64 {
	checkSrc(src)
	return d.pick(rand.New(src).Float64())
}

// pick returns the smallest value whose cumulative probability exceeds u.
func (d *choice) pick(u float64) float64 {
	for i, c := range d.cum {
		if u < c {
			return d.vals[i]
		}
	}
	return d.vals[len(d.vals)-1]
}

// Quantile returns the smallest value v with P(X <= v) >= p.
func (d *choice) Quantile(p float64) float64 {
	p = clampP(p)
	if math.IsNaN(p) {
		return p
	}
	for i, c := range d.cum {
		if p <= c {
			return d.vals[i]
		}
	}
	return d.vals[len(d.vals)-1]
}
func (d *choice) String() string { return d.desc }
