/** The sandbox CloudFormation state machine with the real template, an in-memory role registry and publisher. */
import { describe, expect, it, vi } from "vitest";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { describeSandboxTemplate } from "./cfn-template";
import { createCloudFormation, type CreateStackInput } from "./cloudformation";
import type { RoleDefinition } from "./sts-state";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const ORIGIN = "http://127.0.0.1:4590/";

function setup(serviceTimeoutMs = 60_000) {
  const { document, version } = loadCustomerTemplate();
  const roles = new Map<string, RoleDefinition>();
  const published: Array<Record<string, unknown>> = [];
  const cfn = createCloudFormation({
    origin: ORIGIN,
    templateUrl: `${ORIGIN}templates/rolelink-role.yaml`,
    template: describeSandboxTemplate(document, version),
    knownTopics: [TOPIC],
    roles: { putRole: (r) => roles.set(r.roleArn, r), updateRole: (r) => roles.set(r.roleArn, r), deleteRole: (arn) => roles.delete(arn) },
    canPublish: () => true,
    publish: async (_topic, _subject, message) => published.push(JSON.parse(message) as Record<string, unknown>),
    serviceTimeoutMs,
  });
  return { cfn, roles, published };
}

const input: CreateStackInput = {
  region: "us-east-1",
  accountId: "222222222222",
  stackName: "rolelink-test",
  templateUrl: `${ORIGIN}templates/rolelink-role.yaml`,
  parameters: { ExternalId: "ext-0001", TrustedAccount: "111111111111", SnsTopicArn: TOPIC },
  capabilities: ["CAPABILITY_IAM"],
};

function answer(
  cfn: ReturnType<typeof setup>["cfn"],
  request: Record<string, unknown> | undefined,
  body: Record<string, unknown>,
  contentType?: string,
) {
  const url = new URL(String(request?.ResponseURL));
  const id = url.pathname.split("/").pop() ?? "";
  const full = {
    StackId: request?.StackId,
    RequestId: request?.RequestId,
    LogicalResourceId: request?.LogicalResourceId,
    PhysicalResourceId: "phys-1",
    ...body,
  };
  return cfn.receiveResponse(id, url.searchParams.get("X-Amz-Signature"), contentType, JSON.stringify(full));
}

