package sim

import (
	"math"
	"testing"
)

// TestTableCacheByParameters: two distributions of the same parameters,
// made apart (as two loads of one scenario make them), share one table,
// and distributions of other parameters or another clamp range do not.
func TestTableCacheByParameters(t *testing.T) {
	for _, c := range tableCases {
		a, err := NewDist(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewDist(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		ta, tb := tableFor(a, c.min, c.max), tableFor(b, c.min, c.max)
		if c.spec.Kind == "choice" {
			continue // keyed by its address: it holds slices
		}
		if ta != tb {
			t.Errorf("%+v: two loads of the same distribution built two tables", c.spec)
		}
		hi := c.max + 1
		if math.IsInf(c.max, 1) {
			hi = 1e6
		}
		if other := tableFor(b, c.min, hi); other == ta {
			t.Errorf("%+v: another clamp range shares the table", c.spec)
		}
	}
	p1, _ := NewDist(DistSpec{Kind: "pert", Min: 0.6, Mode: 0.8, Max: 0.95})
	p2, _ := NewDist(DistSpec{Kind: "pert", Min: 0.6, Mode: 0.7, Max: 0.95})
	if tableFor(p1, 0, 1) == tableFor(p2, 0, 1) {
		t.Error("two PERTs of different modes share a table")
	}
}
