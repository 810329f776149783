// Package format is the one home of the number formatting that every
// table, chart and report of alliancesim shares, so that the same number
// is printed as the same string wherever it appears.
package format
