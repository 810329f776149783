package find

import "testing"

func TestFirst(t *testing.T) {
	t.Parallel()
	type row struct {
		key string
		n   int
	}
	rows := []row{{"a", 1}, {"b", 2}, {"b", 3}}
	byKey := func(k string) func(*row) bool { return func(r *row) bool { return r.key == k } }
	if got := First(rows, byKey("b")); got != &rows[1] {
		t.Errorf("First(b) = %v, want a pointer to the first b, rows[1]", got)
	}
	if got := First(rows, byKey("z")); got != nil {
		t.Errorf("First(z) = %v, want nil", got)
	}
	if got := First([]row(nil), byKey("a")); got != nil {
		t.Errorf("First of nil = %v, want nil", got)
	}
	First(rows, byKey("a")).n = 10
	if rows[0].n != 10 {
		t.Errorf("a change through the pointer did not reach the slice: %+v", rows[0])
	}
}
