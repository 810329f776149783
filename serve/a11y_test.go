package serve

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alliancesim/alliancesim/internal/chromiumtest"
)

// TestStyleKeepsFocusOutline checks that no rule of the page's style sheet
// takes the focus outline away.
func TestStyleKeepsFocusOutline(t *testing.T) {
	t.Parallel()
	b, err := assets.ReadFile("assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	if m := regexp.MustCompile(`outline(-style)?\s*:\s*(none|0)\b`).FindString(css); m != "" {
		t.Errorf("style.css removes the focus outline: %q", m)
	}
	if !regexp.MustCompile(`(^|\n):focus-visible\s*\{[^}]*outline:\s*\d+px solid`).MatchString(css) {
		t.Error("style.css has no :focus-visible outline")
	}
}

// a11yPage is the serve page loaded in headless Chromium, for the
// keyboard and screen reader checks.
type a11yPage struct {
	t   *testing.T
	ctx context.Context
	c   *cdp
	b   *browser
}

// openA11yPage starts the server on the baseline scenario with few draws
// (the checks are about the page, not the figures), loads the page in
// Chromium and waits for the first run. It skips without Chromium.
func openA11yPage(t *testing.T) *a11yPage {
	t.Helper()
	chromium := chromiumtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	_, pageURL := serveBaseline(t, ctx, t.TempDir(), Options{Seed: 5, Draws: 2000, Out: &bytes.Buffer{}})
	b, c := openPage(t, ctx, chromium)
	p := &a11yPage{t: t, ctx: ctx, c: c, b: b}
	p.must(c.call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil))
	p.must(c.call(ctx, "Page.navigate", map[string]any{"url": pageURL}, nil))
	p.must(c.waitFor(ctx, `document.body && document.body.dataset.runs === "1" && document.body.dataset.announced === "1"`, 30*time.Second))
	p.eval(focusKeyJS, nil)
	return p
}

func (p *a11yPage) must(err error) {
	p.t.Helper()
	if err != nil {
		p.t.Fatalf("%v\nchromium stderr:\n%s", err, chromiumtest.Tail(p.b.stderr.String(), 1500))
	}
}

func (p *a11yPage) eval(expr string, out any) {
	p.t.Helper()
	p.must(p.c.eval(p.ctx, expr, out))
}

func (p *a11yPage) waitFor(cond string) {
	p.t.Helper()
	p.must(p.c.waitFor(p.ctx, cond, 20*time.Second))
}

// keys describes the keys sent by press: the DOM key, its code and its
// Windows virtual key code, and the text it types.
var keys = map[string]struct {
	code string
	vk   int
	text string
}{
	"Tab": {"Tab", 9, ""}, "Enter": {"Enter", 13, "\r"}, "Escape": {"Escape", 27, ""},
	"ArrowRight": {"ArrowRight", 39, ""}, "ArrowLeft": {"ArrowLeft", 37, ""},
	"Home": {"Home", 36, ""}, "End": {"End", 35, ""}, "PageUp": {"PageUp", 33, ""}, "PageDown": {"PageDown", 34, ""},
}

