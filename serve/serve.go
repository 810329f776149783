package serve

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// Defaults and bounds of Options and of every request.
const (
	// DefaultAddr binds the loopback interface on a free port.
	DefaultAddr = "127.0.0.1:0"
	// DefaultDraws is the draws per re-run.
	DefaultDraws = 20_000
	// MaxDraws bounds the draws a page may ask for.
	MaxDraws = 1_000_000
	// MinDraws is the fewest draws a page may ask for.
	MinDraws = 100
	// maxBody bounds a request's body.
	maxBody = 64 << 10
	// DefaultConfigPath is where "save as alliancesim.yaml" writes.
	DefaultConfigPath = "alliancesim.yaml"
)

// Scenario is one scenario the page can explore.
type Scenario struct {
	// Loaded is the scenario as read from its file (bundled or on disk):
	// its text is what "save as scenario" edits. Set Loaded, or Model.
	Loaded *scenarios.Loaded
	// Model is a scenario without a file; used when Loaded is nil. "Save
	// as scenario" then writes a minimal file built from it.
	Model *model.Scenario
	// Weights are the resolved weights of the starting point (defaults <
	// config < the scenario's own < environment < flags). Nil means
	// model.DefaultWeights with the scenario's fixed overrides.
	Weights *model.Weights
	// Arg is how the rerun command names the scenario ("baseline", or the
	// path the user gave); by default the bundled name or Loaded.File.
	Arg string
	// Start, when not nil, is the state every run starts from (a
	// nowcast's, sim.Plan.Start) instead of the scenario's rung.
	Start *sim.StartState
	// SavePath is where "save as scenario" writes; by default
	// "<name>-edited.yaml" in the working directory.
	SavePath string
}

// Options configure Run. Only Scenarios is required.
type Options struct {
	// Scenarios are the scenarios to explore; the page starts on the first
	// and offers the others in a list.
	Scenarios []Scenario
	// Addr is the address to listen on: 127.0.0.1 with a port, or port 0
	// for a free one (the default, DefaultAddr). Any other host is refused:
	// the page can change files, so it is served to this machine only.
	Addr string
	// Draws is the draws of each re-run (default DefaultDraws); the page
	// may change it within MinDraws..MaxDraws.
	Draws int64
	// Seed roots every random stream: each re-run uses the same seed, so
	// two runs differ by their inputs, not by luck (common random numbers).
	Seed uint64
	// Workers is the simulation's goroutines (0: one per CPU).
	Workers int
	// Out receives the page's URL and messages (nil: discarded).
	Out io.Writer
	// OpenBrowser, when not nil, is called with the page's URL once the
	// server listens (the CLI opens a browser). An error is reported on Out
	// and the server keeps running.
	OpenBrowser func(url string) error
	// ConfigPath is where "save as alliancesim.yaml" writes (default
	// DefaultConfigPath). An existing file is replaced only after the page
	// confirms.
	ConfigPath string
	// Version is written into saved files' comments (optional).
	Version string
}

//go:embed assets
var assets embed.FS

// Run serves the page on opts.Addr until ctx is cancelled, then shuts the
// server down and returns nil. It returns an error when the options are
// invalid or the address cannot be bound.
func Run(ctx context.Context, opts Options) error {
	addr, err := CheckAddr(opts.Addr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return fmt.Errorf("serve: cannot listen on %s: %w", addr, err)
	}
	defer ln.Close()
	s, err := newServer(opts, ln.Addr().String())
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	url := "http://" + s.host + "/"
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	fmt.Fprintf(out, "alliancesim serve: %s (%d draws per re-run, seed %d; Ctrl-C to stop)\n", url, s.draws, s.seed)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if opts.OpenBrowser != nil {
		if err := opts.OpenBrowser(url); err != nil {
			fmt.Fprintf(out, "alliancesim serve: could not open a browser (%v); open %s yourself\n", err, url)
		}
	}
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.cancelAll()
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	return nil
}

// CheckAddr fills the default address and refuses any host but
// 127.0.0.1, and a port that is not a number from 0 to 65535.
func CheckAddr(addr string) (string, error) {
	if addr == "" {
		return DefaultAddr, nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("serve: address %q: %v (use 127.0.0.1:PORT, or 127.0.0.1:0 for a free port)", addr, err)
	}
	if host == "localhost" || host == "" {
		host = "127.0.0.1"
	}
	if host != "127.0.0.1" {
		return "", fmt.Errorf("serve: address %q: the page is served on 127.0.0.1 only (it can write files); use 127.0.0.1:%s", addr, port)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return "", fmt.Errorf("serve: address %q: the port %q is not a number from 0 to 65535; use 127.0.0.1:PORT, or 127.0.0.1:0 for a free port", addr, port)
	}
	return net.JoinHostPort(host, port), nil
}

// server is the page's HTTP handler.
type server struct {
	host       string // the bound address, "127.0.0.1:PORT": the only Host accepted
	origin     string // "http://" + host
	scs        []*state
	draws      int64
	seed       uint64
	workers    int
	configPath string
	version    string
	mux        *http.ServeMux

	sem   chan struct{} // one simulation at a time
	mu    sync.Mutex
	pages map[string]*pageRun // the run in progress of each page
}

