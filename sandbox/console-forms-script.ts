/**
 * The console's two forms (browser JS in a string, like console-script.ts):
 * quick-create review and Update stack. Both edit the template parameters the
 * same way; Update also offers "Use the current template".
 */
export const CONSOLE_FORMS_SCRIPT = String.raw`
function paramField(p, value, inputs) {
  const id = "param-" + p.name;
  inputs[p.name] = el("input", { type: "text", id, name: p.name, value, autocomplete: "off", "aria-describedby": p.description ? id + "-hint" : undefined });
  return el("div", {}, el("label", { for: id, text: p.name }), inputs[p.name], p.description ? el("p", { class: "hint", id: id + "-hint", text: p.description }) : null);
}

function valuesOf(inputs) {
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value]));
}

function showError(box, body, fallback) {
  box.replaceChildren(el("div", { class: "alert" }, el("strong", { text: (body.error || "Error") + ": " }), body.message || fallback));
  box.focus();
}

async function renderCreate(params) {
  const { body: info } = await api("/api/console");
  const error = el("div", { role: "alert", tabindex: "-1" });
  const templateUrl = params.get("templateURL") || "";
  const stackName = el("input", { type: "text", id: "stack-name", name: "stackName", value: params.get("stackName") || "", required: true, autocomplete: "off" });
  const account = el("input", { type: "text", id: "account-id", name: "accountId", inputmode: "numeric", value: info.defaultAccountId || "", required: true, autocomplete: "off", "aria-describedby": "account-hint" });
  const inputs = {};
  const paramFields = (info.parameters || []).map((p) => {
    const from = params.get("param_" + p.name);
    return paramField(p, from !== null ? from : (p.default || ""), inputs);
  });
  const ack = el("input", { type: "checkbox", id: "ack-iam" });
  const submit = el("button", { type: "submit", text: "Create stack" });
  const form = el("form", { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    submit.disabled = true;
    const result = await api("/api/stacks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ region: pageRegion, accountId: account.value.trim(), stackName: stackName.value.trim(), templateUrl, parameters: valuesOf(inputs), capabilities: ack.checked ? ["CAPABILITY_IAM"] : [] }),
    });
    submit.disabled = false;
    if (!result.ok) return showError(error, result.body, "the request failed");
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

async function renderUpdate(stackId, params) {
  const [{ body: info }, found] = await Promise.all([api("/api/console"), api("/api/stacks/" + encodeURIComponent(stackId))]);
  if (!found.ok) return show(el("h1", { text: "Stack not found" }));
  const stack = found.body.stack;
  const back = "#/stacks/stackinfo?" + new URLSearchParams({ stackId });
  const error = el("div", { role: "alert", tabindex: "-1" });
  const inputs = {};
  const paramFields = (info.parameters || []).map((p) => paramField(p, stack.parameters[p.name] ?? p.default ?? "", inputs));
  // A link that names the current template's URL arrives with "Replace the template" already chosen.
  const wantsCurrent = Boolean(params && params.get("templateURL") && params.get("templateURL") === info.templateUrl);
  const useCurrent = el("input", { type: "checkbox", id: "use-current-template", "aria-describedby": "template-hint", checked: wantsCurrent });
  const submit = el("button", { type: "submit", text: "Update stack" });
  const form = el("form", { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    submit.disabled = true;
    const result = await api("/api/stacks/" + encodeURIComponent(stackId) + "/update", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ parameters: valuesOf(inputs), useCurrentTemplate: useCurrent.checked }),
    });
    submit.disabled = false;
    if (!result.ok) return showError(error, result.body, "the update failed");
    location.hash = back;
  } },
    el("section", { class: "panel", "aria-labelledby": "h-template" },
      el("h2", { id: "h-template", text: "Template" }),
      el("label", { class: "check", for: "use-current-template" }, useCurrent, "Use the current template"),
      el("p", { class: "hint", id: "template-hint", text: "This stack runs template version " + stack.templateVersion + "; the current template is version " + (info.templateVersion || "?") + ". Unticked, the stack keeps its template." })),
    el("section", { class: "panel", "aria-labelledby": "h-details" },
      el("h2", { id: "h-details", text: "Parameters" }),
      ...paramFields),
    error,
    el("div", { class: "actions" }, el("button", { type: "button", class: "secondary", text: "Cancel", onclick: () => { location.hash = back; } }), submit));
  show(el("h1", { text: "Update stack " + stack.stackName }), form);
}
`;
