// Package serve is `alliancesim serve`: a local web page with a slider or
// number field for every weight and every driver of a scenario, grouped as
// in docs/model.md, that re-runs the model on every move and redraws
// P(alliance by year) against the starting point, the states chart, who
// refuses, and the change in the headline with its paired interval.
//
// Every re-run uses the same seed as the starting point (common random
// numbers), so the change it shows comes from the change made, not from
// luck; its 95% interval is the paired one of sim.PairedDiff. The starting
// point's run is cached, and a re-run keeps each draw's outcome to pair it
// with the cached one, so a move costs one simulation.
//
// The page is served on 127.0.0.1 only. Every request must name the bound
// address as its Host (against DNS rebinding); every POST must come from
// the page itself (its Origin) with a JSON body of at most 64 KiB; every
// value is checked against its allowed range; and a page's new request
// cancels its previous simulation. The page, its script and its charts (a
// small SVG renderer) are embedded in the binary and load nothing from the
// network.
//
// The page saves the changed weights as alliancesim.yaml (the config
// file's weights: block, docs/cli.md) and the changed drivers as a
// scenario file (the original text with the changed values fixed), both
// written atomically and never over an existing file without the page's
// confirmation, and shows the `alliancesim run … --set weights.k=v` line
// that repeats its run.
package serve
