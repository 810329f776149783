package report

import (
	"bytes"
	"html/template"
)

// HTML renders the report as one self-contained HTML page: the charts are
// embedded from their files under dir (the SVG, or the PNG when there is
// no SVG) as data: URLs, the style sheet is inline, and nothing is fetched
// from the network. Every text from the input is escaped.
func HTML(in *Input, dir string) ([]byte, error) {
	d, err := build(in, dir, true)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var page = template.Must(template.New("page").Parse(pageTemplate))

// The style: a serif text face and a sans-serif face for headings, tables
// and captions, both from the system; one column about 48rem wide; tables
// with thin rules; the charts as SVG, filling the column. On a phone a
// table wider than the screen scrolls inside its own box, with shadows at
// the edge it scrolls towards and a line saying so, and nothing else is
// wider than the screen. Printed on A4: the briefing first, the appendix
// from a new page, each of its parts on a new page, no chart or table row
// split across pages, and tables set small and wrapped so none is cut.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="alliancesim{{with .Version}} {{.}}{{end}}">
<title>{{.Title}}</title>
<style>
:root { --ink: #1a1a1a; --muted: #555; --rule: #1a1a1a; --hair: #d4d4d4; --link: #0b5394; --mark: #fff3d6; --mark-edge: #e69f00; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0 auto; max-width: 48rem; padding: 2.5rem 1.25rem 4rem; color: var(--ink); background: #fff;
  font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Iowan Old Style", Georgia, "Liberation Serif", "DejaVu Serif", serif;
  font-size: 1.0625rem; line-height: 1.55; overflow-wrap: break-word; }
h1, h2, h3, h4, p.caption, figcaption, table, nav, .meta, .facts, .table-note, .scroll-hint, .appendix-lead {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
h1 { font-size: 1.85rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.4rem; line-height: 1.25; margin: 2.5rem 0 1rem; padding-top: .6rem; border-top: 2px solid var(--rule); }
.briefing > section:first-child > h2 { margin-top: 1.5rem; }
h3 { font-size: 1.12rem; margin: 2rem 0 .6rem; }
h4 { font-size: 1rem; margin: 1.5rem 0 .4rem; color: var(--muted); }
p { margin: 0 0 1rem; }
.meta { color: var(--muted); font-size: .9rem; margin-bottom: 1.5rem; }
p.summary { font-size: 1.12rem; }
p.note { font-size: .95rem; color: #333; border-left: 3px solid var(--hair); padding-left: .8rem; }
p.appendix-lead { font-size: .95rem; color: #333; margin: 3rem 0 0; padding: .6rem .8rem; border: 1px solid var(--hair); }
nav.toc { font-size: .9rem; margin: 0 0 2rem; display: flex; flex-wrap: wrap; gap: 0 2.5rem; }
nav.toc ol { margin: .3rem 0 .6rem; padding-left: 1.4rem; }
ul.facts { list-style: none; padding: 0; margin: 0 0 1.25rem; font-size: .92rem; }
ul.facts li { margin: .15rem 0; }
ul.sources { font-size: .95rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: .86em; }
code { overflow-wrap: anywhere; }
pre { border: 1px solid var(--hair); padding: .7rem .9rem; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.45; }
a { color: var(--link); }
.table-block { margin: 1rem 0 1.75rem; max-width: 100%; }
@media (min-width: 56rem) {
  .table-block.wide { --w: min(62rem, 100vw - 4rem); width: var(--w); max-width: none; margin-left: calc((100% - var(--w)) / 2); }
}
.table-wrap { overflow-x: auto; max-width: 100%; }
/* Scroll shadows: a shade at each edge the table continues past. */
.table-wrap.scroll {
  background:
    linear-gradient(to right, #fff 40%, rgba(255,255,255,0)) left center / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #fff 40%, rgba(255,255,255,0)) right center / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.28), rgba(0,0,0,0)) left center / .9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.28), rgba(0,0,0,0)) right center / .9rem 100% no-repeat scroll; }
.scroll-hint { display: none; font-size: .78rem; color: var(--muted); margin: 0 0 .3rem; }
@media screen and (max-width: 44rem) {
  body { padding: 1.5rem 1rem 3rem; font-size: 1rem; }
  h1 { font-size: 1.5rem; }
  .scroll-hint { display: block; }
  /* Tables of words reflow: one block per row, each cell under its heading. */
  table.reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.reflow, table.reflow tbody, table.reflow tr, table.reflow td { display: block; width: auto; }
  table.reflow tr { padding: .35rem 0; }
  table.reflow tbody tr + tr td { border-top: none; }
  table.reflow tbody tr + tr { border-top: 1px solid var(--hair); }
  table.reflow td { padding: .1rem .45rem; white-space: normal !important; text-align: left; }
  table.reflow td::before { content: attr(data-label); display: block; font-size: .72rem; font-weight: 600; color: var(--muted); }
  table.reflow td:first-child::before { display: none; }
  table.reflow td:first-child { font-weight: 600; }
}
table { border-collapse: collapse; width: 100%; font-size: .82rem; line-height: 1.35;
  border-top: 1.5px solid var(--rule); border-bottom: 1.5px solid var(--rule); }
p.caption { font-size: .85rem; color: #333; margin: 0 0 .45rem; line-height: 1.4; }
th, td { padding: .32rem .45rem; text-align: left; vertical-align: top; }
thead th { font-weight: 600; vertical-align: bottom; border-bottom: 1px solid var(--rule); }
thead tr.groups th { border-bottom: none; padding-bottom: 0; font-weight: 600; color: var(--muted); }
thead tr.groups th.group { text-align: center; border-bottom: 1px solid var(--hair); }
tbody tr + tr td { border-top: 1px solid var(--hair); }
tbody tr.marked td { background: var(--mark); }
tbody tr.marked td:first-child { box-shadow: inset 3px 0 0 var(--mark-edge); }
th.r, td.r { text-align: right; font-variant-numeric: tabular-nums; }
td.r { white-space: nowrap; }
table.headline td, table.comparison td:first-child { white-space: nowrap; }
table.headline td:first-child, table.comparison td:first-child { font-weight: 600; }
table.assumptions td:first-child, table.events td:first-child, table.weights td:first-child, table.assumptions td:nth-child(2) { white-space: nowrap; }
td code { font-size: .95em; }
.table-note { font-size: .82rem; color: var(--muted); margin: .4rem 0 0; }
.label { font-weight: 600; }
figure { margin: 1.75rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure img.vector { width: 100%; }
figcaption { font-size: .85rem; line-height: 1.45; color: #333; margin-top: .5rem; }
.downloads { color: var(--muted); white-space: nowrap; }
@media print {
  @page { size: A4; margin: 14mm 14mm 16mm; }
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.45; }
  h1 { font-size: 17pt; }
  h2 { font-size: 13pt; margin: 1.4rem 0 .6rem; }
  .briefing > section:first-child > h2 { margin-top: .8rem; }
  h3 { margin: 1.2rem 0 .4rem; }
  p.summary { font-size: 10.5pt; }
  section.major { break-before: page; page-break-before: always; }
  section.major > h2 { margin-top: 0; }
  p.appendix-lead { margin: 0 0 1rem; }
  h2, h3, h4, p.caption, .scroll-hint { break-after: avoid; page-break-after: avoid; }
  figure, tr, pre, ul.facts, .table-block.keep { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p.lead { break-after: avoid; page-break-after: avoid; }
  figure { margin: 1rem 0; }
  figure img, figure img.vector { width: auto; max-width: 100%; max-height: 10.5cm; }
  .briefing figure img, .briefing figure img.vector { max-height: 7cm; }
  .table-wrap, .table-wrap.scroll { overflow: visible; background: none; }
  .table-block.wide { width: auto; margin-left: 0; }
  table { font-size: 7.5pt; }
  th, td { padding: .2rem .3rem; }
  td, th, td.r, table.headline td, table.comparison td:first-child, table.assumptions td:first-child, table.events td:first-child,
  table.weights td:first-child, table.assumptions td:nth-child(2) { white-space: normal; }
  td code { overflow-wrap: anywhere; }
  nav.toc, .downloads, .scroll-hint { display: none; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">{{template "spans" .Meta}}</p>
<nav class="toc" aria-label="Contents">
<div><strong>Briefing</strong>
<ol>{{range .Sections}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}
</ol></div>
{{- if .Appendix}}
<div><strong><a href="#appendix">Appendix</a></strong>
<ol type="A">{{range .Appendix}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}
</ol></div>
{{- end}}
</nav>
</header>
<main>
<div class="briefing" id="briefing">
{{- range .Sections}}
{{template "section" .}}
{{- end}}
</div>
{{- if .Appendix}}
<div class="appendix" id="appendix">
{{- range .Appendix}}
{{template "section" .}}
{{- end}}
</div>
{{- end}}
</main>
</body>
</html>
{{define "section"}}<section id="{{.ID}}"{{if .Major}} class="major"{{end}}>
{{- with .Lead}}
<p class="appendix-lead">{{template "spans" .}}</p>
{{- end}}
<h2>{{.Title}}</h2>
{{- range .Blocks}}
{{template "block" .}}
{{- end}}
</section>
{{- end}}
{{define "spans"}}{{range .}}{{if .URL}}<a href="{{.URL}}">{{.Text}}</a>{{else if .Code}}<code>{{.Text}}</code>{{else if .Strong}}<strong>{{.Text}}</strong>{{else}}{{.Text}}{{end}}{{end}}{{end}}
{{define "block"}}
{{- if eq .Kind "h3"}}<h3>{{.Text}}</h3>
{{- else if eq .Kind "h4"}}<h4>{{.Text}}</h4>
{{- else if eq .Kind "p"}}<p{{with .Class}} class="{{.}}"{{end}}>{{template "spans" .Para}}</p>
{{- else if eq .Kind "list"}}<ul{{with .Class}} class="{{.}}"{{end}}>{{range .Items}}
<li>{{template "spans" .}}</li>{{end}}
</ul>
{{- else if eq .Kind "code"}}<pre><code>{{.Text}}</code></pre>
{{- else if eq .Kind "table"}}{{template "table" .Table}}
{{- else if eq .Kind "figure"}}{{template "figure" .Figure}}
{{- end}}
{{- end}}
{{define "table"}}<div class="table-block{{if .Wide}} wide{{end}}{{if .Keep}} keep{{end}}" id="{{.ID}}">
<p class="caption" id="{{.ID}}-caption"><span class="label">Table {{.No}}.</span> {{.Caption}}</p>
{{- if .Scroll}}
<p class="scroll-hint" aria-hidden="true">Wide table: swipe or scroll sideways to see every column →</p>
{{- end}}
<div class="table-wrap{{if .Scroll}} scroll{{end}}"{{if .Scroll}} tabindex="0" role="region" aria-labelledby="{{.ID}}-caption"{{end}}>
<table aria-labelledby="{{.ID}}-caption" class="{{.Class}}{{if .Reflow}} reflow{{end}}">
<thead>
{{- if .Groups}}
<tr class="groups">{{range .Groups}}<th colspan="{{.Span}}"{{if .Text}} class="group" scope="colgroup"{{end}}>{{.Text}}</th>{{end}}</tr>
{{- end}}
<tr>{{range $i, $h := .Head}}<th scope="col"{{if $.Right $i}} class="r"{{end}}>{{$h}}</th>{{end}}</tr>
</thead>
<tbody>
{{- range $r, $row := .Rows}}
<tr{{if $.Mark $r}} class="marked"{{end}}>{{range $i, $c := $row}}<td{{if $.Right $i}} class="r"{{end}}{{if $.Reflow}} data-label="{{$.Label $i}}"{{end}}>{{template "spans" $c}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
{{- with .Note}}
<p class="table-note">{{template "spans" .}}</p>
{{- end}}
</div>
{{- end}}
{{define "figure"}}<figure id="{{.ID}}">
<img {{.Src}} alt="{{.Title}}"{{if .Vector}} class="vector"{{end}}{{if .Width}} width="{{.Width}}" height="{{.Height}}"{{end}}>
<figcaption><span class="label">Figure {{.No}}.</span> <strong>{{.TitleDot}}</strong> {{.Caption}}
{{- if .Downloads}} <span class="downloads">Files: {{range $i, $d := .Downloads}}{{if $i}} · {{end}}<a href="./{{$d.Href}}">{{$d.Label}}</a>{{end}}</span>{{end}}</figcaption>
</figure>
{{- end}}
`
