package nowcast

import (
	"context"
	"testing"
)

// BenchmarkFilter100k filters the fixture record over 1992–2025 under
// hindcast-1992 with 100,000 particles, on every CPU.
func BenchmarkFilter100k(b *testing.B) {
	sc, w := hindcast(b)
	rec, om := fixture(b)
	for b.Loop() {
		if _, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilter100kLatent is BenchmarkFilter100k with both latent
// slopes set: every particle is weighed at its own pressure.
func BenchmarkFilter100kLatent(b *testing.B) {
	sc, w := hindcast(b)
	rec, om := fixture(b)
	om.Latent = latentFixture()
	for b.Loop() {
		if _, err := Filter(context.Background(), sc, w, rec, om, FilterOptions{Particles: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
