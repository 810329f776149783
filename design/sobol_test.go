package design_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"testing"

	"github.com/alliancesim/alliancesim/design"
)

// sobolRef10 holds the first 16 points of the unscrambled Sobol' sequence
// in dimensions 1–10 as printed by scipy 1.10.1,
// scipy.stats.qmc.Sobol(d=10, scramble=False).random(16), whose direction
// numbers are new-joe-kuo-6.21201. Rows 0–7, dimensions 1–2 are also the
// example printed in the scipy.stats.qmc.Sobol documentation
// (random_base2(m=3) with d=2).
var sobolRef10 = [][]float64{
	{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
	{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
	{0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75},
	{0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25},
	{0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875, 0.875, 0.625},
	{0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375, 0.375, 0.125},
	{0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125, 0.125, 0.375},
	{0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625, 0.625, 0.875},
	{0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125, 0.4375, 0.9375, 0.9375, 0.3125},
	{0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125, 0.9375, 0.4375, 0.4375, 0.8125},
	{0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625, 0.1875, 0.1875, 0.1875, 0.5625},
	{0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625, 0.6875, 0.6875, 0.6875, 0.0625},
	{0.3125, 0.1875, 0.3125, 0.5625, 0.9375, 0.4375, 0.0625, 0.0625, 0.0625, 0.9375},
	{0.8125, 0.6875, 0.8125, 0.0625, 0.4375, 0.9375, 0.5625, 0.5625, 0.5625, 0.4375},
	{0.5625, 0.4375, 0.0625, 0.8125, 0.1875, 0.6875, 0.3125, 0.8125, 0.8125, 0.1875},
	{0.0625, 0.9375, 0.5625, 0.3125, 0.6875, 0.1875, 0.8125, 0.3125, 0.3125, 0.6875},
}

func TestSobolReference(t *testing.T) {
	s, err := design.NewSobol(10)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, 10)
	for i, want := range sobolRef10 {
		s.Next(p)
		for j := range want {
			if p[j] != want[j] {
				t.Errorf("point %d, dimension %d = %v, want %v", i, j+1, p[j], want[j])
			}
		}
	}
}

// scipyHash is the SHA-256 of points of the unscrambled sequence in all
// 1024 dimensions, each coordinate as the little-endian uint32 x·2³⁰ (scipy
// keeps 30 digits, the first 30 of ours), rows in order. The reference
// hashes were computed with scipy 1.10.1 as
//
//	x = qmc.Sobol(d=1024, scramble=False).random(n)   # or fast_forward(i) then random(1)
//	hashlib.sha256(np.round(x*2**30).astype('<u4').tobytes()).hexdigest()
func scipyHash(s *design.Sobol, n int) string {
	h := sha256.New()
	b := make([]uint32, s.Dim())
	buf := make([]byte, 4*s.Dim())
	for range n {
		s.NextBits(b)
		for j, x := range b {
			binary.LittleEndian.PutUint32(buf[4*j:], x>>2)
		}
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestSobolAllDimensions checks every dimension of the embedded table (the
// first 12 direction numbers through 4096 points, and all 30 that scipy
// keeps through two points far into the sequence) against scipy, an
// independent implementation of the same Joe–Kuo numbers.
func TestSobolAllDimensions(t *testing.T) {
	s, err := design.NewSobol(design.SobolMaxDim)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := scipyHash(s, 4096), "7b1b050e8929e162917021952ba541bf75e1712cf2a50867b93f3fb79dbe608e"; got != want {
		t.Errorf("first 4096 points: hash %s, want %s", got, want)
	}
	for _, c := range []struct {
		index uint64
		want  string
	}{
		{1<<30 - 1, "59e9378d39cb586e6eaae55583735157156feda13eec830cdc25c9ce0ab2b0d1"},
		{123456789, "5b5d521f4765111ca5973ce29d51f2f7c8bc11eab653230824da885189584727"},
	} {
		s.Seek(c.index)
		if got := scipyHash(s, 1); got != c.want {
			t.Errorf("point %d: hash %s, want %s", c.index, got, c.want)
		}
	}
}

// TestSobolSeek checks that Seek lands on the point that stepping reaches.
func TestSobolSeek(t *testing.T) {
	for _, seed := range []uint64{0, 7} {
		a := must(design.NewScrambledSobol(5, seed))
		b := must(design.NewScrambledSobol(5, seed))
		pa, pb := make([]uint32, 5), make([]uint32, 5)
		for i := range uint64(300) {
			b.Seek(i)
			if b.Index() != i {
				t.Fatalf("Index after Seek(%d) = %d", i, b.Index())
			}
			a.NextBits(pa)
			b.NextBits(pb)
			if fmt.Sprint(pa) != fmt.Sprint(pb) {
				t.Fatalf("seed %d: point %d: stepping %v, Seek %v", seed, i, pa, pb)
			}
		}
		a.Reset()
		b.Seek(0)
		a.NextBits(pa)
		b.NextBits(pb)
		if fmt.Sprint(pa) != fmt.Sprint(pb) {
			t.Errorf("Reset: %v, want %v", pa, pb)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// tValue returns the least t for which the first 2^m points of dimensions
// j and k are a (t, m, 2)-net: every elementary interval [a/2^p, (a+1)/2^p)
// × [b/2^q, (b+1)/2^q) with p + q = m − t holds exactly 2^t points.
func tValue(pts [][]uint32, m, j, k int) int {
	for t := 0; t <= m; t++ {
		ok := true
		for p := 0; p <= m-t && ok; p++ {
			q := m - t - p
			count := make([]int, 1<<(m-t))
			for _, x := range pts {
				count[int(x[j]>>(32-p))<<q|int(uint64(x[k])>>(32-q))]++
			}
			for _, c := range count {
				if c != 1<<t {
					ok = false
					break
				}
			}
		}
		if ok {
			return t
		}
	}
	return m
}

func points(s *design.Sobol, n int) [][]uint32 {
	pts := make([][]uint32, n)
	for i := range pts {
		pts[i] = make([]uint32, s.Dim())
		s.NextBits(pts[i])
	}
	return pts
}

// TestSobolBalance checks the net properties: in each of 40 dimensions
// every prefix of 2^m points has one point in each interval of width 2^−m;
// dimensions 1 and 2 form a (0, m, 2)-net; and scrambling keeps the
// t-value of every pair of the first 12 dimensions, which is what makes a
// scrambled design as balanced as the unscrambled one.
func TestSobolBalance(t *testing.T) {
	const m, d = 10, 40
	plain := points(must(design.NewSobol(d)), 1<<m)
	for _, seed := range []uint64{1, 2} {
		scr := points(must(design.NewScrambledSobol(d, seed)), 1<<m)
		for _, pts := range [][][]uint32{plain, scr} {
			for mm := 1; mm <= m; mm++ {
				for j := range d {
					seen := make([]bool, 1<<mm)
					for _, x := range pts[:1<<mm] {
						c := x[j] >> (32 - mm)
						if seen[c] {
							t.Fatalf("seed %d, dimension %d: two of the first %d points in interval %d", seed, j+1, 1<<mm, c)
						}
						seen[c] = true
					}
				}
			}
			if tv := tValue(pts, m, 0, 1); tv != 0 {
				t.Errorf("dimensions 1, 2: t = %d, want 0", tv)
			}
		}
		for j := range 12 {
			for k := j + 1; k < 12; k++ {
				if a, b := tValue(plain, m, j, k), tValue(scr, m, j, k); a != b {
					t.Errorf("seed %d, dimensions %d, %d: t = %d unscrambled, %d scrambled", seed, j+1, k+1, a, b)
				}
			}
		}
	}
}

// TestSobolOpen checks that NextOpen keeps every coordinate strictly
// inside (0, 1), even for the first unscrambled point (0), and that it
// stays in the cell that Next gives.
func TestSobolOpen(t *testing.T) {
	s := must(design.NewSobol(3))
	p := make([]float64, 3)
	s.NextOpen(p)
	for _, x := range p {
		if x != 0x1p-33 {
			t.Errorf("first open point %v, want 2⁻³³", p)
		}
	}
	a := must(design.NewScrambledSobol(70, 3))
	b := must(design.NewScrambledSobol(70, 3))
	pa, pb := make([]float64, 70), make([]float64, 70)
	for range 5000 {
		a.NextOpen(pa)
		b.Next(pb)
		for j, x := range pa {
			if !(x > 0 && x < 1) || math.Floor(x*0x1p32) != pb[j]*0x1p32 {
				t.Fatalf("open %v, closed %v", x, pb[j])
			}
		}
	}
}

// TestScrambledSobolSeed checks that a seed fixes the sequence and that
// other seeds, and other dimensions, are scrambled differently.
func TestScrambledSobolSeed(t *testing.T) {
	gen := func(seed uint64) [][]uint32 { return points(must(design.NewScrambledSobol(8, seed)), 64) }
	a, b, c := gen(42), gen(42), gen(43)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave different points")
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("seeds 42 and 43 gave the same points")
	}
	for j := 1; j < 8; j++ {
		if a[0][j] == a[0][0] || a[5][j] == a[5][0] {
			t.Errorf("dimension %d repeats dimension 1", j+1)
		}
	}
	// A pinned value: the scramble is part of the reproducibility
	// contract, like every seeded stream.
	if got := fmt.Sprint(a[0][:3], a[1][:3]); got != pinnedScrambled {
		t.Errorf("seed 42 points 0, 1 = %s, want %s", got, pinnedScrambled)
	}
}

const pinnedScrambled = "[1199077815 2101136600 4265036491] [3902517083 2527173683 1148378310]"

// TestScrambledSobolIntegration checks that scrambled points integrate
// unbiasedly and with the small variance that randomised QMC promises:
// f(x) = Π_j (1 + 12 j (x_j − ½)²/5) over 5 dimensions has the integral
// Π_j (1 + j/5); with 2^12 points the mean of 32 replicates must be within
// 3 standard errors of it, and their spread far below the Monte Carlo
// standard error.
func TestScrambledSobolIntegration(t *testing.T) {
	const d, n, reps = 5, 1 << 12, 32
	f := func(x []float64) float64 {
		y := 1.0
		for j, v := range x {
			y *= 1 + float64(j+1)*(v-0.5)*(v-0.5)*12/float64(d)
		}
		return y
	}
	// The exact integral: Π (1 + (j+1)/d).
	exact := 1.0
	for j := range d {
		exact *= 1 + float64(j+1)/float64(d)
	}
	var sum, sum2 float64
	p := make([]float64, d)
	for r := range uint64(reps) {
		s := must(design.NewScrambledSobol(d, r))
		est := 0.0
		for range n {
			s.NextOpen(p)
			est += f(p)
		}
		est /= n
		sum += est
		sum2 += est * est
	}
	mean := sum / reps
	sd := math.Sqrt((sum2/reps - mean*mean) * reps / (reps - 1))
	if math.Abs(mean-exact) > 3*sd/math.Sqrt(reps) {
		t.Errorf("mean of %d replicates %v, exact %v (sd %v)", reps, mean, exact, sd)
	}
	// The Monte Carlo standard error at n points is about 1.3/√n·exact
	// for this f; QMC should beat it by far more than a factor 10.
	if sd > 0.1*exact/math.Sqrt(n) {
		t.Errorf("replicate sd %v: not much better than Monte Carlo (%v)", sd, exact/math.Sqrt(n))
	}
}

func TestSobolDimensionRange(t *testing.T) {
	for _, d := range []int{0, -1, design.SobolMaxDim + 1} {
		if _, err := design.NewSobol(d); err == nil {
			t.Errorf("NewSobol(%d): no error", d)
		}
		if _, err := design.NewScrambledSobol(d, 1); err == nil {
			t.Errorf("NewScrambledSobol(%d): no error", d)
		}
	}
}

// The first points of the Sobol' sequence in two dimensions, as printed in
// the scipy.stats.qmc.Sobol documentation, and a scrambled sequence ready
// for an inverse CDF.
func ExampleNewSobol() {
	s, err := design.NewSobol(2)
	if err != nil {
		panic(err)
	}
	p := make([]float64, 2)
	for range 8 {
		s.Next(p)
		fmt.Println(p)
	}

	// Scrambled, seeded, and off the ends of [0, 1).
	r, err := design.NewScrambledSobol(2, 1)
	if err != nil {
		panic(err)
	}
	r.NextOpen(p)
	fmt.Printf("%.4f\n", p)
	// Output:
	// [0 0]
	// [0.5 0.5]
	// [0.75 0.25]
	// [0.25 0.75]
	// [0.375 0.375]
	// [0.875 0.875]
	// [0.625 0.125]
	// [0.125 0.625]
	// [0.8275 0.5403]
}
