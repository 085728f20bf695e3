/**
 * One row per refusal the static checks can make: removing any refusal from
 * check-request.ts makes a row here fail. Reasons are asserted word for word
 * because the customer reads them in their CloudFormation console.
 */
import { describe, expect, it } from "vitest";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { checkCreateOrUpdate, checkDelete, masked, type ConnectionForCheck } from "./check-request";

const ACCOUNT = "222222222222";
const OTHER_ACCOUNT = "333333333333";
const TOPIC_REGION = "us-east-1";
const CONNECT_URL = "https://rolelink.test/connect";
const stackId = (account = ACCOUNT, region = "us-east-1", uuid = "5ba240b0-cd98-11ea-90d5-0a9cd3354c9c") =>
  `arn:aws:cloudformation:${region}:${account}:stack/rolelink-${account}-${region}/${uuid}`;
const STACK_ID = stackId();
const OTHER_STACK_ID = stackId(ACCOUNT, "us-east-1", "0c1d2e3f-aaaa-4bbb-8ccc-000000000002");
const roleArn = (account = ACCOUNT) => `arn:aws:iam::${account}:role/rolelink-${account}-us-east-1-Role-1R7TIJN9P2TCM`;
const ROLE_ARN = roleArn();
const PHYSICAL_ID = "rolelink-0b5e4a9c-0000-4000-8000-000000000001";

type Props = CustomResourceRequest["ResourceProperties"];

function request(
  overrides: Partial<Omit<CustomResourceRequest, "ResourceProperties">> & { props?: Partial<Props> } = {},
): CustomResourceRequest {
  const { props, ...rest } = overrides;
  return {
    RequestType: "Create",
    ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=s",
    StackId: STACK_ID,
    RequestId: "a2b21671-1b4a-4cd2-8c73-2ca4b8ef1f2a",
    LogicalResourceId: "PhoneHome",
    ResourceType: "Custom::RolelinkPhoneHome",
    ServiceToken: "arn:aws:sns:us-east-1:111111111111:rolelink",
    ResourceProperties: {
      ServiceToken: "arn:aws:sns:us-east-1:111111111111:rolelink",
      AccountID: ACCOUNT,
      RoleArn: ROLE_ARN,
      ExternalID: "rl-ext",
      Region: "us-east-1",
      TemplateVersion: "1.1.0",
      ...props,
    },
    ...rest,
  };
}

function connection(overrides: Partial<ConnectionForCheck> = {}): ConnectionForCheck {
  return {
    id: "0b5e4a9c-0000-4000-8000-000000000001",
    accountId: ACCOUNT,
    region: "us-east-1",
    status: "pending",
    stackId: null,
    roleArn: null,
    physicalResourceId: null,
    ...overrides,
  };
}

/** A link the stack STACK_ID made, in `status`. */
const linked = (status: ConnectionStatus, overrides: Partial<ConnectionForCheck> = {}) =>
  connection({ status, stackId: STACK_ID, roleArn: ROLE_ARN, physicalResourceId: PHYSICAL_ID, ...overrides });

const check = (req: CustomResourceRequest, conn: ConnectionForCheck | null, topicRegion = TOPIC_REGION) =>
  checkCreateOrUpdate({ request: req, topicRegion, connection: conn, connectUrl: CONNECT_URL });

const REASONS = {
  malformed: `The stack did not send a valid role ARN; start again at ${CONNECT_URL}`,
  roleAccount: `The role or account the stack sent is not the account of this link; start again at ${CONNECT_URL}`,
  closed: `This launch link was cancelled or its stack deleted; start again at ${CONNECT_URL}`,
  alreadyConnected: `This account is already connected through another stack; start again at ${CONNECT_URL} for a new link`,
  otherStack: `This stack is not the one connected with this link; start again at ${CONNECT_URL}`,
  notConnected: `This link is not connected yet, so there is nothing to update; start again at ${CONNECT_URL}`,
};

describe("masked", () => {
  it("shows only the first four digits of an account", () => {
    expect(masked(ACCOUNT)).toBe("2222…");
  });
});