// press sends a key down and up through Input.dispatchKeyEvent, as a
// keyboard would; modifiers is the CDP bit set (8 is Shift).
func (p *a11yPage) press(key string, modifiers int) {
	p.t.Helper()
	k, ok := keys[key]
	if !ok {
		p.t.Fatalf("no key %q", key)
	}
	down := map[string]any{"type": "rawKeyDown", "key": key, "code": k.code, "windowsVirtualKeyCode": k.vk, "modifiers": modifiers}
	if k.text != "" {
		down["type"] = "keyDown"
		down["text"] = k.text
	}
	p.must(p.c.call(p.ctx, "Input.dispatchKeyEvent", down, nil))
	p.must(p.c.call(p.ctx, "Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "code": k.code, "windowsVirtualKeyCode": k.vk, "modifiers": modifiers}, nil))
}

// active returns the id (or, without one, the tag) of the focused element.
func (p *a11yPage) active() string {
	p.t.Helper()
	var id string
	p.eval(`document.activeElement ? focusKey(document.activeElement) : ""`, &id)
	return id
}

// focusKeyJS defines focusKey(element) in the page: the element's id or,
// without one, its tag and accessible name, which tell the controls apart.
const focusKeyJS = `window.focusKey = function (e) {
	return e.id || e.tagName.toLowerCase() + " " + (e.getAttribute("aria-label") || e.textContent.trim().slice(0, 40));
}`

// TestPageAccessibility checks the serve page in headless Chromium for
// keyboard and screen reader use: the document's language, title,
// landmarks and headings; the accessible name and value text of every
// control (from the browser's accessibility tree); the Tab order, through
// every control and back without a trap; the skip link; the visible focus
// ring (and a screenshot of it in /tmp/serve-a11y.png); the slider keys,
// with one announcement of the re-run's headline in the live region; the
// charts' text alternatives; Escape; a refused value's alert; and the
// Reset button pressed with Enter.
func TestPageAccessibility(t *testing.T) {
	t.Parallel()
	start := time.Now()
	p := openA11yPage(t)
	t.Logf("page loaded and first run announced in %v", time.Since(start).Round(time.Millisecond))

	t.Run("document", func(t *testing.T) {
		p.t = t
		var d struct {
			Lang, Title        string
			Main, Header, Skip int
			Headings           []string
			SkipFirst          bool
		}
		p.eval(`({lang: document.documentElement.lang, title: document.title,
			main: document.querySelectorAll("main").length, header: document.querySelectorAll("body > header").length,
			skip: document.querySelectorAll('a.skip[href="#results"]').length,
			skipFirst: document.querySelector("body a[href]") === document.querySelector('a.skip[href="#results"]'),
			headings: Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map(function (h) { return h.tagName + " " + h.textContent.trim(); })})`, &d)
		if d.Lang != "en" || !strings.HasPrefix(d.Title, "alliancesim: ") || d.Main != 1 || d.Header != 1 || d.Skip != 1 || !d.SkipFirst {
			t.Errorf("document: %+v", d)
		}
		level := 0
		for i, h := range d.Headings {
			l := int(h[1] - '0')
			if (i == 0 && l != 1) || l > level+1 {
				t.Errorf("heading %q after level %d: %v", h, level, d.Headings)
			}
			level = l
		}
		// Landmarks as the browser exposes them.
		roles := p.axRoles()
		for _, r := range []string{"banner", "main", "navigation", "region"} {
			if roles[r] == 0 {
				t.Errorf("no %s landmark in the accessibility tree: %v", r, roles)
			}
		}
	})

	var sliders []string
	p.eval(`Array.from(document.querySelectorAll("#groups input[type=range]")).map(function (r) { return r.id; })`, &sliders)
	if len(sliders) < 10 {
		t.Fatalf("%d sliders", len(sliders))
	}

	t.Run("names", func(t *testing.T) {
		p.t = t
		// From the DOM: every control has a label or an aria-label, and
		// every slider an aria-valuetext that gives the starting value.
		var bad []string
		p.eval(`Array.from(document.querySelectorAll("input, select, button, summary, a[href]")).filter(function (e) {
			return !e.closest("[hidden]");
		}).map(function (e) {
			var name = (e.getAttribute("aria-label") || "").trim() || Array.from(e.labels || []).map(function (l) { return l.textContent.trim(); }).join(" ") ||
				(e.tagName === "INPUT" ? "" : e.textContent.trim());
			var problems = [];
			if (!name) problems.push("no name");
			if (e.type === "range" && !/^-?[0-9.e+-]+, (the starting value|start [0-9.e+-]+)/.test(e.getAttribute("aria-valuetext") || "")) problems.push("valuetext " + e.getAttribute("aria-valuetext"));
			return problems.length ? (e.id || e.tagName) + ": " + problems.join(", ") : "";
		}).filter(Boolean)`, &bad)
		for _, b := range bad {
			t.Error(b)
		}
		// From the accessibility tree: the name Chromium gives to assistive
		// technology.
		nodes := p.axTree()
		named := map[string]int{}
		seen := map[string]bool{}
		for _, n := range nodes {
			if n.Ignored {
				continue
			}
			switch n.role() {
			case "slider", "spinbutton", "button", "combobox", "link", "textbox":
				if strings.TrimSpace(n.name()) == "" {
					t.Errorf("%s without an accessible name: %+v", n.role(), n)
				}
				named[n.role()]++
				if k := n.role() + " " + n.name(); seen[k] {
					t.Errorf("two of %s: screen reader users cannot tell them apart", k)
				} else if n.role() != "link" {
					seen[k] = true
				}
			}
			// (Chromium's DevTools tree gives a slider's number as its
			// valuetext, not aria-valuetext: that is checked on the DOM above.)
			if n.role() == "slider" && n.value() == "" {
				t.Errorf("slider %q without a value", n.name())
			}
		}
		if named["slider"] != len(sliders) || named["spinbutton"] < len(sliders) {
			t.Errorf("accessibility tree: %v, want %d sliders and spin buttons", named, len(sliders))
		}
	})

	t.Run("tab order", func(t *testing.T) {
		p.t = t
		// Record every focus change, then Tab through the whole page.
		var count int
		p.eval(`window.__focus = []; document.addEventListener("focusin", function (e) { __focus.push(focusKey(e.target)); });
			document.querySelectorAll("input, select, button, summary, a[href], [tabindex]:not([tabindex='-1'])").length`, &count)
		t0 := time.Now()
		var order []string
		wrapped := false
		for i := 0; i < count+5; i++ {
			p.press("Tab", 0)
			var f []string
			p.eval(`__focus`, &f)
			if len(f) > 0 && len(f) > len(order) && f[len(f)-1] == "skip-results" && len(order) > 0 {
				wrapped = true // back at the start: focus went round the page
				break
			}
			order = f
		}
		t.Logf("%d Tab presses in %v: %s … %s", len(order), time.Since(t0).Round(time.Millisecond),
			strings.Join(order[:min(8, len(order))], " "), strings.Join(order[max(0, len(order)-4):], " "))
		if len(order) == 0 || order[0] != "skip-results" {
			t.Fatalf("the first Tab stop is %v, want the skip link", order[:min(3, len(order))])
		}
		if !wrapped {
			t.Errorf("after %d Tab presses focus did not come back to the skip link: a keyboard trap?", len(order))
		}
		pos := map[string]int{}
		for i, id := range order {
			if j, ok := pos[id]; ok {
				t.Errorf("%s reached twice (stops %d and %d) in one round: a keyboard trap?", id, j, i)
			}
			pos[id] = i
		}
		reset, ok := pos["reset"]
		if !ok {
			t.Error("Tab does not reach the Reset button")
		}
		prev := -1
		for _, id := range sliders {
			i, ok := pos[id]
			if !ok {
				t.Errorf("Tab does not reach slider %s", id)
				continue
			}
			if i < prev || i < reset {
				t.Errorf("slider %s out of order (stop %d after %d, reset at %d)", id, i, prev, reset)
			}
			prev = i
		}
		// Shift+Tab goes back: from a slider to the control before it.
		target := sliders[3]
		p.eval(`document.getElementById("`+target+`").focus()`, nil)
		p.press("Tab", 8)
		if got, want := p.active(), order[pos[target]-1]; got != want {
			t.Errorf("Shift+Tab from %s went to %s, want %s", target, got, want)
		}
	})

	t.Run("skip link", func(t *testing.T) {
		p.t = t
		p.eval(`document.getElementById("skip-results").focus()`, nil)
		var vis struct{ Top, Height float64 }
		p.eval(`(function () { var r = document.activeElement.getBoundingClientRect(); return {top: r.top, height: r.height}; })()`, &vis)
		if vis.Top < 0 || vis.Height < 10 {
			t.Errorf("the focused skip link is not on screen: %+v", vis)
		}
		p.press("Enter", 0)
		p.waitFor(`document.activeElement && document.activeElement.id === "results"`)
		// The next Tab goes on from the results, past the toolbar.
		p.press("Tab", 0)
		var inResults bool
		p.eval(`document.getElementById("results").contains(document.activeElement)`, &inResults)
		if !inResults {
			t.Errorf("after the skip link, Tab went to %s", p.active())
		}
	})

	t.Run("focus ring", func(t *testing.T) {
		p.t = t
		// Tab onto the first slider from the control before it.
		p.eval(`document.getElementById("`+sliders[0]+`").previousElementSibling.querySelector("button.undo").focus()`, nil)
		p.press("Tab", 0)
		if got := p.active(); got != sliders[0] {
			t.Fatalf("Tab went to %s, want %s", got, sliders[0])
		}
		var st struct {
			Visible         bool
			Style, Width    string
			Shadow, Outline string
		}
		p.eval(`(function () { var a = document.activeElement, cs = getComputedStyle(a);
			return {visible: a.matches(":focus-visible"), style: cs.outlineStyle, width: cs.outlineWidth, outline: cs.outlineColor, shadow: cs.boxShadow}; })()`, &st)
		t.Logf("focused slider: %+v", st)
		w := strings.TrimSuffix(st.Width, "px")
		if !st.Visible || ((st.Style == "none" || w == "0") && (st.Shadow == "" || st.Shadow == "none")) {
			t.Errorf("the focused slider shows no focus ring: %+v", st)
		}
		// The page itself does not scroll (only its two columns do), so
		// the header stays in view.
		var scrollY float64
		p.eval(`window.scrollY`, &scrollY)
		if scrollY != 0 {
			t.Errorf("the window scrolled to %v on focusing a slider", scrollY)
		}
		var shot struct{ Data string }
		p.must(p.c.call(p.ctx, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot))
		img, err := base64.StdEncoding.DecodeString(shot.Data)
		p.must(err)
		if _, err := png.DecodeConfig(bytes.NewReader(img)); err != nil {
			t.Errorf("screenshot: %v", err)
		}
		if err := os.WriteFile("/tmp/serve-a11y.png", img, 0o644); err != nil {
			t.Logf("cannot write /tmp/serve-a11y.png: %v", err)
		}
		// Buttons and the number inputs show the ring too.
		for _, sel := range []string{"#reset", "#draws", "#n-" + strings.TrimPrefix(sliders[0], "r-")} {
			p.eval(`document.activeElement.blur(); document.querySelector("`+sel+`").focus()`, nil)
			p.press("Tab", 8)
			p.press("Tab", 0)
			p.eval(`(function () { var a = document.activeElement, cs = getComputedStyle(a);
				return {visible: a.matches(":focus-visible"), style: cs.outlineStyle, width: cs.outlineWidth, outline: a.id, shadow: cs.boxShadow}; })()`, &st)
			if !st.Visible || st.Style == "none" {
				t.Errorf("%s: no focus ring: %+v", sel, st)
			}
		}
	})

	t.Run("slider keys and announcement", func(t *testing.T) {
		p.t = t
		id := sliders[0]
		var before struct {
			Value, Min, Max, Step, Text string
			Runs, Headline              string
		}
		read := func() {
			p.eval(`(function () { var r = document.getElementById("`+id+`"); return {value: r.value, min: r.min, max: r.max, step: r.step,
				text: r.getAttribute("aria-valuetext"), runs: document.body.dataset.runs, headline: document.getElementById("p-now").textContent}; })()`, &before)
		}
		read()
		start := before
		// Count what the live region says from now on.
		p.eval(`window.__said = []; new MutationObserver(function () { __said.push(document.getElementById("announce").textContent); })
			.observe(document.getElementById("announce"), {childList: true, characterData: true, subtree: true})`, nil)
		p.eval(`document.getElementById("`+id+`").focus()`, nil)
		t0 := time.Now()
		for i := 0; i < 3; i++ {
			p.press("ArrowRight", 0)
		}
		p.waitFor(`document.body.dataset.state === "idle" && window.__said.length > 0`)
		t.Logf("ArrowRight ×3 to announcement: %v", time.Since(t0).Round(time.Millisecond))
		time.Sleep(600 * time.Millisecond) // room for a second announcement, which must not come
		read()
		if before.Value == start.Value || !strings.HasPrefix(before.Text, before.Value+", start ") {
			t.Errorf("ArrowRight: value %s → %s, valuetext %q", start.Value, before.Value, before.Text)
		}
		if before.Runs == start.Runs {
			t.Error("ArrowRight did not re-run")
		}
		var said []string
		var liveOK bool
		p.eval(`window.__said`, &said)
		p.eval(`(function () { var a = document.getElementById("announce"); return a.getAttribute("aria-live") === "polite" && a.closest("#headline") !== null; })()`, &liveOK)
		if len(said) != 1 || !strings.Contains(said[0], before.Headline) || !strings.Contains(said[0], "change") || !liveOK {
			t.Errorf("live region said %q (live polite in the headline %v), want the headline %s once", said, liveOK, before.Headline)
		}
		t.Logf("announced: %q", said)

		// The charts' text alternatives state the new headline.
		var alts []string
		p.eval(`Array.from(document.querySelectorAll("#results img, #results [role=img]")).map(function (e) { return e.getAttribute("alt") || e.getAttribute("aria-label") || ""; })`, &alts)
		if len(alts) < 3 {
			t.Errorf("%d charts with a text alternative", len(alts))
		}
		for _, a := range alts {
			if !strings.Contains(a, before.Headline) {
				t.Errorf("chart alternative %q lacks the headline %s", a, before.Headline)
			}
		}

		// Home and End go to the slider's ends, PageDown steps down.
		for _, k := range []struct{ key, want string }{{"Home", before.Min}, {"End", before.Max}} {
			p.press(k.key, 0)
			read()
			if before.Value != k.want {
				t.Errorf("%s: value %s, want %s", k.key, before.Value, k.want)
			}
		}
		top := before.Value
		p.press("PageDown", 0)
		read()
		if before.Value == top {
			t.Errorf("PageDown left the value at %s", top)
		}
		// Escape puts the slider back to its starting value and re-runs.
		p.press("Escape", 0)
		p.waitFor(`document.body.dataset.state === "idle" && document.getElementById("run-meta").textContent.indexOf("at the starting point") >= 0`)
		read()
		if before.Value != start.Value || before.Text != start.Text {
			t.Errorf("Escape: value %s (%q), want %s (%q)", before.Value, before.Text, start.Value, start.Text)
		}
	})

	t.Run("refused value", func(t *testing.T) {
		p.t = t
		num := "n-" + strings.TrimPrefix(sliders[0], "r-")
		p.eval(`(function () { var n = document.getElementById("`+num+`"); n.focus(); n.value = "1e9"; n.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil)
		var e struct {
			Invalid, Described, Alert, Role string
		}
		p.eval(`(function () { var n = document.getElementById("`+num+`"), a = document.getElementById("alert");
			return {invalid: n.getAttribute("aria-invalid"), role: a.getAttribute("role"), alert: a.textContent,
				described: (n.getAttribute("aria-describedby") || "").split(" ").map(function (id) { var d = document.getElementById(id); return d ? d.textContent : "?"; }).join(" | ")}; })()`, &e)
		if e.Invalid != "true" || e.Role != "alert" || !strings.Contains(e.Alert, "1e9") || !strings.Contains(e.Described, "1e9") {
			t.Errorf("refused value: %+v", e)
		}
		// Escape clears it.
		p.press("Escape", 0)
		p.eval(`(function () { var n = document.getElementById("`+num+`");
			return {invalid: String(n.getAttribute("aria-invalid")), described: String(n.getAttribute("aria-describedby"))}; })()`, &e)
		if e.Invalid != "null" || e.Described != "null" {
			t.Errorf("after Escape: %+v", e)
		}
	})
	t.Run("reset by keyboard", func(t *testing.T) {
		p.t = t
		// Move two sliders, then Enter on the Reset button puts both back.
		for _, id := range sliders[1:3] {
			p.eval(`document.getElementById("`+id+`").focus()`, nil)
			p.press("ArrowLeft", 0)
		}
		p.waitFor(`document.body.dataset.state === "idle" && document.getElementById("run-meta").textContent.indexOf("2 changed") >= 0`)
		p.eval(`document.getElementById("reset").focus()`, nil)
		p.press("Enter", 0)
		p.waitFor(`document.body.dataset.state === "idle" && document.getElementById("run-meta").textContent.indexOf("at the starting point") >= 0 &&
			document.querySelectorAll("#groups .ctl.changed").length === 0`)
	})
	t.Logf("all checks in %v", time.Since(start).Round(time.Millisecond))
}

// axNode is a node of Accessibility.getFullAXTree.
type axNode struct {
	Ignored bool `json:"ignored"`
	Role    *struct {
		Value string `json:"value"`
	} `json:"role"`
	Name *struct {
		Value string `json:"value"`
	} `json:"name"`
	Value *struct {
		Value any `json:"value"`
	} `json:"value"`
	Properties []struct {
		Name  string `json:"name"`
		Value struct {
			Value any `json:"value"`
		} `json:"value"`
	} `json:"properties"`
}

func (n axNode) role() string {
	if n.Role == nil {
		return ""
	}
	return n.Role.Value
}

func (n axNode) name() string {
	if n.Name == nil {
		return ""
	}
	return n.Name.Value
}

// value returns the node's valuetext property, or its value.
func (n axNode) value() string {
	for _, p := range n.Properties {
		if p.Name == "valuetext" {
			if s, ok := p.Value.Value.(string); ok {
				return s
			}
		}
	}
	if n.Value == nil {
		return ""
	}
	return fmt.Sprint(n.Value.Value)
}

func (p *a11yPage) axTree() []axNode {
	p.t.Helper()
	var r struct {
		Nodes []axNode `json:"nodes"`
	}
	p.must(p.c.call(p.ctx, "Accessibility.getFullAXTree", nil, &r))
	return r.Nodes
}

// axRoles counts the roles of the accessibility tree's nodes.
func (p *a11yPage) axRoles() map[string]int {
	roles := map[string]int{}
	for _, n := range p.axTree() {
		if !n.Ignored {
			roles[n.role()]++
		}
	}
	return roles
}
