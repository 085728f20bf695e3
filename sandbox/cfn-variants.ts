/**
 * The template versions a sandbox stack can be made with. Only the current
 * YAML file exists; older versions are derived from it by undoing what each
 * bump changed, so there is never a second template file to keep in step.
 */
import { describeSandboxTemplate, type SandboxTemplate } from "./cfn-template";

export const TEMPLATE_VARIANTS = ["current", "legacy-1.1.0", "legacy-1.0.0"] as const;
export type TemplateVariant = (typeof TEMPLATE_VARIANTS)[number];

/** 1.1.0 added this inline policy (rolelink may confirm SNS claims with DescribeStacks). */
const CONFIRM_POLICY_NAME = "rolelink-confirm-this-stack";
const PERMISSIONS_POLICY_NAME = "rolelink-read-only";

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function roleProperties(template: SandboxTemplate, document: Json): Json | undefined {
  const resources = isRecord(document.Resources) ? document.Resources : {};
  const role = resources[template.role.logicalId];
  return isRecord(role) && isRecord(role.Properties) ? role.Properties : undefined;
}

function withVersion(document: Json, version: string): void {
  // The reported version comes from Mappings (Metadata cannot be referenced); keep both as the template does.
  const template = isRecord(document.Mappings) && isRecord(document.Mappings.Rolelink) ? document.Mappings.Rolelink.Template : undefined;
  if (isRecord(template)) template.Version = version;
  if (isRecord(document.Metadata)) document.Metadata.TemplateVersion = version;
}

/**
 * Version 1.1.0, as customers' stacks still run it: the trust names the vendor
 * account's root and requires no SourceIdentity, and the permissions are the
 * ec2:Describe* wildcard (user-data reads included).
 */
function legacy110(current: SandboxTemplate): Json {
  const document = structuredClone(current.document);
  const properties = roleProperties(current, document);
  if (properties) {
    properties.AssumeRolePolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "RolelinkWithExternalId",
          Effect: "Allow",
          Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccount}:root" } },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
        },
      ],
    };
    const policies: unknown[] = Array.isArray(properties.Policies) ? (properties.Policies as unknown[]) : [];
    properties.Policies = policies.map((policy) =>
      isRecord(policy) && policy.PolicyName === PERMISSIONS_POLICY_NAME
        ? {
            ...policy,
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Sid: "ReadOnlyEc2Inventory", Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }],
            },
          }
        : policy,
    );
  }
  if (isRecord(document.Parameters)) delete document.Parameters.TrustedRoleName;
  withVersion(document, "1.1.0");
  return document;
}

/** Version 1.0.0: 1.1.0 without the confirm policy. */
function legacy100(current: SandboxTemplate): Json {
  const document = legacy110(current);
  const properties = roleProperties(current, document);
  if (properties && Array.isArray(properties.Policies)) {
    properties.Policies = properties.Policies.filter((p) => !(isRecord(p) && p.PolicyName === CONFIRM_POLICY_NAME));
  }
  withVersion(document, "1.0.0");
  return document;
}

export function templateVariants(current: SandboxTemplate): Record<TemplateVariant, SandboxTemplate> {
  return {
    current,
    "legacy-1.1.0": describeSandboxTemplate(legacy110(current), "1.1.0"),
    "legacy-1.0.0": describeSandboxTemplate(legacy100(current), "1.0.0"),
  };
}
