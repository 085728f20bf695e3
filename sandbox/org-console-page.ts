/**
 * The sandbox Organizations console: one self-contained page to create an
 * account in an OU, move an account between OUs (into or out of a StackSet's
 * targets, so auto-deployment can be watched from `npm run dev`), and turn
 * trusted access for StackSets on or off. It drives the JSON endpoints of
 * routes/org-status-api.ts; every value goes in with textContent, never HTML.
 */
import { CONSOLE_STYLE } from "./console-page";

const SCRIPT = `
const app = document.getElementById("app");
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};
const post = async (path, body) => {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.message || json.error || String(response.status));
  return json;
};
const say = (text, bad) => { const note = document.getElementById("note"); note.textContent = text; note.dataset.kind = bad ? "bad" : "ok"; };
const act = (fn, done) => async () => { try { await fn(); say(done, false); await render(); } catch (error) { say(String(error.message || error), true); } };

function parentSelect(org, id, label, value) {
  const select = el("select", { id, name: id });
  select.append(el("option", { value: org.rootId, textContent: "Root (" + org.rootId + ")" }));
  for (const unit of org.units) select.append(el("option", { value: unit.id, textContent: unit.name + " (" + unit.id + ")" }));
  if (value) select.value = value;
  return [el("label", { htmlFor: id, textContent: label }), select];
}

function deployedIn(stackSets, accountId) {
  const instance = stackSets.flatMap((set) => set.instances).find((i) => i.accountId === accountId);
  return instance ? instance.status + (instance.detailedStatus ? " / " + instance.detailedStatus : "") : "—";
}

function organizationPanel(org, stackSets) {
  const base = "/api/organizations/" + encodeURIComponent(org.id);
  const unitName = (id) => (id === org.rootId ? "Root" : (org.units.find((u) => u.id === id) || { name: id }).name);
  const panel = el("section", { className: "panel" });
  panel.append(el("h2", { textContent: "Organization " + org.id + " (management " + org.managementAccountId + ")" }));
  const trusted = el("button", { type: "button", className: "secondary", textContent: org.stackSetsTrustedAccess ? "Disable trusted access for StackSets" : "Enable trusted access for StackSets" });
  trusted.onclick = act(() => post(base + "/trusted-access", { enabled: !org.stackSetsTrustedAccess }), "Trusted access changed.");
  panel.append(el("p", {}, "Trusted access for StackSets: ", el("strong", { textContent: org.stackSetsTrustedAccess ? "enabled" : "disabled" }), " ", trusted));

  const form = el("form");
  const name = el("input", { type: "text", id: "new-name-" + org.id, name: "name", required: true, placeholder: "new-workload" });
  form.append(el("h3", { textContent: "Create an account" }), el("label", { htmlFor: name.id, textContent: "Account name" }), name, ...parentSelect(org, "new-parent-" + org.id, "In"));
  form.append(el("div", { className: "actions" }, el("button", { type: "submit", textContent: "Create account" })));
  form.onsubmit = (event) => { event.preventDefault(); act(() => post(base + "/accounts", { name: name.value.trim(), parentId: form.elements["new-parent-" + org.id].value }), "Account created.")(); };
  panel.append(form);

  const table = el("table", {}, el("caption", { className: "hint", textContent: "Accounts, where they sit, and their StackSet instance" }));
  table.append(el("thead", {}, el("tr", {}, ...["Account", "Name", "Parent", "Stack instance", "Move to"].map((h) => el("th", { scope: "col", textContent: h })))));
  const body = el("tbody");
  for (const account of org.accounts) {
    const cell = el("td");
    if (account.id !== org.managementAccountId) {
      const [label, select] = parentSelect(org, "move-" + account.id, "Move " + account.id + " to", account.parentId);
      label.className = "hint";
      const move = el("button", { type: "button", className: "secondary", textContent: "Move" });
      move.onclick = act(() => post(base + "/accounts/" + account.id + "/move", { destinationParentId: select.value }), "Account " + account.id + " moved.");
      cell.append(label, select, " ", move);
    }
    const row = el("tr", {}, el("td", { className: "mono", textContent: account.id }), el("td", { textContent: account.name }), el("td", { textContent: unitName(account.parentId) }), el("td", { textContent: deployedIn(stackSets, account.id) }), cell);
    row.dataset.account = account.id;
    body.append(row);
  }
  table.append(body);
  panel.append(table);
  return panel;
}

async function render() {
  const [orgs, sets] = await Promise.all([fetch("/api/organizations").then((r) => r.json()), fetch("/api/stack-sets").then((r) => r.json())]);
  const stackSets = sets.stackSets || [];
  app.replaceChildren(el("h1", { textContent: "Organizations" }), el("p", { id: "note", className: "status", role: "status" }));
  if (!orgs.organizations.length) app.append(el("p", { textContent: "No organization in this sandbox." }));
  for (const org of orgs.organizations) app.append(organizationPanel(org, stackSets.filter((set) => set.administratorAccountId === org.managementAccountId)));
}
render().catch((error) => { app.textContent = "Could not load the organizations: " + error.message; });
`;

export function renderOrgConsolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Organizations · rolelink local AWS sandbox</title>
<style>${CONSOLE_STYLE} select { max-width:100%; padding:6px; } table { display:block; overflow-x:auto; }</style>
</head>
<body>
<header class="banner" role="banner">
  <strong>AWS Organizations</strong>
  <span class="tag">rolelink local AWS sandbox — not AWS</span>
  <nav aria-label="Sandbox"><a href="/cloudformation/home#/stacks">Stacks</a> · <a href="/organizations/home">Organizations</a></nav>
</header>
<main id="app" tabindex="-1"><p>Loading…</p></main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
