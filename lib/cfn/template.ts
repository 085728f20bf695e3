/**
 * The customer CloudFormation template: loaded from the one file in
 * `cloudformation/`, parsed, and validated, so what the connect page shows
 * (see template-review.ts) is always derived from what the link launches.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseCfnYaml } from "./cfn-yaml";
import { CfnTemplateError, cfnTemplateSchema, templateVersion, type CfnTemplate } from "./template-schema";

/** Relative to the project root (process.cwd() for `next start`, scripts and tests). */
export const CUSTOMER_TEMPLATE_PATH = "cloudformation/rolelink-role.yaml";

/** Parses and validates template text (exported for tests of hostile or broken templates). */
export function parseCustomerTemplate(text: string): { document: CfnTemplate; version: string } {
  const result = cfnTemplateSchema.safeParse(parseCfnYaml(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CfnTemplateError(`invalid template: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  }
  return { document: result.data, version: templateVersion(result.data) };
}

let cached: { text: string; document: CfnTemplate; version: string } | undefined;

/** Reads the template once per process: it only changes with a deploy. */
export function loadCustomerTemplate(): { text: string; document: CfnTemplate; version: string } {
  if (!cached) {
    const text = readFileSync(path.join(process.cwd(), CUSTOMER_TEMPLATE_PATH), "utf8");
    cached = { text, ...parseCustomerTemplate(text) };
  }
  return cached;
}

export { CfnTemplateError, type CfnTemplate, type PolicyDocument } from "./template-schema";
export { describeTemplate, permissionStatements, renderPermissionsPolicy, renderTrustPolicy, trustParameters, type TemplateReview } from "./template-review";
