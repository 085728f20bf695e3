/**
 * The console page's browser script (plain JS in a string: it runs in the
 * browser, not through the TypeScript build). DOM is built with textContent
 * only, so nothing from a link or the API is ever parsed as HTML.
 */
export const CONSOLE_SCRIPT = String.raw`
"use strict";
const app = document.getElementById("app");
const pageRegion = new URLSearchParams(location.search).get("region") || "us-east-1";
document.getElementById("region-label").textContent = "Region: " + pageRegion;
let timer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

function show(...nodes) {
  app.replaceChildren(...nodes);
  app.focus();
}

function kindOf(status) {
  if (status.endsWith("_IN_PROGRESS")) return "busy";
  if (status === "CREATE_COMPLETE" || status === "DELETE_COMPLETE") return "ok";
  return "bad";
}

function route() {
  clearTimeout(timer);
  const hash = location.hash.slice(1) || "/stacks";
  const cut = hash.indexOf("?");
  const path = cut === -1 ? hash : hash.slice(0, cut);
  const params = new URLSearchParams(cut === -1 ? "" : hash.slice(cut + 1));
  if (path === "/stacks/create/review" || path === "/stacks/quickcreate") return renderCreate(params);
  if (path === "/stacks/stackinfo" && params.get("stackId")) return renderStack(params.get("stackId"));
  return renderList();
}

async function renderCreate(params) {
  const { body: info } = await api("/api/console");
  const parameters = info.parameters || [];
  const error = el("div", { role: "alert" });
  const templateUrl = params.get("templateURL") || "";
  const stackName = el("input", { type: "text", id: "stack-name", name: "stackName", value: params.get("stackName") || "", required: true, autocomplete: "off" });
  const account = el("input", { type: "text", id: "account-id", name: "accountId", inputmode: "numeric", value: info.defaultAccountId || "", required: true, autocomplete: "off", "aria-describedby": "account-hint" });
  const inputs = {};
  const paramFields = parameters.map((p) => {
    const id = "param-" + p.name;
    const from = params.get("param_" + p.name);
    inputs[p.name] = el("input", { type: "text", id, name: p.name, value: from !== null ? from : (p.default || ""), autocomplete: "off", "aria-describedby": p.description ? id + "-hint" : undefined });
    return el("div", {}, el("label", { for: id, text: p.name }), inputs[p.name], p.description ? el("p", { class: "hint", id: id + "-hint", text: p.description }) : null);
  });
  const ack = el("input", { type: "checkbox", id: "ack-iam" });
  const submit = el("button", { type: "submit", text: "Create stack" });
  const form = el("form", { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    submit.disabled = true;
    const values = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value]));
    const result = await api("/api/stacks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ region: pageRegion, accountId: account.value.trim(), stackName: stackName.value.trim(), templateUrl, parameters: values, capabilities: ack.checked ? ["CAPABILITY_IAM"] : [] }),
    });
    submit.disabled = false;
    if (!result.ok) {
      error.append(el("div", { class: "alert" }, el("strong", { text: (result.body.error || "Error") + ": " }), result.body.message || "the request failed"));
      error.focus();
      return;
    }
    location.hash = "#/stacks/stackinfo?" + new URLSearchParams({ stackId: result.body.stack.stackId });
  } },
    el("section", { class: "panel", "aria-labelledby": "h-template" },
      el("h2", { id: "h-template", text: "Template" }),
      el("dl", {}, el("dt", { text: "Template URL" }), el("dd", { class: "mono", text: templateUrl || "(none in the link)" }))),
    el("section", { class: "panel", "aria-labelledby": "h-details" },
      el("h2", { id: "h-details", text: "Stack name and parameters" }),
      el("label", { for: "stack-name", text: "Stack name" }), stackName,
      ...paramFields),
    el("section", { class: "panel", "aria-labelledby": "h-account" },
      el("h2", { id: "h-account", text: "Signed in as" }),
      el("label", { for: "account-id", text: "AWS account (sandbox)" }), account,
      el("p", { class: "hint", id: "account-hint", text: "The 12-digit account you are \"signed into\". In AWS this is your console session; here you choose it." })),
    el("section", { class: "panel", "aria-labelledby": "h-caps" },
      el("h2", { id: "h-caps", text: "Capabilities" }),
      el("label", { class: "check", for: "ack-iam" }, ack, "I acknowledge that AWS CloudFormation might create IAM resources.")),
    error,
    el("div", { class: "actions" }, el("button", { type: "button", class: "secondary", text: "Cancel", onclick: () => { location.hash = "#/stacks"; } }), submit));
  show(el("h1", { text: "Quick create stack" }), form);
}

async function renderStack(stackId) {
  const status = el("span", { class: "status" });
  const reason = el("p");
  const details = el("dl");
  const events = el("tbody");
  const params = el("tbody");
  const error = el("div", { role: "alert" });
  const del = el("button", { type: "button", class: "secondary", text: "Delete stack", onclick: async () => {
    del.disabled = true;
    const result = await api("/api/stacks/" + encodeURIComponent(stackId), { method: "DELETE", headers: { "Content-Type": "application/json" } });
    error.replaceChildren();
    if (!result.ok) error.append(el("div", { class: "alert" }, (result.body.error || "Error") + ": " + (result.body.message || "delete failed")));
    refresh();
  } });
  const title = el("h1", { text: "Stack" });
  show(title,
    el("section", { class: "panel", "aria-labelledby": "h-status" },
      el("h2", { id: "h-status", text: "Status" }),
      el("p", { role: "status", "aria-live": "polite" }, "Status: ", status), reason, error,
      el("div", { class: "actions" }, del)),
    el("section", { class: "panel" }, el("h2", { text: "Stack info" }), details),
    el("section", { class: "panel" }, el("h2", { text: "Parameters" }), el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "Key" }), el("th", { text: "Value" }))), params)),
    el("section", { class: "panel" }, el("h2", { text: "Events" }), el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "Timestamp" }), el("th", { text: "Logical ID" }), el("th", { text: "Status" }), el("th", { text: "Status reason" }))), events)));

  async function refresh() {
    const result = await api("/api/stacks/" + encodeURIComponent(stackId));
    if (!result.ok) { status.textContent = "not found"; return; }
    const stack = result.body.stack;
    title.textContent = stack.stackName;
    status.textContent = stack.status;
    status.dataset.kind = kindOf(stack.status);
    const why = stack.failureReason || (stack.status.endsWith("FAILED") ? stack.statusReason : "");
    reason.replaceChildren(...(why ? [el("strong", { text: "Status reason: " }), why] : []));
    del.disabled = stack.status.endsWith("_IN_PROGRESS") || stack.status === "DELETE_COMPLETE";
    const rows = [["Stack ID", stack.stackId], ["AWS account", stack.accountId], ["Region", stack.region], ["Role ARN", stack.roleArn || "—"], ["Created", stack.createdAt]];
    details.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { class: "mono", text: v })]));
    params.replaceChildren(...Object.entries(stack.parameters).map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { class: "mono", text: v }))));
    events.replaceChildren(...stack.events.map((e) => el("tr", {}, el("td", { text: e.timestamp }), el("td", { text: e.logicalResourceId }), el("td", { text: e.status }), el("td", { text: e.reason || "" }))));
    if (stack.status.endsWith("_IN_PROGRESS")) timer = setTimeout(refresh, 1000);
  }
  await refresh();
}

async function renderList() {
  const { body } = await api("/api/stacks");
  const stacks = body.stacks || [];
  const rows = stacks.map((s) => el("tr", {},
    el("td", {}, el("a", { href: "#/stacks/stackinfo?" + new URLSearchParams({ stackId: s.stackId }), text: s.stackName })),
    el("td", {}, el("span", { class: "status", "data-kind": kindOf(s.status), text: s.status })),
    el("td", { text: s.accountId }), el("td", { text: s.region }), el("td", { text: s.createdAt })));
  show(el("h1", { text: "Stacks" }),
    el("section", { class: "panel" },
      stacks.length === 0
        ? el("p", { text: "No stacks yet. Open a Launch Stack link from rolelink to create one." })
        : el("table", {}, el("thead", {}, el("tr", {}, ...["Stack name", "Status", "Account", "Region", "Created"].map((h) => el("th", { text: h })))), el("tbody", {}, ...rows))));
  if (stacks.some((s) => s.status.endsWith("_IN_PROGRESS"))) timer = setTimeout(route, 2000);
}

window.addEventListener("hashchange", route);
route();
`;
