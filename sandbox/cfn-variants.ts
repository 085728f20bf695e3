/**
 * The template versions a sandbox stack can be made with. Only the current
 * YAML file exists; older versions are derived from it by undoing what each
 * bump added, so there is never a second template file to keep in step.
 */
import { describeSandboxTemplate, type SandboxTemplate } from "./cfn-template";

export const TEMPLATE_VARIANTS = ["current", "legacy-1.0.0"] as const;
export type TemplateVariant = (typeof TEMPLATE_VARIANTS)[number];

/** 1.1.0 added this inline policy (rolelink may confirm SNS claims with DescribeStacks). */
const CONFIRM_POLICY_NAME = "rolelink-confirm-this-stack";
const LEGACY_VERSION = "1.0.0";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Version 1.0.0: no confirm policy on the role, and the custom resource reports TemplateVersion 1.0.0. */
function legacy(current: SandboxTemplate): SandboxTemplate {
  const document = structuredClone(current.document);
  const resources = isRecord(document.Resources) ? document.Resources : {};
  const role = resources[current.role.logicalId];
  const properties = isRecord(role) && isRecord(role.Properties) ? role.Properties : undefined;
  if (properties && Array.isArray(properties.Policies)) {
    properties.Policies = properties.Policies.filter((p) => !(isRecord(p) && p.PolicyName === CONFIRM_POLICY_NAME));
  }
  // The reported version comes from Mappings (Metadata cannot be referenced); keep both as the template does.
  const template = isRecord(document.Mappings) && isRecord(document.Mappings.Rolelink) ? document.Mappings.Rolelink.Template : undefined;
  if (isRecord(template)) template.Version = LEGACY_VERSION;
  if (isRecord(document.Metadata)) document.Metadata.TemplateVersion = LEGACY_VERSION;
  return describeSandboxTemplate(document, LEGACY_VERSION);
}

export function templateVariants(current: SandboxTemplate): Record<TemplateVariant, SandboxTemplate> {
  return { current, "legacy-1.0.0": legacy(current) };
}
