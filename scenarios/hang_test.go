package scenarios

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHangHunt(t *testing.T) {
	var seeds [][]byte
	for _, dir := range []string{".", "testdata", filepath.Join("testdata", "bad")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			src, _ := os.ReadFile(file)
			seeds = append(seeds, src)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	chars := []byte("{}[]:,-#&*!|>'\"\n \t?%@`0.5e")
	for it := 0; it < 20000; it++ {
		src := append([]byte(nil), seeds[r.IntN(len(seeds))]...)
		for k := 0; k < 1+r.IntN(4); k++ {
			if len(src) == 0 { break }
			i := r.IntN(len(src))
			switch r.IntN(4) {
			case 0: src[i] = chars[r.IntN(len(chars))]
			case 1: src = append(src[:i], src[i+1:]...)
			case 2: src = append(src[:i], append([]byte{chars[r.IntN(len(chars))]}, src[i:]...)...)
			case 3: j := r.IntN(len(src)); if j > i { src = append(src[:i], src[j:]...) }
			}
		}
		done := make(chan struct{})
		go func() { LoadBytes("h.yaml", src); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.yaml", src, 0o644)
			t.Fatalf("hang at iteration %d, input in /tmp/hang.yaml", it)
		}
	}
}