describe("checkCreateOrUpdate refuses", () => {
  it.each<[string, CustomResourceRequest, ConnectionForCheck | null, string, string, string?]>([
    // [name, request, connection, check, reason, topicRegion]
    [
      "an External ID rolelink never issued (names the claimed account, masked)",
      request(),
      null,
      "unknown_external_id",
      `This External ID was not issued by rolelink for account 2222…; start again at ${CONNECT_URL}`,
    ],
    [
      "an unknown External ID without AccountID (falls back to the stack's account)",
      request({ StackId: stackId(OTHER_ACCOUNT), props: { AccountID: undefined } }),
      null,
      "unknown_external_id",
      `This External ID was not issued by rolelink for account 3333…; start again at ${CONNECT_URL}`,
    ],
    [
      "an unknown External ID with neither AccountID nor a valid StackId",
      request({ StackId: "not-a-stack", props: { AccountID: undefined } }),
      null,
      "unknown_external_id",
      `This External ID was not issued by rolelink for account unkn…; start again at ${CONNECT_URL}`,
    ],
    [
      "a StackId that is not a stack ARN",
      request({ StackId: "arn:aws:cloudformation:us-east-1:222222222222:stackset/x" }),
      connection(),
      "malformed_ids",
      REASONS.malformed,
    ],
    ["no RoleArn", request({ props: { RoleArn: undefined } }), connection(), "malformed_ids", REASONS.malformed],
    ["an empty RoleArn", request({ props: { RoleArn: "" } }), connection(), "malformed_ids", REASONS.malformed],
    [
      "a RoleArn that is a user, not a role",
      request({ props: { RoleArn: `arn:aws:iam::${ACCOUNT}:user/alice` } }),
      connection(),
      "malformed_ids",
      REASONS.malformed,
    ],
    [
      "a stack in another account than the link's (both accounts named, masked)",
      request({ StackId: stackId(OTHER_ACCOUNT), props: { AccountID: OTHER_ACCOUNT, RoleArn: roleArn(OTHER_ACCOUNT) } }),
      connection(),
      "account_mismatch",
      `This stack runs in account 3333…, but the link was made for account 2222…. Sign in to the account you entered, or start again at ${CONNECT_URL}`,
    ],
    [
      "a stack in another account that claims the link's account in its properties",
      request({ StackId: stackId(OTHER_ACCOUNT) }),
      connection(),
      "account_mismatch",
      `This stack runs in account 3333…, but the link was made for account 2222…. Sign in to the account you entered, or start again at ${CONNECT_URL}`,
    ],
    [
      "an AccountID property of another account",
      request({ props: { AccountID: OTHER_ACCOUNT } }),
      connection(),
      "role_account_mismatch",
      REASONS.roleAccount,
    ],
    ["no AccountID property", request({ props: { AccountID: undefined } }), connection(), "role_account_mismatch", REASONS.roleAccount],
    [
      "a RoleArn in another account",
      request({ props: { RoleArn: roleArn(OTHER_ACCOUNT) } }),
      connection(),
      "role_account_mismatch",
      REASONS.roleAccount,
    ],
    [
      "a stack in another region than the topic and the link",
      request({ StackId: stackId(ACCOUNT, "us-west-2") }),
      connection(),
      "region_mismatch",
      `This stack runs in us-west-2 but the link was made for us-east-1; launch it in us-east-1 without editing SnsTopicArn, or start again at ${CONNECT_URL}`,
    ],
    [
      "a link made for another region than the topic the stack used",
      request(),
      connection({ region: "eu-west-1" }),
      "region_mismatch",
      `This stack runs in us-east-1 but the link was made for eu-west-1; launch it in eu-west-1 without editing SnsTopicArn, or start again at ${CONNECT_URL}`,
    ],
    [
      "a stack and link that agree on a region other than the topic's",
      request({ StackId: stackId(ACCOUNT, "us-west-2") }),
      connection({ region: "us-west-2" }),
      "region_mismatch",
      `This stack reached rolelink's us-east-1 topic but the link was made for us-west-2; launch it in us-west-2 without editing SnsTopicArn, or start again at ${CONNECT_URL}`,
      "us-east-1",
    ],
    ["a Create on a disconnected link", request(), connection({ status: "disconnected" }), "link_closed", REASONS.closed],
    ["a Create on a disconnected link from the stack that made it", request(), linked("disconnected"), "link_closed", REASONS.closed],
    [
      "an Update on a disconnected link from the stack that made it",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("disconnected"),
      "link_closed",
      REASONS.closed,
    ],
    [
      "a Create from another stack on a connected link",
      request({ StackId: OTHER_STACK_ID }),
      linked("connected"),
      "already_connected",
      REASONS.alreadyConnected,
    ],
    [
      "a Create from another stack on a broken link",
      request({ StackId: OTHER_STACK_ID }),
      linked("broken"),
      "already_connected",
      REASONS.alreadyConnected,
    ],
    [
      "a Create from another stack while the link is verifying",
      request({ StackId: OTHER_STACK_ID }),
      linked("verifying"),
      "another_stack_verifying",
      `Another stack is being verified for this link right now; wait for it, or start again at ${CONNECT_URL}`,
    ],
    [
      "an Update from another stack on a connected link",
      request({ RequestType: "Update", StackId: OTHER_STACK_ID, PhysicalResourceId: PHYSICAL_ID }),
      linked("connected"),
      "update_from_other_stack",
      REASONS.otherStack,
    ],
    [
      "an Update from another stack on a broken link",
      request({ RequestType: "Update", StackId: OTHER_STACK_ID, PhysicalResourceId: PHYSICAL_ID }),
      linked("broken"),
      "update_from_other_stack",
      REASONS.otherStack,
    ],
    [
      "an Update on a link no stack made yet",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      connection(),
      "update_from_other_stack",
      REASONS.otherStack,
    ],
    [
      "an Update while the link is pending",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("pending"),
      "update_before_connected",
      REASONS.notConnected,
    ],
    [
      "an Update while the link is verifying",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("verifying"),
      "update_before_connected",
      REASONS.notConnected,
    ],
    [
      "an Update after the link failed",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("failed"),
      "update_before_connected",
      REASONS.notConnected,
    ],
  ])("%s", (_name, req, conn, code, reason, topicRegion) => {
    expect(check(req, conn, topicRegion)).toMatchObject({ ok: false, check: code, reason });
  });

  it("never tells a stranger more of an account than four digits; the link's owner gets both accounts in full", () => {
    const result = check(
      request({ StackId: stackId(OTHER_ACCOUNT), props: { AccountID: OTHER_ACCOUNT, RoleArn: roleArn(OTHER_ACCOUNT) } }),
      connection(),
    );
    if (result.ok) throw new Error("expected a refusal");
    expect(result.reason).not.toMatch(/222222222222|333333333333/);
    expect(result.diagnosis).toBe(
      "A stack for this link was created in AWS account 333333333333, but this link is for account 222222222222. " +
        "Delete that stack, sign in to account 222222222222 in the AWS console, and click Launch Stack again.",
    );
  });

  it("gives a separate diagnosis only where the owner needs more than the Reason", () => {
    const refusals = [request({ props: { AccountID: OTHER_ACCOUNT } }), request({ StackId: stackId(ACCOUNT, "us-west-2") })].map((r) =>
      check(r, connection()),
    );
    for (const refusal of refusals) expect(refusal).not.toHaveProperty("diagnosis");
  });
});

