/**
 * Sandbox SNS API: the topic-policy calls rolelink makes (AddPermission,
 * RemovePermission, GetTopicAttributes, SetTopicAttributes for the policy),
 * and who may publish to each topic: an account named in a statement, any
 * account of an organization named by an `aws:PrincipalOrgID` condition, or
 * anyone on an open topic.
 */
import { z } from "zod";
import { listParam, QueryError, queryHandler, Repeated, type QueryRequest } from "./aws-query";

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
const DEFAULT_ACTIONS = [
  "SNS:GetTopicAttributes",
  "SNS:SetTopicAttributes",
  "SNS:AddPermission",
  "SNS:RemovePermission",
  "SNS:DeleteTopic",
  "SNS:Subscribe",
  "SNS:ListSubscriptionsByTopic",
  "SNS:Publish",
];
const ACTIONS = new Set(DEFAULT_ACTIONS.map((action) => action.slice("SNS:".length)).concat("Receive"));

/** SNS writes a single principal or action as a string, several as an array. */
function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] ?? "") : values;
}

interface Grant {
  label: string;
  accounts: string[];
  actions: string[];
}

/** A statement allowing every account of one organization (Condition StringEquals aws:PrincipalOrgID). */
interface OrgGrant {
  label: string;
  organizationId: string;
}

interface Topic {
  arn: string;
  open: boolean;
  grants: Map<string, Grant>;
  orgGrants: Map<string, OrgGrant>;
}

export function createSnsApiState(options: { topics: string[]; organizationOf?: (accountId: string) => string | undefined }) {
  const topics = new Map<string, Topic>(options.topics.map((arn) => [arn, { arn, open: false, grants: new Map(), orgGrants: new Map() }]));
  let lastGranted: string | undefined;
  return {
    topics,
    /** Whether a customer account may publish to the topic (a statement for it, or an open topic). */
    canPublish(topicArn: string, accountId: string): boolean {
      const topic = topics.get(topicArn);
      if (!topic) return false;
      if (topic.open) return true;
      if ([...topic.grants.values()].some((grant) => grant.accounts.includes(accountId) && grant.actions.includes("Publish"))) return true;
      // aws:PrincipalOrgID is the organization of the caller's account, as Organizations knows it now.
      const organizationId = options.organizationOf?.(accountId);
      return organizationId !== undefined && [...topic.orgGrants.values()].some((grant) => grant.organizationId === organizationId);
    },
    /** The open publish-access mode: one statement allowing any account. */
    setOpen(topicArn: string, open: boolean): void {
      const topic = topics.get(topicArn);
      if (topic) topic.open = open;
    },
    /** The account the console suggests: the one most recently granted. */
    lastGrantedAccountId: (): string | undefined => lastGranted,
    grant(topicArn: string, grant: Grant): void {
      const topic = requireTopic(topicArn);
      if (topic.grants.has(grant.label)) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Statement already exists");
      topic.grants.set(grant.label, grant);
      // AWS refuses a statement that takes the policy past its limits, as SetTopicAttributes refuses a policy
      // past them: the sandbox enforces both, so no run can build a topic policy AWS would never hold.
      if (!withinPolicyLimits(renderPolicy(topic))) {
        topic.grants.delete(grant.label);
        throw new QueryError(400, "InvalidParameter", POLICY_LIMIT_MESSAGE);
      }
      lastGranted = grant.accounts.at(-1) ?? lastGranted;
    },
    revoke(topicArn: string, label: string): void {
      const topic = requireTopic(topicArn);
      if (!topic.grants.delete(label)) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Statement does not exist");
    },
    /** SetTopicAttributes(Policy): the statements rolelink may write replace the topic's grants. */
    setPolicy(topicArn: string, policyText: string): void {
      const topic = requireTopic(topicArn);
      const parsed = parsePolicy(policyText, topic.arn);
      if (!withinPolicyLimits(policyText)) throw new QueryError(400, "InvalidParameter", POLICY_LIMIT_MESSAGE);
      topic.grants = parsed.grants;
      topic.orgGrants = parsed.orgGrants;
      topic.open = parsed.open;
    },
    policy(topicArn: string): string {
      return renderPolicy(requireTopic(topicArn));
    },
  };

  function requireTopic(topicArn: string): Topic {
    const topic = topics.get(topicArn);
    if (!topic) throw new QueryError(404, "NotFound", "Topic does not exist");
    return topic;
  }
}

/** AWS's topic-policy limits (PROTOCOL.md, "SNS topic access"): 30 KB, 100 statements, 200 principals. */
const MAX_POLICY_BYTES = 30 * 1024;
const MAX_STATEMENTS = 100;
const MAX_PRINCIPALS = 200;
const POLICY_LIMIT_MESSAGE =
  "Invalid parameter: Policy Error: the topic policy would exceed its limits (30 KB, 100 statements, 200 principals)";

function withinPolicyLimits(policyText: string): boolean {
  const document = JSON.parse(policyText) as { Statement: Array<{ Principal: "*" | { AWS: string | string[] } }> };
  const principals = document.Statement.reduce(
    (sum, statement) => sum + (statement.Principal === "*" ? 1 : [statement.Principal.AWS].flat().length),
    0,
  );
  return Buffer.byteLength(policyText) <= MAX_POLICY_BYTES && document.Statement.length <= MAX_STATEMENTS && principals <= MAX_PRINCIPALS;
}

