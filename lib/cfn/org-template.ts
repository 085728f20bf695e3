/**
 * The organization template (cloudformation/rolelink-org-management.yaml):
 * launched once in the management account, it holds the same role as the
 * account template plus read-only Organizations access, and a service-managed
 * StackSet that deploys the account template to the member accounts. Loaded
 * and validated like the account template; the role part is reviewed with the
 * same code (describeTemplate), the StackSet is summarised here.
 */
import { z } from "zod";
import { parseTemplateText, templateLoader } from "./template";
import { describeTemplate, permissionStatements, type TemplateReview } from "./template-review";
import { CfnTemplateError, templateVersion, type CfnTemplate, type PolicyStatement } from "./template-schema";

export const ORG_TEMPLATE_PATH = "cloudformation/rolelink-org-management.yaml";
const STACK_SET = "AWS::CloudFormation::StackSet";

const parameterRef = z.strictObject({ Ref: z.string() });

/**
 * What the review promises about the StackSet, so a template that quietly
 * changed it (self-managed, retained stacks, another region) fails to load.
 */
const stackSetSchema = z.looseObject({
  PermissionModel: z.literal("SERVICE_MANAGED"),
  AutoDeployment: z.strictObject({ Enabled: z.literal(true), RetainStacksOnAccountRemoval: z.literal(false) }),
  Capabilities: z.array(z.literal("CAPABILITY_IAM")),
  TemplateURL: parameterRef,
  Parameters: z.array(z.strictObject({ ParameterKey: z.string(), ParameterValue: parameterRef })),
  OperationPreferences: z.looseObject({
    MaxConcurrentCount: z.number().int().positive().optional(),
    MaxConcurrentPercentage: z.number().int().positive().optional(),
    FailureToleranceCount: z.number().int().nonnegative().optional(),
    FailureTolerancePercentage: z.number().int().nonnegative().optional(),
    ConcurrencyMode: z.enum(["STRICT_FAILURE_TOLERANCE", "SOFT_FAILURE_TOLERANCE"]).optional(),
    RegionConcurrencyType: z.enum(["SEQUENTIAL", "PARALLEL"]).optional(),
  }),
  StackInstancesGroup: z
    .array(
      z.strictObject({
        DeploymentTargets: z.strictObject({ OrganizationalUnitIds: parameterRef }),
        // The stack's own region only: members phone home to the topic of that region.
        Regions: z.tuple([z.strictObject({ Ref: z.literal("AWS::Region") })]),
      }),
    )
    .length(1),
});

export interface OrgStackSetReview {
  logicalId: string;
  /** The parameter holding the root or OU IDs. */
  targetsParameter: string;
  /** The parameter holding the account template's URL. */
  templateUrlParameter: string;
  /** Member stack parameter → the organization stack's parameter it is given. */
  memberParameters: Record<string, string>;
  operationPreferences: z.infer<typeof stackSetSchema>["OperationPreferences"];
}

export interface OrgTemplateReview {
  version: string;
  /** The management account's role and custom resource, reviewed as the account template is. */
  role: TemplateReview;
  stackSet: OrgStackSetReview;
}

/** The same parsing and checks as the account template. */
export const parseOrgTemplate = parseTemplateText;

export const loadOrgTemplate = templateLoader(ORG_TEMPLATE_PATH);

function splitStackSet(document: CfnTemplate) {
  const entries = Object.entries(document.Resources);
  const stackSets = entries.filter(([, resource]) => resource.Type === STACK_SET);
  const [stackSet] = stackSets;
  if (!stackSet || stackSets.length !== 1) throw new CfnTemplateError(`the organization template must have exactly one ${STACK_SET}`);
  // Everything else must pass the account template's review (one role, one custom resource, nothing more).
  const rolePart: CfnTemplate = {
    ...document,
    Resources: Object.fromEntries(entries.filter(([, resource]) => resource.Type !== STACK_SET)),
  };
  return { rolePart, stackSet };
}

export function describeOrgTemplate(document: CfnTemplate): OrgTemplateReview {
  const { rolePart, stackSet } = splitStackSet(document);
  const parsed = stackSetSchema.safeParse(stackSet[1].Properties ?? {});
  if (!parsed.success) {
    throw new CfnTemplateError(`${stackSet[0]}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  const properties = parsed.data;
  const group = properties.StackInstancesGroup[0]!;
  return {
    version: templateVersion(document),
    role: describeTemplate(rolePart),
    stackSet: {
      logicalId: stackSet[0],
      targetsParameter: group.DeploymentTargets.OrganizationalUnitIds.Ref,
      templateUrlParameter: properties.TemplateURL.Ref,
      memberParameters: Object.fromEntries(properties.Parameters.map((p) => [p.ParameterKey, p.ParameterValue.Ref])),
      operationPreferences: properties.OperationPreferences,
    },
  };
}

/** The management role's inline permission statements (for the permissions expansion and review). */
export function orgPermissionStatements(document: CfnTemplate): PolicyStatement[] {
  return permissionStatements(splitStackSet(document).rolePart);
}
