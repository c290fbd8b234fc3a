/**
 * The report's stylesheet, inlined into the page and allowed by its hash in the Content-Security-Policy.
 * System fonts only (no downloads); colours meet WCAG AA contrast in both schemes; badges always carry
 * a word, never colour alone.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8;
  --surface: #ffffff;
  --surface-2: #f0f2f5;
  --text: #1b1f24;
  --muted: #555e69;
  --border: #d6dbe1;
  --accent: #0a58a8;
  --focus: #1f6feb;
  --error: #a8201a;
  --error-bg: #fdeceb;
  --warning: #8a4600;
  --warning-bg: #fff1dc;
  --info: #0a58a8;
  --info-bg: #e7f0fb;
  --ok: #17703a;
  --ok-bg: #e3f4e8;
  --neutral-bg: #eceff3;
  --mono: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', Menlo, Consolas, 'Liberation Mono', monospace;
  --sans: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116;
    --surface: #161b22;
    --surface-2: #1c222b;
    --text: #e6edf3;
    --muted: #9ba6b2;
    --border: #303842;
    --accent: #79b8ff;
    --focus: #58a6ff;
    --error: #ff9b94;
    --error-bg: #3b1716;
    --warning: #f3b65f;
    --warning-bg: #372610;
    --info: #86bfff;
    --info-bg: #132a45;
    --ok: #6bd68a;
    --ok-bg: #11301d;
    --neutral-bg: #262d36;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 15px/1.5 var(--sans);
}
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible {
  outline: 2px solid var(--focus);
  outline-offset: 2px;
}
code, .mono { font-family: var(--mono); font-size: 0.92em; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--surface); padding: 0.5rem 1rem; z-index: 10; }
.page { max-width: 1360px; margin: 0 auto; padding: 0 1.25rem 3rem; }

/* Header */
.masthead { padding: 1.75rem 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: flex-end; justify-content: space-between; }
.masthead h1 { margin: 0; font-size: 1.75rem; letter-spacing: -0.01em; }
.masthead h1 .brand { color: var(--accent); }
.masthead .subtitle { margin: 0.25rem 0 0; color: var(--muted); }
.meta { margin: 0; display: grid; grid-template-columns: auto auto; gap: 0.1rem 0.75rem; font-size: 0.86rem; color: var(--muted); }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; font-family: var(--mono); }
.toc { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.toc a { display: inline-block; padding: 0.3rem 0.8rem; border-radius: 999px; background: var(--surface); border: 1px solid var(--border); text-decoration: none; color: var(--text); font-size: 0.88rem; }
.toc a:hover { border-color: var(--accent); color: var(--accent); }

/* Filters */
.filters {
  position: sticky; top: 0; z-index: 5;
  display: flex; flex-wrap: wrap; gap: 0.6rem 1.25rem; align-items: center;
  padding: 0.7rem 1rem; margin: 0 0 1.25rem;
  background: var(--surface); border: 1px solid var(--border); border-radius: 10px;
  box-shadow: 0 2px 8px rgb(0 0 0 / 0.06);
}
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 0.35rem; align-items: center; }
.filters legend { float: left; margin-right: 0.4rem; font-size: 0.85rem; font-weight: 600; color: var(--muted); }
.filters label { font-size: 0.85rem; font-weight: 600; color: var(--muted); }
.chip { position: relative; }
.chip input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.chip span { display: inline-block; padding: 0.2rem 0.7rem; border-radius: 999px; border: 1px solid var(--border); font-size: 0.84rem; font-weight: 600; cursor: pointer; color: var(--muted); background: var(--surface-2); }
.chip input:checked + span.sev-error { background: var(--error-bg); color: var(--error); border-color: currentColor; }
.chip input:checked + span.sev-warning { background: var(--warning-bg); color: var(--warning); border-color: currentColor; }
.chip input:checked + span.sev-info { background: var(--info-bg); color: var(--info); border-color: currentColor; }
.chip input:not(:checked) + span { text-decoration: line-through; }
.chip input:focus-visible + span { outline: 2px solid var(--focus); outline-offset: 2px; }
.filters select, .filters input[type='search'] {
  font: inherit; font-size: 0.9rem; color: var(--text); background: var(--surface-2);
  border: 1px solid var(--border); border-radius: 6px; padding: 0.3rem 0.55rem;
}
.filters input[type='search'] { min-width: 16rem; }
.filters button { font: inherit; font-size: 0.85rem; padding: 0.3rem 0.8rem; border-radius: 6px; border: 1px solid var(--border); background: var(--surface-2); color: var(--text); cursor: pointer; }
.filter-status { margin-left: auto; font-size: 0.85rem; color: var(--muted); }

