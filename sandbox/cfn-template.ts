/**
 * What the sandbox CloudFormation needs from the customer template: its
 * parameters with their constraints (validated as CreateStack does), the role
 * and the custom resource. Read from the template document itself, so editing
 * the YAML changes what the console accepts.
 */
import { z } from "zod";

const parameterSchema = z.object({
  Type: z.string().default("String"),
  Default: z.union([z.string(), z.number()]).transform(String).optional(),
  Description: z.string().optional(),
  AllowedPattern: z.string().optional(),
  AllowedValues: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  MinLength: z.coerce.number().optional(),
  MaxLength: z.coerce.number().optional(),
  ConstraintDescription: z.string().optional(),
  NoEcho: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
});

const resourceSchema = z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).optional() });

const templateSchema = z.object({
  Parameters: z.record(z.string(), parameterSchema).default({}),
  Resources: z.record(z.string(), resourceSchema),
});

export interface TemplateParameter {
  name: string;
  type: string;
  default?: string;
  description?: string;
  allowedPattern?: string;
  allowedValues?: string[];
  minLength?: number;
  maxLength?: number;
  constraintDescription?: string;
  noEcho: boolean;
}

export interface SandboxTemplate {
  /** The parsed template (JSON form of the intrinsics), for evaluating per stack. */
  document: Record<string, unknown>;
  parameters: TemplateParameter[];
  /** `policies`: the role's inline Policies ([{PolicyName, PolicyDocument}]), unresolved. */
  role: { logicalId: string; named: boolean; trustPolicy: unknown; policies: unknown };
  customResource: { logicalId: string; type: string; properties: Record<string, unknown>; serviceTimeoutSeconds?: number };
  version: string;
}

export function describeSandboxTemplate(document: Record<string, unknown>, version: string): SandboxTemplate {
  const template = templateSchema.parse(document);
  const resources = Object.entries(template.Resources);
  const role = resources.find(([, r]) => r.Type === "AWS::IAM::Role");
  const custom = resources.find(([, r]) => r.Type.startsWith("Custom::") || r.Type === "AWS::CloudFormation::CustomResource");
  if (!role || !custom) throw new Error("the customer template needs an AWS::IAM::Role and a custom resource");
  const timeout = Number(custom[1].Properties?.ServiceTimeout);
  return {
    document,
    parameters: Object.entries(template.Parameters).map(([name, p]) => ({
      name,
      type: p.Type,
      default: p.Default,
      description: p.Description,
      allowedPattern: p.AllowedPattern,
      allowedValues: p.AllowedValues,
      minLength: p.MinLength,
      maxLength: p.MaxLength,
      constraintDescription: p.ConstraintDescription,
      noEcho: p.NoEcho === true || p.NoEcho === "true",
    })),
    role: {
      logicalId: role[0],
      named: role[1].Properties?.RoleName !== undefined,
      trustPolicy: role[1].Properties?.AssumeRolePolicyDocument,
      policies: role[1].Properties?.Policies ?? [],
    },
    customResource: {
      logicalId: custom[0],
      type: custom[1].Type,
      properties: custom[1].Properties ?? {},
      ...(Number.isFinite(timeout) ? { serviceTimeoutSeconds: timeout } : {}),
    },
    version,
  };
}

/** CreateStack's ValidationError messages, in CloudFormation's words. */
export function validateParameters(
  template: SandboxTemplate,
  given: Record<string, string>,
): { ok: true; values: Record<string, string> } | { ok: false; message: string } {
  const known = new Set(template.parameters.map((p) => p.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) return { ok: false, message: `Parameters: [${unknown.join(", ")}] do not exist in the template` };
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of template.parameters) {
    const value = given[p.name] ?? p.default;
    if (value === undefined) {
      missing.push(p.name);
      continue;
    }
    const problem = checkValue(p, value);
    if (problem) return { ok: false, message: problem };
    values[p.name] = value;
  }
  if (missing.length > 0) return { ok: false, message: `Parameters: [${missing.join(", ")}] must have values` };
  return { ok: true, values };
}

function checkValue(p: TemplateParameter, value: string): string | undefined {
  const failed = (constraint: string) =>
    p.constraintDescription
      ? `Parameter '${p.name}' failed to satisfy constraint: ${p.constraintDescription}`
      : `Parameter '${p.name}' ${constraint}`;
  if (p.type === "Number" && !/^-?\d+(\.\d+)?$/.test(value)) return `Parameter '${p.name}' must be a number`;
  // A CommaDelimitedList's AllowedPattern applies to each item, not to the joined text.
  if (p.type === "CommaDelimitedList") {
    for (const item of value.split(",").map((v) => v.trim())) {
      const problem = checkValue({ ...p, type: "String" }, item);
      if (problem) return problem;
    }
    return undefined;
  }
  if (p.minLength !== undefined && value.length < p.minLength) return failed(`must contain at least ${p.minLength} characters`);
  if (p.maxLength !== undefined && value.length > p.maxLength) return failed(`must contain at most ${p.maxLength} characters`);
  // CloudFormation matches AllowedPattern against the whole value.
  if (p.allowedPattern !== undefined && !new RegExp(`^(?:${p.allowedPattern})$`).test(value)) {
    return failed(`must match pattern ${p.allowedPattern}`);
  }
  if (p.allowedValues && !p.allowedValues.includes(value)) {
    return failed(`value '${value}' is not one of: ${p.allowedValues.join(", ")}`);
  }
  return undefined;
}
