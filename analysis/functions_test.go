package analysis

import (
	"math"
)

// Test functions with closed-form sensitivity indices.

// uniform returns the Quantile of U(a, b).
func uniform(a, b float64) func(float64) float64 {
	return func(p float64) float64 { return a + (b-a)*p }
}

func uniformInputs(d int, a, b float64) []Input {
	in := make([]Input, d)
	for i := range in {
		in[i] = Input{Name: "x" + string(rune('1'+i)), Quantile: uniform(a, b)}
	}
	return in
}

// Ishigami & Homma (1990): y = sin x1 + a sin² x2 + b x3⁴ sin x1, with
// x_i ~ U(−π, π).
func ishigami(a, b float64) Func {
	return func(x []float64) float64 {
		return math.Sin(x[0]) + a*math.Pow(math.Sin(x[1]), 2) + b*math.Pow(x[2], 4)*math.Sin(x[0])
	}
}

// ishigamiIndices returns the analytic first-order and total indices
// (Saltelli et al. 2008, §4.6 / Sobol' & Levitan 1999):
//
//	V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50) = 8b²π⁸/225,
//	V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½,
//
// S1 = (V1, V2, 0)/V, ST = (V1+V13, V2, V13)/V.
func ishigamiIndices(a, b float64) (s1, st []float64) {
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v1 := 0.5 * math.Pow(1+b*pi4/5, 2)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// Sobol' G-function (Saltelli & Sobol' 1995): y = Π (|4x_i − 2| + a_i)/(1 + a_i),
// x_i ~ U(0, 1).
func gFunction(a []float64) Func {
	return func(x []float64) float64 {
		y := 1.0
		for i, ai := range a {
			y *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return y
	}
}

// gIndices: V_i = 1/(3(1+a_i)²), V = Π(1+V_j) − 1, S1_i = V_i/V,
// ST_i = V_i Π_{j≠i}(1+V_j)/V.
func gIndices(a []float64) (s1, st []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	for i := range a {
		s1 = append(s1, vi[i]/v)
		st = append(st, vi[i]*prod/(1+vi[i])/v)
	}
	return s1, st
}

// linear returns y = Σ c_i x_i.
func linear(c []float64) Func {
	return func(x []float64) float64 {
		y := 0.0
		for i, ci := range c {
			y += ci * x[i]
		}
		return y
	}
}

// linearIndices: with independent inputs of equal variance, S1 = ST =
// c_i²/Σc_j².
func linearIndices(c []float64) (s1, st []float64) {
	sum := 0.0
	for _, ci := range c {
		sum += ci * ci
	}
	for _, ci := range c {
		s1 = append(s1, ci*ci/sum)
	}
	return s1, s1
}