/** The topic's policy document as GetTopicAttributes returns it. */
function renderPolicy(topic: Topic): string {
  const owner = topic.arn.split(":")[4];
  // AWS's default topic policy: the owner account (by SourceOwner), every topic action.
  const statements: object[] = [
    {
      Sid: "__default_statement_ID",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: DEFAULT_ACTIONS,
      Resource: topic.arn,
      Condition: { StringEquals: { "AWS:SourceOwner": owner } },
    },
  ];
  if (topic.open)
    statements.push({
      Sid: "rolelink-open-publish",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "SNS:Publish",
      Resource: topic.arn,
    });
  for (const grant of topic.grants.values()) {
    statements.push({
      Sid: grant.label,
      Effect: "Allow",
      Principal: { AWS: oneOrMany(grant.accounts.map((account) => `arn:aws:iam::${account}:root`)) },
      Action: oneOrMany(grant.actions.map((action) => `SNS:${action}`)),
      Resource: topic.arn,
    });
  }
  for (const grant of topic.orgGrants.values()) {
    statements.push({
      Sid: grant.label,
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "SNS:Publish",
      Resource: topic.arn,
      Condition: { StringEquals: { "aws:PrincipalOrgID": grant.organizationId } },
    });
  }
  return JSON.stringify({ Version: "2008-10-17", Id: "__default_policy_ID", Statement: statements });
}

const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const policyStatementSchema = z.looseObject({
  Sid: z.string().regex(/^[\w-]{1,100}$/),
  Effect: z.literal("Allow"),
  Principal: z.union([z.literal("*"), z.object({ AWS: stringList })]),
  Action: stringList,
  Resource: z.string().optional(),
  Condition: z.record(z.string(), z.record(z.string(), stringList)).optional(),
});
const policyDocumentSchema = z.looseObject({ Statement: z.array(policyStatementSchema).max(MAX_STATEMENTS) });

/**
 * Reads a whole topic policy the way the sandbox can enforce it: the owner's
 * default statement is implied, account statements become grants, `*` with
 * an aws:PrincipalOrgID condition an organization grant, `*` without a
 * condition the open mode. Anything else is refused, as SNS refuses policies
 * it cannot parse, so a test never passes on a statement the sandbox ignored.
 */
function parsePolicy(text: string, topicArn: string) {
  let document;
  try {
    document = policyDocumentSchema.parse(JSON.parse(text));
  } catch {
    throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy Error: malformed policy");
  }
  const grants = new Map<string, Grant>();
  const orgGrants = new Map<string, OrgGrant>();
  let open = false;
  for (const statement of document.Statement) {
    if (statement.Sid === "__default_statement_ID") continue;
    if (statement.Resource !== undefined && statement.Resource !== topicArn)
      throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy Error: resource");
    const actions = statement.Action.map((action) => action.replace(/^sns:/i, ""));
    if (!actions.every((action) => ACTIONS.has(action)))
      throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy statement action out of service scope!");
    const principals = statement.Principal === "*" ? ["*"] : statement.Principal.AWS;
    if (principals.includes("*")) {
      const conditionKeys = Object.entries(statement.Condition?.StringEquals ?? {});
      const orgCondition = conditionKeys.find(([key]) => key.toLowerCase() === "aws:principalorgid");
      const otherConditions =
        Object.keys(statement.Condition ?? {}).some((op) => op !== "StringEquals") || conditionKeys.length > (orgCondition ? 1 : 0);
      if (otherConditions)
        throw new QueryError(400, "InvalidParameter", "Invalid parameter: the sandbox understands only aws:PrincipalOrgID conditions");
      if (!actions.includes("Publish")) continue;
      if (!orgCondition) open = true;
      else
        for (const organizationId of orgCondition[1])
          orgGrants.set(`${statement.Sid}:${organizationId}`, { label: statement.Sid, organizationId });
      continue;
    }
    const accounts = principals.map((principal) => /^arn:aws:iam::(\d{12}):root$/.exec(principal)?.[1] ?? principal);
    if (!accounts.every((account) => /^\d{12}$/.test(account)))
      throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy Error: PrincipalNotFound");
    grants.set(statement.Sid, { label: statement.Sid, accounts, actions });
  }
  return { grants, orgGrants, open };
}

export type SnsApiState = ReturnType<typeof createSnsApiState>;

export function createSnsApiHandler(state: SnsApiState) {
  const topicArn = (request: QueryRequest) => request.params.get("TopicArn") ?? "";
  return queryHandler(NAMESPACE, {
    AddPermission(request) {
      const label = request.params.get("Label") ?? "";
      if (!/^[\w-]{1,80}$/.test(label)) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Label");
      const accounts = listParam(request.params, "AWSAccountId");
      const actions = listParam(request.params, "ActionName");
      if (accounts.length === 0 || actions.length === 0)
        throw new QueryError(400, "ValidationError", "AWSAccountId and ActionName are required");
      if (!accounts.every((account) => /^\d{12}$/.test(account)))
        throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy Error: PrincipalNotFound");
      if (!actions.every((action) => ACTIONS.has(action)))
        throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy statement action out of service scope!");
      state.grant(topicArn(request), { label, accounts, actions });
      return undefined;
    },
    RemovePermission(request) {
      state.revoke(topicArn(request), request.params.get("Label") ?? "");
      return undefined;
    },
    SetTopicAttributes(request) {
      if (request.params.get("AttributeName") !== "Policy")
        throw new QueryError(400, "InvalidParameter", "Invalid parameter: the sandbox sets only the Policy attribute");
      state.setPolicy(topicArn(request), request.params.get("AttributeValue") ?? "");
      return undefined;
    },
    GetTopicAttributes(request) {
      const arn = topicArn(request);
      const policy = state.policy(arn);
      const entries = [
        { key: "TopicArn", value: arn },
        { key: "Policy", value: policy },
        { key: "Owner", value: arn.split(":")[4] },
      ];
      return { Attributes: new Repeated("entry", entries) };
    },
  });
}
