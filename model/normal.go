package model

import (
	"math"
	"math/rand/v2"
)

// normalRN is the right edge of the ziggurat's base strip in math/rand/v2.
const normalRN = 3.442619855899

// normFloat64 is (*rand.Rand).NormFloat64 of rand.New(p), bit for bit and
// word for word: the same algorithm, tables and draws from p, but with
// direct calls to the concrete generator. The common case (over 99% of
// words) is small enough to inline.
func normFloat64(p *rand.PCG) float64 {
	u := p.Uint64()
	j := int32(u) // possibly negative
	i := u >> 32 & 0x7F
	if absInt32(j) < normKn[i] {
		return float64(j) * float64(normWn[i])
	}
	return normSlow(p, u)
}

// normSlow is the rest of NormFloat64's loop, from the rejected word u on.
func normSlow(p *rand.PCG, u uint64) float64 {
	for {
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7F
		x := float64(j) * float64(normWn[i])
		if absInt32(j) < normKn[i] {
			return x
		}
		if i == 0 {
			for {
				x = -math.Log(pcgFloat64(p)) * (1.0 / normalRN)
				y := -math.Log(pcgFloat64(p))
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return normalRN + x
			}
			return -normalRN - x
		}
		if normFn[i]+float32(pcgFloat64(p))*(normFn[i-1]-normFn[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
		u = p.Uint64()
	}
}

// pcgFloat64 is (*rand.Rand).Float64 of rand.New(p).
func pcgFloat64(p *rand.PCG) float64 { return float64(p.Uint64()<<11>>11) / (1 << 53) }

func absInt32(i int32) uint32 {
	if i < 0 {
		return uint32(-i)
	}
	return uint32(i)
}

// normals draws a run's normal numbers: from pcg directly when the
// streams were made by PCGStreams, else from the *rand.Rand.
type normals struct {
	pcg *rand.PCG
	r   *rand.Rand
}

func (n normals) norm() float64 {
	if n.pcg != nil {
		return normFloat64(n.pcg)
	}
	return n.r.NormFloat64()
}

// PCGStreams returns Streams whose Noise is rand.New(p) and whose normal
// numbers the model draws from p directly: the same numbers as from Noise,
// faster. p must not be used through another *rand.Rand meanwhile.
func PCGStreams(p *rand.PCG, events uint64) Streams {
	return Streams{Noise: rand.New(p), Events: events, pcg: p}
}

// norm3 is three calls of norm.
func (n normals) norm3() (a, b, c float64) {
	if p := n.pcg; p != nil {
		a = normFloat64(p)
		b = normFloat64(p)
		c = normFloat64(p)
		return a, b, c
	}
	a = n.r.NormFloat64()
	b = n.r.NormFloat64()
	c = n.r.NormFloat64()
	return a, b, c
}

func (rs Streams) normals() normals { return normals{pcg: rs.pcg, r: rs.Noise} }
