/**
 * The interactive API reference (Scalar) served entirely from our origin: the
 * browser bundle comes from node_modules (@scalar/api-reference's standalone
 * build) through our own route, never a CDN, so the docs work on closed
 * networks and the CSP names no third-party host.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** Relative to the project root; listed in next.config's outputFileTracingIncludes for the standalone server. */
const BUNDLE_PATH = "node_modules/@scalar/api-reference/dist/browser/standalone.js";
export const BUNDLE_ROUTE = "/docs/api/scalar.js";

let bundle: { body: Buffer; version: string } | undefined;

/** Read once per process; the version is the content hash, so the URL changes whenever the bundle does. */
export function scalarBundle(): { body: Buffer; version: string } {
  if (!bundle) {
    const body = readFileSync(path.join(process.cwd(), BUNDLE_PATH));
    bundle = { body, version: createHash("sha256").update(body).digest("hex").slice(0, 16) };
  }
  return bundle;
}

/** Never a CDN or third-party request: no hosted fonts, no hosted proxy, no "open in client" service. */
const configuration = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  hideClientButton: true,
  metaData: { title: "rolelink API reference" },
  // Scalar's default muted text and badges fall under WCAG AA contrast (axe): darker in light mode, lighter in dark.
  customCss: [
    ".light-mode { --scalar-color-2: #3f3f46 !important; --scalar-color-3: #52525b !important; --scalar-color-disabled: #52525b !important; }",
    // Syntax highlighting in the examples uses the accent colours.
    ".light-mode { --scalar-color-green: #166534 !important; --scalar-color-blue: #1e40af !important; --scalar-color-orange: #9a3412 !important; --scalar-color-red: #991b1b !important; --scalar-color-purple: #6b21a8 !important; --scalar-color-yellow: #854d0e !important; }",
    ".dark-mode { --scalar-color-2: #e4e4e7 !important; --scalar-color-3: #d4d4d8 !important; --scalar-color-disabled: #d4d4d8 !important; }",
    // The HTTP method labels in the narrow-screen navigation sit on a tinted background their method colour fails on: body text colour there.
    ".request-method { color: var(--scalar-color-1) !important; }",
    // At 390 px Scalar's collapsed response content-type label (application/json) pokes out of its section and the page
    // scrolls sideways; each section keeps its content to its own width (code blocks scroll inside themselves).
    ".section { overflow-x: clip; }",
    // In a narrow column Scalar hides the client-library labels (the "More" button's too) with display: none, which
    // leaves icon-only buttons without a name; they are hidden from sight only, so screen readers still read them.
    "@container client-libraries-content (width < 400px) { .client-libraries__select .client-libraries-icon__more + span { display: block !important; position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; } }",
    "@container client-libraries-content (width < 380px) { .client-libraries span { display: block !important; position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; } }",
  ].join("\n"),
};

/**
 * Scalar's markup breaks ARIA rules that theming cannot reach (axe, critical), repaired here in the rendered
 * DOM, and again whenever Scalar's Vue re-renders the attributes:
 * - sidebar entries are buttons carrying `aria-selected` (allowed on tabs and options, not plain buttons):
 *   the selected entry says `aria-current="page"` instead;
 * - the sidebar's search button carries `role="search"`, a landmark, which takes its name from nothing:
 *   it becomes a plain button named by its text ("Open Search");
 * - the client-library tab list also holds the "More" button that opens the other libraries, and a tab
 *   list may hold only tabs: it becomes the last tab (unselected, with its popup), as overflow tabs are.
 */
const ARIA_REPAIR = `(() => {
  const app = document.getElementById("app");
  const repair = () => {
    for (const el of app.querySelectorAll("button[aria-selected]:not([role])")) {
      const selected = el.getAttribute("aria-selected") === "true";
      el.removeAttribute("aria-selected");
      if (selected) el.setAttribute("aria-current", "page");
      else el.removeAttribute("aria-current");
    }
    for (const el of app.querySelectorAll('button[role="search"]')) el.removeAttribute("role");
    for (const el of app.querySelectorAll('[role="tablist"] button:not([role])')) {
      el.setAttribute("role", "tab");
      el.setAttribute("aria-selected", "false");
      el.setAttribute("aria-haspopup", "true");
    }
  };
  repair();
  new MutationObserver(repair).observe(app, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-selected", "role"] });
})();`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The page: every script carries this request's CSP nonce (script-src has 'strict-dynamic', so 'self' alone would not do). */
export function apiReferenceHtml(nonce: string): string {
  const n = escapeAttribute(nonce);
  const src = `${BUNDLE_ROUTE}?v=${scalarBundle().version}`;
  // JSON inside <script>: "<" escaped so no value can close the element.
  const config = JSON.stringify(configuration).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>rolelink API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${n}">${ARIA_REPAIR}</script>
    <script nonce="${n}" src="${src}"></script>
    <script nonce="${n}">Scalar.createApiReference("#app", ${config});</script>
  </body>
</html>
`;
}