/* Sections */
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 12px; padding: 1.25rem 1.4rem; margin: 0 0 1.5rem; }
.card > h2 { margin: 0 0 0.2rem; font-size: 1.3rem; display: flex; align-items: baseline; gap: 0.6rem; }
.card > .lead { margin: 0 0 1rem; color: var(--muted); font-size: 0.92rem; }
.card h3 { font-size: 1.05rem; margin: 1.4rem 0 0.6rem; display: flex; align-items: center; gap: 0.5rem; }
.count { font-size: 0.85rem; font-weight: 500; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; margin: 0.5rem 0; }

/* Summary tiles */
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 0.75rem; margin: 0.5rem 0 1rem; }
.tile { border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 0.9rem; background: var(--surface-2); }
.tile .value { display: block; font-size: 1.8rem; font-weight: 700; line-height: 1.15; font-variant-numeric: tabular-nums; }
.tile .label { display: block; font-size: 0.84rem; color: var(--muted); font-weight: 600; }
.tile .note { display: block; font-size: 0.8rem; color: var(--muted); }
.tile.t-error { background: var(--error-bg); border-color: transparent; }
.tile.t-error .value, .tile.t-error .label { color: var(--error); }
.tile.t-warning { background: var(--warning-bg); border-color: transparent; }
.tile.t-warning .value, .tile.t-warning .label { color: var(--warning); }
.tile.t-info { background: var(--info-bg); border-color: transparent; }
.tile.t-info .value, .tile.t-info .label { color: var(--info); }
.notes-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
.notes-grid h3 { margin-top: 0.5rem; }
.plain-list { margin: 0; padding-left: 1.1rem; font-size: 0.9rem; }
.plain-list li { margin: 0.15rem 0; }

/* Tables */
.table-wrap { overflow-x: auto; border: 1px solid var(--border); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
caption { text-align: left; padding: 0.5rem 0.7rem; color: var(--muted); font-size: 0.84rem; border-bottom: 1px solid var(--border); }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.7rem; border-bottom: 1px solid var(--border); }
thead th { background: var(--surface-2); font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: color-mix(in srgb, var(--surface-2) 60%, transparent); }
.group-row th { background: var(--surface-2); font-size: 0.95rem; padding-top: 0.6rem; text-transform: none; letter-spacing: 0; color: var(--text); }
.group-row .mono { font-weight: 700; }
.group-row .count { margin-left: 0.5rem; }
td.path { font-family: var(--mono); font-size: 0.86rem; overflow-wrap: anywhere; min-width: 8rem; max-width: 20rem; }
td.path .why { font-family: var(--sans); overflow-wrap: normal; }
.sub { display: block; color: var(--muted); font-size: 0.8rem; }
.remedy { display: block; margin-top: 0.3rem; color: var(--muted); font-size: 0.84rem; }
.remedy strong { color: var(--text); font-weight: 600; }
tr.inactive td { color: var(--muted); }
tr.inactive .path-value { text-decoration: line-through; }
td.name { font-family: var(--mono); font-size: 0.86rem; white-space: nowrap; }
td.location { font-family: var(--mono); font-size: 0.82rem; overflow-wrap: anywhere; min-width: 12rem; max-width: 22rem; }
.rule-line { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem; margin-bottom: 0.2rem; }
.rule-line code { font-weight: 600; }
.category { font-size: 0.75rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.msg { min-width: 28rem; }
.nowrap { white-space: nowrap; }
ul.urls { list-style: none; margin: 0; padding: 0; }
ul.urls li { margin: 0 0 0.35rem; display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: baseline; }
ul.urls .mono { word-break: break-all; margin-right: 0.25rem; }
.days { font-weight: 700; font-variant-numeric: tabular-nums; }
.no-match td { text-align: center; color: var(--muted); font-style: italic; }

/* Badges: a word and a colour, never colour alone */
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.74rem; font-weight: 700; letter-spacing: 0.01em; white-space: nowrap; background: var(--neutral-bg); color: var(--muted); border: 1px solid transparent; }
.b-error { background: var(--error-bg); color: var(--error); }
.b-warning { background: var(--warning-bg); color: var(--warning); }
.b-info { background: var(--info-bg); color: var(--info); }
.b-ok { background: var(--ok-bg); color: var(--ok); }
.badges { display: flex; flex-wrap: wrap; gap: 0.25rem; }

footer { color: var(--muted); font-size: 0.82rem; text-align: center; margin-top: 2rem; }

@media (max-width: 700px) {
  .filters { position: static; }
  .filters input[type='search'] { min-width: 0; width: 100%; }
  .filter-status { margin-left: 0; }
}
@media print {
  :root { color-scheme: light; }
  body { background: #fff; color: #000; font-size: 11pt; }
  .filters, .toc, .skip-link { display: none !important; }
  .card { border: 0; padding: 0; margin: 0 0 1.5rem; break-inside: auto; }
  .card > h2 { break-after: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  tr, .tile { break-inside: avoid; }
  thead { display: table-header-group; }
  .badge, .tile, .chip span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
