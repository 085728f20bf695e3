/**
 * Sandbox SNS API: the topic-policy calls rolelink makes (AddPermission,
 * RemovePermission, GetTopicAttributes), and who may publish to each topic.
 */
import { listParam, QueryError, queryHandler, Repeated, type QueryRequest } from "./aws-query";

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
const DEFAULT_ACTIONS = [
  "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
  "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
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

interface Topic {
  arn: string;
  open: boolean;
  grants: Map<string, Grant>;
}

export function createSnsApiState(options: { topics: string[] }) {
  const topics = new Map<string, Topic>(options.topics.map((arn) => [arn, { arn, open: false, grants: new Map() }]));
  let lastGranted: string | undefined;
  return {
    topics,
    /** Whether a customer account may publish to the topic (a statement for it, or an open topic). */
    canPublish(topicArn: string, accountId: string): boolean {
      const topic = topics.get(topicArn);
      if (!topic) return false;
      if (topic.open) return true;
      return [...topic.grants.values()].some((grant) => grant.accounts.includes(accountId) && grant.actions.includes("Publish"));
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
      lastGranted = grant.accounts.at(-1) ?? lastGranted;
    },
    revoke(topicArn: string, label: string): void {
      const topic = requireTopic(topicArn);
      if (!topic.grants.delete(label)) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Statement does not exist");
    },
    policy(topicArn: string): string {
      const topic = requireTopic(topicArn);
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
      if (topic.open) statements.push({ Sid: "rolelink-open-publish", Effect: "Allow", Principal: { AWS: "*" }, Action: "SNS:Publish", Resource: topic.arn });
      for (const grant of topic.grants.values()) {
        statements.push({
          Sid: grant.label,
          Effect: "Allow",
          Principal: { AWS: oneOrMany(grant.accounts.map((account) => `arn:aws:iam::${account}:root`)) },
          Action: oneOrMany(grant.actions.map((action) => `SNS:${action}`)),
          Resource: topic.arn,
        });
      }
      return JSON.stringify({ Version: "2008-10-17", Id: "__default_policy_ID", Statement: statements });
    },
  };

  function requireTopic(topicArn: string): Topic {
    const topic = topics.get(topicArn);
    if (!topic) throw new QueryError(404, "NotFound", "Topic does not exist");
    return topic;
  }
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
      if (accounts.length === 0 || actions.length === 0) throw new QueryError(400, "ValidationError", "AWSAccountId and ActionName are required");
      if (!accounts.every((account) => /^\d{12}$/.test(account))) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy Error: PrincipalNotFound");
      if (!actions.every((action) => ACTIONS.has(action))) throw new QueryError(400, "InvalidParameter", "Invalid parameter: Policy statement action out of service scope!");
      state.grant(topicArn(request), { label, accounts, actions });
      return undefined;
    },
    RemovePermission(request) {
      state.revoke(topicArn(request), request.params.get("Label") ?? "");
      return undefined;
    },
    GetTopicAttributes(request) {
      const arn = topicArn(request);
      const policy = state.policy(arn);
      const entries = [{ key: "TopicArn", value: arn }, { key: "Policy", value: policy }, { key: "Owner", value: arn.split(":")[4] }];
      return { Attributes: new Repeated("entry", entries) };
    },
  });
}
