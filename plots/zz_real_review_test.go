package plots_test

import (
	"context"
	"os"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

func TestZZRealReview(t *testing.T) {
	for _, in := range scenarios.List() {
		l, err := scenarios.Open(in.Name)
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
			continue
		}
		w := model.DefaultWeights()
		r, err := sim.Run(context.Background(), l.Scenario, &w, sim.Plan{Draws: 20000, Seed: 42})
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
			continue
		}
		d := "/tmp/plots-review/real/" + in.Name
		os.MkdirAll(d, 0o755)
		if _, err := plots.Render(r, d, []string{"png"}, plots.Options{Version: "v0.1.0"}); err != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
		t.Logf("%s: years %d alliance %.4f latent0 %+v", in.Name, len(r.Years), r.ByHorizon.P, r.Latent[0])
	}
}
