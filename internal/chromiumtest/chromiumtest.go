// Package chromiumtest finds the Chromium that the tests rendering alliancesim's
// pages (the report, the serve page) run, so that each of them looks for
// it, skips without it and fails without it under CI in the same way, and
// quotes its output in their messages in the same way.
package chromiumtest

import (
	"os"
	"os/exec"
	"testing"
)

// Names are the Chromium-family commands looked for, in order.
var Names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the path of the first of Names in PATH, or "" when there is
// none.
func Find() string {
	for _, name := range Names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Require returns Find's path. Without a browser it skips the test, except
// under CI (CI set), which installs Debian's chromium: there its absence
// is a failure.
func Require(tb testing.TB) string {
	tb.Helper()
	p := Find()
	if p == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("CI is set but no chromium, chromium-browser or google-chrome is in PATH (CI installs Debian's chromium)")
		}
		tb.Skip("no chromium, chromium-browser or google-chrome in PATH: install one (apt-get install chromium) to run this test")
	}
	return p
}

// Tail is the last n bytes of s (a browser's output, for a message),
// marked with a leading "…" when it is cut.
func Tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
