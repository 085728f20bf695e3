/**
 * The sandbox CloudFormation console: one self-contained page (no external
 * assets) with the quick-create review, a stack view and the stacks list,
 * routed on the URL fragment like the real console. Every value is put in the
 * page with textContent, never as HTML.
 */
import { CONSOLE_SCRIPT } from "./console-script";

export const CONSOLE_STYLE = `
:root { color-scheme: light; --ink:#16191f; --muted:#5f6b7a; --line:#d1d5db; --brand:#0972d3; --bad:#d91515; --ok:#037f0c; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background:#f2f3f3; }
.banner { background:#232f3e; color:#fff; padding:8px 20px; display:flex; gap:16px; align-items:center; flex-wrap:wrap; }
.banner strong { font-size:15px; }
.tag { background:#ffd700; color:#000; border-radius:4px; padding:1px 8px; font-weight:700; }
nav a { color:#fff; }
main { max-width: 920px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 18px; margin: 0 0 12px; }
.panel { background:#fff; border:1px solid var(--line); border-radius:8px; padding:20px; margin-bottom:16px; }
label { display:block; font-weight:600; margin: 14px 0 4px; }
.hint { color: var(--muted); font-size: 13px; margin: 2px 0 0; }
input[type=text] { width:100%; padding:7px 10px; border:1px solid #7d8998; border-radius:6px; font: inherit; }
input[aria-invalid=true] { border-color: var(--bad); }
.check { display:flex; gap:8px; align-items:flex-start; font-weight:400; }
.check input { margin-top: 4px; width:18px; height:18px; }
button { font: inherit; font-weight:700; border-radius: 20px; padding: 6px 20px; border:2px solid var(--brand); background: var(--brand); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color: var(--brand); }
button:disabled { opacity:.5; cursor:not-allowed; }
:focus-visible { outline: 3px solid #ff9900; outline-offset: 2px; }
.actions { display:flex; gap:12px; justify-content:flex-end; margin-top: 16px; }
.alert { border-left: 4px solid var(--bad); background:#fff7f7; padding: 10px 14px; margin: 12px 0; }
.status { font-weight:700; }
.status[data-kind=ok] { color: var(--ok); } .status[data-kind=bad] { color: var(--bad); } .status[data-kind=busy] { color: var(--brand); }
table { width:100%; border-collapse: collapse; }
th, td { text-align:left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
dl { display:grid; grid-template-columns: 180px 1fr; gap: 6px 12px; margin:0; }
dt { color: var(--muted); } dd { margin:0; }
`;

export function renderConsolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudFormation · rolelink local AWS sandbox</title>
<style>${CONSOLE_STYLE}</style>
</head>
<body>
<header class="banner" role="banner">
  <strong>CloudFormation</strong>
  <span class="tag">rolelink local AWS sandbox — not AWS</span>
  <nav aria-label="Sandbox"><a href="#/stacks">Stacks</a> · <a href="/organizations/home">Organizations</a></nav>
  <span id="region-label"></span>
</header>
<main id="app" tabindex="-1"><p>Loading…</p></main>
<script>${CONSOLE_SCRIPT}</script>
</body>
</html>`;
}
