/**
 * The console page's browser script (plain JS in strings: it runs in the
 * browser, not through the TypeScript build). DOM is built with textContent
 * only, so nothing from a link or the API is ever parsed as HTML. The forms
 * and the stack view live in console-forms-script.ts / console-stack-script.ts.
 */
import { CONSOLE_FORMS_SCRIPT } from "./console-forms-script";
import { CONSOLE_STACK_SCRIPT } from "./console-stack-script";

const CORE = String.raw`
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
  if (status === "CREATE_COMPLETE" || status === "UPDATE_COMPLETE" || status === "DELETE_COMPLETE") return "ok";
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
  if (path === "/stacks/update" && params.get("stackId")) return renderUpdate(params.get("stackId"), params);
  // The console's Update wizard as rolelink's "Update available" link opens it: stackId and the new templateURL.
  if (path === "/stacks/update/template" && params.get("stackId")) return renderUpdate(params.get("stackId"), params);
  return renderList();
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
`;

const BOOT = String.raw`
window.addEventListener("hashchange", route);
route();
`;

export const CONSOLE_SCRIPT = [CORE, CONSOLE_FORMS_SCRIPT, CONSOLE_STACK_SCRIPT, BOOT].join("\n");
