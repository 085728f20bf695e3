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

export interface LoadedTemplate {
  text: string;
  document: CfnTemplate;
  version: string;
}

/** Parses and validates template text (exported for tests of hostile or broken templates). */
export function parseTemplateText(text: string): { document: CfnTemplate; version: string } {
  const result = cfnTemplateSchema.safeParse(parseCfnYaml(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CfnTemplateError(`invalid template: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  }
  return { document: result.data, version: templateVersion(result.data) };
}

export const parseCustomerTemplate = parseTemplateText;

/** A loader that reads a template file once per process: it only changes with a deploy. */
export function templateLoader(relativePath: string): () => LoadedTemplate {
  let cached: LoadedTemplate | undefined;
  return () => {
    if (!cached) {
      const file = path.join(/* turbopackIgnore: true */ process.cwd(), relativePath);
      // The file ships through outputFileTracingIncludes (next.config.mjs); without this comment the build's
      // tracer, unable to resolve the path, would copy the whole project (tests included) into the standalone output.
      const text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
      cached = { text, ...parseTemplateText(text) };
    }
    return cached;
  };
}

export const loadCustomerTemplate = templateLoader(CUSTOMER_TEMPLATE_PATH);

export { CfnTemplateError, type CfnTemplate, type PolicyDocument } from "./template-schema";
export {
  describeTemplate,
  permissionStatements,
  renderPermissionsPolicy,
  renderTrustPolicy,
  trustParameters,
  type TemplateReview,
} from "./template-review";
