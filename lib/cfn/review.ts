/**
 * Everything a customer's security reviewer needs about one template version,
 * derived from the template file and AWS's own data: who is trusted and on
 * what conditions, every resource, every concrete action (expanded, with its
 * access level), what is denied and sent back, the checksum and the changelog.
 * The connect page and the public /review/<version> page both render this.
 */
import { createHash } from "node:crypto";
import { countByAccessLevel, expandPermissions, groupByService, type AccessLevel, type ExpandedAction } from "./permissions";
import { isOlderVersion } from "./template-version";
import { describeTemplate, loadCustomerTemplate, permissionStatements, renderTrustPolicy } from "./template";
import type { ChangelogEntry, PolicyDocument } from "./template-schema";

export interface ReviewedResource {
  logicalId: string;
  type: string;
}

export interface TemplateReviewModel {
  version: string;
  /** Of the exact bytes the launch link's TemplateURL serves (npm run template:publish uploads this file). */
  sha256: string;
  changelog: ChangelogEntry[];
  /** The one principal the role trusts, resolved. */
  principal: string;
  trustActions: string[];
  sourceIdentityPattern: string;
  maxSessionSeconds: number;
  resources: ReviewedResource[];
  /** How long CloudFormation waits for rolelink's answer before it fails the operation. */
  serviceTimeoutSeconds: number | undefined;
  services: Array<{ service: string; serviceName: string; actions: ExpandedAction[] }>;
  counts: Partial<Record<AccessLevel, number>>;
  grantedCount: number;
  denied: ExpandedAction[];
  sendsBack: string[];
  /** The trust policy as it will exist (with `externalId`, or a placeholder on the public page). */
  trustPolicy: PolicyDocument;
  /** The permissions as written, ${AWS::Region} and the like left for the stack to fill in. */
  permissionsAsWritten: { Version: string; Statement: object[] };
}

/** Shown where no connection's External ID is known (the public page). */
export const EXTERNAL_ID_PLACEHOLDER = "<your-external-id>";

export function sha256Of(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function numberOrUndefined(value: unknown): number | undefined {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) ? undefined : n;
}

type Shared = Omit<TemplateReviewModel, "trustPolicy" | "principal">;

/** The trust names one principal, a role ARN string once the intrinsics are resolved. */
const principalText = (value: unknown): string => (typeof value === "string" ? value : "");

let shared: { document: object; model: Promise<Shared> } | undefined;

/**
 * What every view of the current template shares, derived once per process
 * (the template changes only with a deploy): the action expansion, the counts,
 * the checksum. Deriving it on every connect page view cost ~10 ms of CPU.
 */
function sharedReview(): Promise<Shared> {
  const { text, document, version } = loadCustomerTemplate();
  if (shared?.document === document) return shared.model;
  const model = (async (): Promise<Shared> => {
    const summary = describeTemplate(document);
    const expanded = await expandPermissions(permissionStatements(document));
    const role = Object.values(document.Resources).find((resource) => resource.Type === "AWS::IAM::Role");
    const custom = Object.values(document.Resources).find((resource) => resource.Type.startsWith("Custom::"));
    const sourceIdentity = summary.trust.condition.StringLike?.["sts:SourceIdentity"];
    return {
      version,
      sha256: sha256Of(text),
      changelog: document.Metadata.Changelog,
      trustActions: summary.trust.actions,
      sourceIdentityPattern: typeof sourceIdentity === "string" ? sourceIdentity : "",
      maxSessionSeconds: numberOrUndefined(role?.Properties?.MaxSessionDuration) ?? 3600,
      resources: Object.entries(document.Resources).map(([logicalId, resource]) => ({ logicalId, type: resource.Type })),
      serviceTimeoutSeconds: numberOrUndefined(custom?.Properties?.ServiceTimeout),
      services: groupByService(expanded.granted),
      counts: countByAccessLevel(expanded.granted),
      grantedCount: expanded.granted.length,
      denied: expanded.denied,
      sendsBack: summary.sendsBack,
      permissionsAsWritten: {
        Version: "2012-10-17",
        Statement: summary.permissions.map((p) => ({
          Effect: p.effect,
          Action: p.actions,
          Resource: p.resources,
          ...(p.condition ? { Condition: p.condition } : {}),
        })),
      },
    };
  })();
  shared = { document, model };
  // A failed expansion is not kept: the next request tries again.
  model.catch(() => {
    if (shared?.model === model) shared = undefined;
  });
  return model;
}

/** The review of the current template: the shared part cached per process, the trust policy rendered for this caller. */
export async function reviewCurrentTemplate(input: { vendorPrincipalArn: string; externalId?: string }): Promise<TemplateReviewModel> {
  const { document } = loadCustomerTemplate();
  const base = await sharedReview();
  const trustPolicy = renderTrustPolicy(document, {
    vendorPrincipalArn: input.vendorPrincipalArn,
    externalId: input.externalId ?? "placeholder-id",
  });
  if (!input.externalId) {
    for (const statement of trustPolicy.Statement) {
      if (statement.Condition?.StringEquals) statement.Condition.StringEquals["sts:ExternalId"] = EXTERNAL_ID_PLACEHOLDER;
    }
  }
  return { ...base, principal: principalText(trustPolicy.Statement[0]?.Principal?.AWS), trustPolicy };
}

/** Every entry newer than `fromVersion` (newest first): the "Update available" list. An unknown version gets them all. */
export function changesSince(fromVersion: string | null): ChangelogEntry[] {
  return loadCustomerTemplate().document.Metadata.Changelog.filter((entry) => isOlderVersion(fromVersion, entry.Version));
}
