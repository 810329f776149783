package rng

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The reference values below were computed from the copies this package
// replaced (model/simulate.go, sim/stream.go, analysis/design.go) before
// they were removed. They pin the reproducibility contract: if one of
// these tests fails, the arithmetic changed and so did every result; fix
// the code, never the values.

func TestMix(t *testing.T) {
	for _, c := range []struct{ x, want uint64 }{
		{0, 0xe220a8397b1dcdaf},
		{1, 0x910a2dec89025cc1},
		{42, 0xbdd732262feb6e95},
		{0xdeadbeef, 0x4adfb90f68c9eb9b},
		{math.MaxUint64, 0xe4d971771b652c20},
	} {
		if got := Mix(c.x); got != c.want {
			t.Errorf("Mix(%#x) = %#x, want %#x", c.x, got, c.want)
		}
	}
}

func TestDerive(t *testing.T) {
	for _, c := range []struct{ key, sub, want uint64 }{
		{7, math.MaxUint64, 0x19f20a9bb46150b6}, // model: year −1
		{7, 0, 0x64bf61b512ffabe7},
		{7, 2030, 0xf347384a4b717671},
		{1, 0x5851f42d4c957f2d, 0xc2e0d93a20a65544},          // sim: draw 0 of seed 1
		{12345, 99 ^ 0x5851f42d4c957f2d, 0x3ff301f725dffc94}, // sim: draw 99 of seed 12345
	} {
		if got := Derive(c.key, c.sub); got != c.want {
			t.Errorf("Derive(%#x, %#x) = %#x, want %#x", c.key, c.sub, got, c.want)
		}
	}
	// sim's Latin hypercube key, Mix(seed ^ Mix(block) ^ hash), written as
	// Derive(seed^hash, block).
	if got, want := Derive(3^HashName("weights.bias"), 5), uint64(0x2d2f20cf20609356); got != want {
		t.Errorf("LHS key = %#x, want %#x", got, want)
	}
}

func TestSubSeed(t *testing.T) {
	a, b := SubSeed(0xc2e0d93a20a65544, 0x6e6f697365) // sim: draw 0 of seed 1, "noise"
	if a != 0x3491b220b2237a61 || b != 0x73a455569d6a673c {
		t.Errorf("SubSeed = %#x, %#x, want 0x3491b220b2237a61, 0x73a455569d6a673c", a, b)
	}
}

func TestHashName(t *testing.T) {
	for _, c := range []struct {
		s    string
		want uint64
	}{
		{"", 0xc3817c016ba4ff30},
		{"a", 0x5f29c2aadd9b8527},
		{"event:war", 0xf4eed94101df41ed},
		{"doctrine:USA", 0xecf45cd8b5c22ce0},
		{"weights.bias", 0x3cfd0db04f7aa77b},
	} {
		if got := HashName(c.s); got != c.want {
			t.Errorf("HashName(%q) = %#x, want %#x", c.s, got, c.want)
		}
		h := fnv.New64a()
		h.Write([]byte(c.s))
		if got, want := HashName(c.s), Mix(h.Sum64()); got != want {
			t.Errorf("HashName(%q) = %#x, hash/fnv then Mix gives %#x", c.s, got, want)
		}
	}
}

func TestUnitAt(t *testing.T) {
	const yk = 0xf347384a4b717671 // model: key 7, year 2030
	for _, c := range []struct {
		id   uint64
		want float64
	}{
		{0, 8132412312751936 * 0x1p-55},
		{1, 8372079314498468 * 0x1p-55},
		{0xf4eed94101df41ed, 8606207385551273 * 0x1p-53},
	} {
		if got := UnitAt(yk, c.id); got != c.want {
			t.Errorf("UnitAt(%#x, %#x) = %b, want %b", uint64(yk), c.id, got, c.want)
		}
	}
}

func TestUnit(t *testing.T) {
	for _, c := range []struct {
		x    uint64
		want float64
	}{
		{0, 0},
		{1<<11 - 1, 0},
		{1 << 11, 0x1p-53},
		{1 << 63, 0.5},
		{math.MaxUint64, 1 - 0x1p-53},
	} {
		if got := Unit(c.x); got != c.want {
			t.Errorf("Unit(%#x) = %b, want %b", c.x, got, c.want)
		}
	}
}

func TestOpenUnit(t *testing.T) {
	for _, c := range []struct {
		x    uint64
		want float64
	}{
		{0, 0x1p-54},
		{1, 0x1p-54},
		{1 << 11, 1.5 * 0x1p-53},
		{1 << 63, 0.5 + 0x1p-54},
		{math.MaxUint64, 1}, // k + ½ rounds up to 2⁵³: see the doc comment
	} {
		if got := OpenUnit(c.x); got != c.want {
			t.Errorf("OpenUnit(%#x) = %b, want %b", c.x, got, c.want)
		}
		// analysis divided by 2⁵³ where sim multiplied by 2⁻⁵³: the same bits.
		if got, want := OpenUnit(c.x), (float64(c.x>>11)+0.5)/(1<<53); got != want {
			t.Errorf("OpenUnit(%#x) = %b, dividing gives %b", c.x, got, want)
		}
	}
}

func TestPermute(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	p := make([]uint32, 8)
	Permute(r, p)
	if want := []uint32{2, 1, 5, 7, 3, 6, 4, 0}; !slices.Equal(p, want) {
		t.Errorf("Permute = %v, want %v", p, want)
	}
	q := []int{9, 9, 9, 9, 9} // overwritten: Permute starts from the identity
	Permute(r, q)
	if want := []int{4, 3, 0, 1, 2}; !slices.Equal(q, want) {
		t.Errorf("second Permute = %v, want %v", q, want)
	}
}

func BenchmarkUnitAt(b *testing.B) {
	yk := Derive(7, 2030)
	var s float64
	for i := range b.N {
		s += UnitAt(yk, uint64(i))
	}
	if s < 0 {
		b.Fatal(s)
	}
}

// TestProbe: the grid runs from 0 to 1 in n points, the random points lie
// in [0, 1) and differ, the same on every call, and the probe stops at
// the first point f refuses.
func TestProbe(t *testing.T) {
	t.Parallel()
	var gs, us []float64
	if !Probe(5, func(g, u float64) bool { gs, us = append(gs, g), append(us, u); return true }) {
		t.Fatal("Probe reported a failure f did not return")
	}
	if want := []float64{0, 0.25, 0.5, 0.75, 1}; !slices.Equal(gs, want) {
		t.Errorf("grid %v, want %v", gs, want)
	}
	for i, u := range us {
		if !(u >= 0 && u < 1) || (i > 0 && u == us[i-1]) {
			t.Errorf("random points %v: not distinct points of [0, 1)", us)
		}
	}
	var again []float64
	Probe(5, func(_, u float64) bool { again = append(again, u); return true })
	if !slices.Equal(us, again) {
		t.Errorf("random points %v, then %v", us, again)
	}
	calls := 0
	if Probe(10, func(g, _ float64) bool { calls++; return g < 0.5 }) || calls != 6 {
		t.Errorf("a refusal at the 6th point: Probe true or %d calls", calls)
	}
}