describe("sandbox CloudFormation", () => {
  it("records the role with the trust and the permission statements taken from the template and the parameters", () => {
    const { cfn, roles } = setup();
    const stack = cfn.createStack(input);
    const role = roles.get(stack.roleArn ?? "");
    expect(role).toMatchObject({
      roleArn: stack.roleArn,
      trustedAccountId: "111111111111",
      trustedRoleArn: "arn:aws:iam::111111111111:role/rolelink-app",
      externalId: "ext-0001",
      sourceIdentityLike: "rolelink*",
    });
    expect(role?.policies).toEqual([
      { effect: "Allow", actions: expect.arrayContaining(["ec2:DescribeInstances"]), resources: ["*"] },
      { effect: "Deny", actions: expect.arrayContaining(["ec2:DescribeInstanceAttribute"]), resources: ["*"] },
      {
        effect: "Allow",
        actions: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
        resources: ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-test/*"],
      },
    ]);
  });

  it("a legacy-1.1.0 stack's role trusts the vendor account root without a SourceIdentity condition and has ec2:Describe*", () => {
    const { cfn, roles, published } = setup();
    const stack = cfn.createStack({ ...input, templateVariant: "legacy-1.1.0" });
    const role = roles.get(stack.roleArn ?? "");
    expect(role).toMatchObject({ trustedAccountId: "111111111111", externalId: "ext-0001" });
    expect(role?.trustedRoleArn).toBeUndefined();
    expect(role?.sourceIdentityLike).toBeUndefined();
    expect(role?.policies?.[0]).toEqual({ effect: "Allow", actions: ["ec2:Describe*"], resources: ["*"] });
    expect(role?.policies?.map((p) => p.actions[0])).toEqual(["ec2:Describe*", "cloudformation:DescribeStacks"]);
    expect(published[0]).toMatchObject({ RequestType: "Create", ResourceProperties: { TemplateVersion: "1.1.0" } });
    cfn.stop();
  });

  it("a legacy-1.0.0 stack's role has no confirm policy and its custom resource reports TemplateVersion 1.0.0", () => {
    const { cfn, roles, published } = setup();
    const stack = cfn.createStack({ ...input, templateVariant: "legacy-1.0.0" });
    expect(stack.templateVersion).toBe("1.0.0");
    expect(roles.get(stack.roleArn ?? "")?.policies).toEqual([{ effect: "Allow", actions: ["ec2:Describe*"], resources: ["*"] }]);
    expect(published[0]).toMatchObject({ RequestType: "Create", ResourceProperties: { TemplateVersion: "1.0.0" } });
    cfn.stop();
  });

  it("rolls back after ServiceTimeout without an answer, still sending the rollback Delete", async () => {
    const { cfn, roles, published } = setup(100);
    const stack = cfn.createStack(input);
    // Polled, not slept: on a busy machine a fixed sleep can land after the rollback Delete's own timeout.
    await vi.waitFor(() => expect(published.map((p) => p.RequestType)).toEqual(["Create", "Delete"]), { timeout: 5_000, interval: 5 });
    expect(stack.failureReason).toContain("timed out");
    expect(["ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"]).toContain(stack.status);
    await vi.waitFor(() => expect(stack.status).toBe("ROLLBACK_FAILED"), { timeout: 5_000, interval: 5 });
    expect(roles.size).toBe(1);
    cfn.stop();
  });

  it("an Update that gets no answer within ServiceTimeout rolls back like a FAILED one", async () => {
    const { cfn, roles, published } = setup(100);
    const stack = cfn.createStack(input);
    expect(answer(cfn, published[0], { Status: "SUCCESS" }).ok).toBe(true);
    cfn.updateStack(stack.stackId, { parameters: { ExternalId: "ext-0002" } });
    expect(roles.get(stack.roleArn ?? "")?.externalId).toBe("ext-0002");
    await new Promise((r) => setTimeout(r, 150));
    expect(stack.status).toBe("UPDATE_ROLLBACK_IN_PROGRESS");
    expect(stack.failureReason).toContain("timed out");
    expect(roles.get(stack.roleArn ?? "")?.externalId).toBe("ext-0001");
    expect(published.map((p) => p.RequestType)).toEqual(["Create", "Update", "Update"]);
    expect(published[2]).toMatchObject({
      PhysicalResourceId: "phys-1",
      ResourceProperties: { ExternalID: "ext-0001" },
      OldResourceProperties: { ExternalID: "ext-0002" },
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(stack.status).toBe("UPDATE_ROLLBACK_FAILED");
    cfn.stop();
  });

  it("keeps a single answer per request: a second PUT to the same ResponseURL is refused", () => {
    const { cfn, published } = setup();
    const stack = cfn.createStack(input);
    expect(answer(cfn, published[0], { Status: "SUCCESS" }).ok).toBe(true);
    expect(stack.status).toBe("CREATE_COMPLETE");
    expect(answer(cfn, published[0], { Status: "FAILED", Reason: "late" })).toMatchObject({ ok: false, status: 403 });
    expect(stack.status).toBe("CREATE_COMPLETE");
  });

  it("keeps what arrived at each ResponseURL: the answer used, and every correctly signed answer after it", () => {
    const { cfn, published } = setup();
    const stack = cfn.createStack(input);
    expect(cfn.responses()).toEqual([]);
    expect(answer(cfn, published[0], { Status: "SUCCESS" }).ok).toBe(true);
    expect(answer(cfn, published[0], { Status: "SUCCESS" })).toMatchObject({ ok: false, status: 403 });
    // A PUT to the same path without the URL's signature is someone else's, not a second answer.
    const url = new URL(String(published[0]?.ResponseURL));
    expect(cfn.receiveResponse(url.pathname.split("/").pop() ?? "", "forged", undefined, "{}")).toMatchObject({ status: 403 });
    expect(cfn.responses()).toEqual([
      {
        stackId: stack.stackId,
        requestId: published[0]?.RequestId,
        requestType: "Create",
        status: "SUCCESS",
        at: expect.any(String),
        repeats: 1,
      },
    ]);
  });

  it("refuses responses CloudFormation cannot use: wrong RequestId, FAILED without Reason, over 4096 bytes", () => {
    const { cfn, published } = setup();
    const stack = cfn.createStack(input);
    expect(answer(cfn, published[0], { Status: "SUCCESS", RequestId: "other" })).toMatchObject({ ok: false, status: 400 });
    expect(answer(cfn, published[0], { Status: "FAILED" })).toMatchObject({ ok: false, status: 400 });
    expect(answer(cfn, published[0], { Status: "FAILED", Reason: "x".repeat(5000) })).toMatchObject({ ok: false, status: 400 });
    expect(stack.status).toBe("CREATE_IN_PROGRESS");
    cfn.stop();
  });

  it("refuses a second stack with the same name until the first is deleted", () => {
    const { cfn } = setup();
    cfn.createStack({ ...input, parameters: { ...input.parameters, SnsTopicArn: "arn:aws:sns:eu-west-1:111111111111:rolelink" } });
    expect(() => cfn.createStack(input)).toThrow("already exists");
  });

  it("fails a stack whose ServiceToken topic is in another region", () => {
    const { cfn, roles, published } = setup();
    const stack = cfn.createStack({
      ...input,
      parameters: { ...input.parameters, SnsTopicArn: "arn:aws:sns:eu-west-1:111111111111:rolelink" },
    });
    expect(stack.status).toBe("ROLLBACK_COMPLETE");
    expect(stack.failureReason).toContain("not in the stack's region");
    expect(published).toEqual([]);
    expect(roles.size).toBe(0);
  });
});
