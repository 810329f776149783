package sim

import "testing"

// TestReportSampling logs which sampling the build uses.
func TestReportSampling(t *testing.T) {
	t.Logf("table sampling: %v", tableSampling)
}
