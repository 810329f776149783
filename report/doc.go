// Package report assembles a self-contained report from results that have
// already been computed and charts that have already been rendered: one
// index.html with every image embedded (it needs no network and prints
// well) and a report.md with the same content for pasting elsewhere.
//
// Write renders both into the report directory; HTML and Markdown render
// each on its own. Both come from one document built from the Input
// (build.go), so they always hold the same content, in two parts.
//
// The briefing (briefing.go), two to four printed A4 pages: each
// scenario's headline in a sentence an editor can quote (the probability
// with its 95% interval and Monte Carlo error, and the paired difference
// from the first scenario) and the headline table; the comparison chart;
// what each scenario changes against the first (only the inputs, events
// and weights whose values differ, with both values; changes.go); and,
// when the Input carries them, each sensitivity analysis's tornado and
// top-ranked inputs and each discovery's chosen box in words with its
// signposts.
//
// The appendix, from a new printed page, each part on a page of its own:
// the comparison in detail; each scenario's charts, results by year, event
// statistics, central run (saying which scheduled events it includes or
// leaves out) and assumptions, the rows that differ from the first
// scenario marked; the sensitivity and discovery results in full; the
// weights and where each came from; and the methods, with the command that
// reruns the report.
//
// Numbers are formatted as on the command line and on the charts:
// percentages with one decimal (two below 1%), intervals as "10.3–10.7%"
// with each bound rounded to nearest, differences in percentage points
// with a sign. Every interval goes through one formatter (format.go), and
// a test renders the charts with plots and checks that each interval a
// table prints is the one its chart draws.
//
// The HTML uses only system fonts and an inline style sheet, embeds the
// charts as SVG data: URLs in <img> elements (the PNG when there is no
// SVG), so that they scale, print sharply and weigh a fraction of the
// PNGs, and links the chart files next to it for download; the Markdown
// links the PNGs. On a narrow screen the tables of words reflow into one
// block per row and the tables of numbers scroll sideways in their own
// box, with a shadow at the edge and a line saying so. The tests render it
// in headless Chromium at 1280 and 400 px and print it to A4 when a
// browser is installed (and require one when CI is set).
package report // import "github.com/alliancesim/alliancesim/report"