describe("checkCreateOrUpdate accepts", () => {
  it.each<[string, CustomResourceRequest, ConnectionForCheck, string?]>([
    ["a Create on a pending link", request(), connection()],
    [
      "a Create with a role under a path",
      request({ props: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/team/a/rolelink-Role` } }),
      connection(),
      `arn:aws:iam::${ACCOUNT}:role/team/a/rolelink-Role`,
    ],
    ["a Create from another stack while the link is pending", request({ StackId: OTHER_STACK_ID }), linked("pending")],
    [
      "a Create from another stack after the link failed (the customer tries again)",
      request({ StackId: OTHER_STACK_ID }),
      linked("failed"),
    ],
    ["a repeated Create from the stack that connected the link", request(), linked("connected")],
    ["a repeated Create from the stack of a broken link", request(), linked("broken")],
    [
      "an Update of a connected link from its own stack",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("connected"),
    ],
    [
      "an Update of a broken link from its own stack",
      request({ RequestType: "Update", PhysicalResourceId: PHYSICAL_ID }),
      linked("broken"),
    ],
    [
      "a Create in another region when the topic and link are there",
      request({ StackId: stackId(ACCOUNT, "eu-west-1") }),
      connection({ region: "eu-west-1" }),
    ],
  ])("%s", (_name, req, conn, role = ROLE_ARN) => {
    const topicRegion = conn.region;
    expect(check(req, conn, topicRegion)).toEqual({ ok: true, roleArn: role });
  });
});

describe("checkDelete", () => {
  const del = (overrides: Parameters<typeof request>[0] = {}) =>
    request({ RequestType: "Delete", PhysicalResourceId: PHYSICAL_ID, ...overrides });

  it.each<[string, CustomResourceRequest, ConnectionForCheck | null, string]>([
    ["an External ID rolelink never issued", del(), null, "unknown_external_id"],
    ["a stack in another account", del({ StackId: stackId(OTHER_ACCOUNT) }), linked("connected"), "delete_from_foreign_account"],
    [
      "a stack in another account, on a link no stack made yet",
      del({ StackId: stackId(OTHER_ACCOUNT) }),
      connection(),
      "delete_from_foreign_account",
    ],
    ["a StackId that is not a stack ARN", del({ StackId: "rolelink-222222222222" }), connection(), "delete_from_foreign_account"],
    ["another stack of the same account", del({ StackId: OTHER_STACK_ID }), linked("connected"), "delete_from_foreign_stack"],
    [
      "another stack of the same account, on a failed link",
      del({ StackId: OTHER_STACK_ID }),
      linked("failed"),
      "delete_from_foreign_stack",
    ],
    [
      "another resource than the one we answered for",
      del({ PhysicalResourceId: "rolelink-replaced" }),
      linked("connected"),
      "delete_of_other_resource",
    ],
    [
      "no PhysicalResourceId when we answered with one",
      del({ PhysicalResourceId: undefined }),
      linked("connected"),
      "delete_of_other_resource",
    ],
  ])("refuses %s", (_name, req, conn, code) => {
    expect(checkDelete(req, conn)).toEqual({ ok: false, check: code });
  });

  it.each<[string, CustomResourceRequest, ConnectionForCheck]>([
    [
      "a pending link with no stack yet (the customer deleted a stack we never answered)",
      del({ PhysicalResourceId: "anything-cloudformation-made-up" }),
      connection(),
    ],
    ["the connected link's own stack and resource", del(), linked("connected")],
    ["a disconnected link's own stack and resource (answered again)", del(), linked("disconnected")],
    [
      "a stack we recorded but never answered with a resource id",
      del({ PhysicalResourceId: "anything" }),
      linked("failed", { physicalResourceId: null }),
    ],
  ])("accepts %s", (_name, req, conn) => {
    expect(checkDelete(req, conn)).toEqual({ ok: true });
  });
});