// pageRun is a page's simulation in progress, cancelled when the page
// sends another.
type pageRun struct {
	cancel context.CancelFunc
}

func newServer(opts Options, host string) (*server, error) {
	if len(opts.Scenarios) == 0 {
		return nil, errors.New("serve: no scenario given")
	}
	s := &server{host: host, origin: "http://" + host, draws: opts.Draws, seed: opts.Seed, workers: opts.Workers,
		configPath: opts.ConfigPath, version: opts.Version, sem: make(chan struct{}, 1), pages: map[string]*pageRun{}}
	if s.draws == 0 {
		s.draws = DefaultDraws
	}
	if s.draws < MinDraws || s.draws > MaxDraws {
		return nil, fmt.Errorf("serve: draws %d: use %d to %d", s.draws, MinDraws, MaxDraws)
	}
	if s.configPath == "" {
		s.configPath = DefaultConfigPath
	}
	for i, o := range opts.Scenarios {
		st, err := newState(o)
		if err != nil {
			return nil, fmt.Errorf("serve: scenario %d: %w", i+1, err)
		}
		s.scs = append(s.scs, st)
	}
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.mux.Handle("GET /{$}", http.HandlerFunc(s.page))
	files := http.FileServerFS(static)
	for _, name := range []string{"app.js", "style.css", "charts.js"} {
		s.mux.Handle("GET /"+name, files)
	}
	s.mux.HandleFunc("GET /api/model", s.handleModel)
	s.mux.HandleFunc("POST /api/run", s.handleRun)
	s.mux.HandleFunc("POST /api/save/config", s.handleSaveConfig)
	s.mux.HandleFunc("POST /api/save/scenario", s.handleSaveScenario)
	return s, nil
}

// ServeHTTP checks every request before routing it: the Host must be the
// bound address (a page on another site that resolves its own name to
// 127.0.0.1, DNS rebinding, sends its own name), and a POST must come from
// the page itself (same origin, JSON body).
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.Host != s.host {
		writeError(w, http.StatusMisdirectedRequest, apiError{Error: fmt.Sprintf("this server answers only for %s, not %q", s.host, r.Host)})
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := s.sameOrigin(r); err != nil {
			writeError(w, http.StatusForbidden, apiError{Error: err.Error()})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	}
	s.mux.ServeHTTP(w, r)
}

// sameOrigin accepts a state-changing request only from the page: the
// browser's Origin (always sent with a fetch POST) must be the server's
// own, Sec-Fetch-Site, when sent, must say same-origin, and the body must
// be JSON (which a cross-site form cannot send without a CORS preflight,
// which this server never grants).
func (s *server) sameOrigin(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" && o != s.origin {
		return fmt.Errorf("cross-origin request from %q refused: only the page at %s may post", o, s.origin)
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return fmt.Errorf("cross-site request (Sec-Fetch-Site: %s) refused", site)
	}
	if r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" {
		return errors.New("a POST must carry an Origin header (the page's own)")
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); strings.TrimSpace(mt) != "application/json" {
		return fmt.Errorf("content type %q refused: send application/json", ct)
	}
	return nil
}

func (s *server) page(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("assets/index.html")
	if err != nil {
		writeError(w, http.StatusInternalServerError, apiError{Error: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b)
}

var pageIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// begin registers a simulation for the page, cancelling the page's
// previous one, and waits for the simulation slot. The returned context
// ends when the request ends, the page sends another or the server stops.
func (s *server) begin(r *http.Request) (context.Context, func(), error) {
	ctx, cancel := context.WithCancel(r.Context())
	id := r.Header.Get("X-Page-Id")
	if !pageIDRe.MatchString(id) {
		id = "anonymous"
	}
	me := &pageRun{cancel: cancel}
	s.mu.Lock()
	if prev := s.pages[id]; prev != nil {
		prev.cancel()
	}
	if len(s.pages) > 256 { // a page that never finishes cannot grow the map without bound
		for k, p := range s.pages {
			p.cancel()
			delete(s.pages, k)
		}
	}
	s.pages[id] = me
	s.mu.Unlock()
	end := func() {
		s.mu.Lock()
		if s.pages[id] == me {
			delete(s.pages, id)
		}
		s.mu.Unlock()
		cancel()
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		end()
		return nil, nil, ctx.Err()
	}
	return ctx, func() { <-s.sem; end() }, nil
}

func (s *server) cancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pages {
		p.cancel()
	}
}

// defaultSavePath is "<name>-edited.yaml", next to the scenario file
// when it came from disk.
func defaultSavePath(l *scenarios.Loaded, name string) string {
	base := name + "-edited.yaml"
	if l != nil && !strings.HasPrefix(l.File, "bundled:") && l.File != "" {
		return filepath.Join(filepath.Dir(l.File), base)
	}
	return base
}
