package plots_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/sim"
)

func ExampleCaption() {
	r := &sim.Result{Scenario: "baseline", Draws: 100_000, Seed: 42}
	fmt.Println(plots.Caption(r, "v0.1.0"))
	// Output: Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0
}

func ExampleRender() {
	// A two-year result with every run in the entente.
	r := &sim.Result{
		Scenario: "example", StartYear: 2027, HorizonYears: 2, Years: []int{2027, 2028},
		Draws: 1000, Seed: 1, StateNames: model.StateNames(),
		StateProb: [][]float64{{0, 0, 0, 0, 1, 0}, {0, 0, 0, 0, 1, 0}},
		Alliance:  []sim.Proportion{{N: 1000, Hi: 0.0038}, {N: 1000, Hi: 0.0038}},
		Latent: []sim.LatentQuantiles{
			{Year: 2027, P05: -1, P25: -0.5, P50: 0, P75: 0.5, P95: 1},
			{Year: 2028, P05: -1, P25: -0.4, P50: 0.1, P75: 0.6, P95: 1.2},
		},
	}
	dir, err := os.MkdirTemp("", "plots-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	paths, err := plots.Render(r, dir, []string{"png", "svg"}, plots.Options{Version: "v0.1.0"})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// states.png
	// states.svg
	// alliance.png
	// alliance.svg
	// latent.png
	// latent.svg
}
