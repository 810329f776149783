// Package report assembles a self-contained report from results that have
// already been computed and charts that have already been rendered: one
// index.html with every image embedded (it needs no network and prints
// well) and a report.md with the same content for pasting elsewhere.
//
// Write renders both into the report directory; HTML and Markdown render
// each on its own. Both come from one document built from the Input
// (build.go), so they always hold the same content, in this order: a
// summary generated from the numbers and the headline table; the
// comparison with paired intervals (with more than one scenario); each
// scenario's charts with numbered captions, its results by year, its event
// statistics, its central run and its assumptions (inputs, events,
// sources); the weights and where each came from; and a methods appendix
// with the command that reruns the report. Numbers are formatted as on the
// command line: percentages with one decimal (two below 1%), intervals as
// "10.3–10.7%", differences in percentage points with a sign.
//
// The HTML uses only system fonts and an inline style sheet, embeds the
// charts as data: URLs (the PNG, or the SVG when there is no PNG) and links
// the chart files next to it for download. The tests render it in headless
// Chromium when one is installed (and require one when CI is set).
package report // import "github.com/alliancesim/alliancesim/report"
