/** The console's stack view (browser JS in a string): status, actions, info, parameters and events, refreshed while busy. */
export const CONSOLE_STACK_SCRIPT = String.raw`
const UPDATABLE = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"];

async function renderStack(stackId) {
  const status = el("span", { class: "status" });
  const reason = el("p");
  const details = el("dl");
  const events = el("tbody");
  const params = el("tbody");
  const error = el("div", { role: "alert" });
  const update = el("button", { type: "button", class: "secondary", text: "Update stack", onclick: () => {
    location.hash = "#/stacks/update?" + new URLSearchParams({ stackId });
  } });
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
      el("div", { class: "actions" }, update, del)),
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
    update.disabled = !UPDATABLE.includes(stack.status);
    const rows = [["Stack ID", stack.stackId], ["AWS account", stack.accountId], ["Region", stack.region], ["Template version", stack.templateVersion], ["Role ARN", stack.roleArn || "—"], ["Created", stack.createdAt], ["Last updated", stack.lastUpdatedTime || "—"]];
    details.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { class: "mono", text: v })]));
    params.replaceChildren(...Object.entries(stack.parameters).map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { class: "mono", text: v }))));
    events.replaceChildren(...stack.events.map((e) => el("tr", {}, el("td", { text: e.timestamp }), el("td", { text: e.logicalResourceId }), el("td", { text: e.status }), el("td", { text: e.reason || "" }))));
    if (stack.status.endsWith("_IN_PROGRESS")) timer = setTimeout(refresh, 1000);
  }
  await refresh();
}
`;
