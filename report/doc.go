// Package report assembles a self-contained report from results that have
// already been computed and charts that have already been rendered: one
// index.html with every image embedded (it needs no network and prints
// well) and a report.md with the same content for pasting elsewhere.
package report // import "github.com/alliancesim/alliancesim/report"
