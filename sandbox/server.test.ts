/**
 * The sandbox end to end on loopback, seen from the app's side: a fake SNS
 * endpoint verifies every delivery with the app's real verifySnsMessage.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddPermissionCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { CERTIFICATE_PATH } from "./sns-delivery";
import { startSandbox, type Sandbox } from "./server";
import { startFakeApp, waitFor } from "./test-helpers";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const VENDOR = "111111111111";
const CUSTOMER = "222222222222";
const ACCESS_KEY = "AKIASANDBOXTEST00001";
const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: "sandbox-test-secret" };

let app: Awaited<ReturnType<typeof startFakeApp>>;
let sandbox: Sandbox;
const at = (path: string) => new URL(path, sandbox.origin).toString();

async function getJson<T>(path: string): Promise<T> {
  return (await (await fetch(at(path))).json()) as T;
}

interface StackView {
  stackId: string;
  status: string;
  failureReason?: string;
  roleArn?: string;
}

async function stackStatus(stackId: string, status: string): Promise<StackView> {
  return waitFor(async () => {
    const { stack } = await getJson<{ stack: StackView }>(`api/stacks/${encodeURIComponent(stackId)}`);
    return stack.status === status ? stack : undefined;
  });
}

function createStack(overrides: { stackName: string; parameters?: Record<string, string>; capabilities?: string[] }) {
  return fetch(at("api/stacks"), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      region: "us-east-1",
      accountId: CUSTOMER,
      stackName: overrides.stackName,
      templateUrl: sandbox.state.templateUrl,
      parameters: { ExternalId: "ext-id-for-customer-0001", TrustedAccount: VENDOR, SnsTopicArn: TOPIC, ...overrides.parameters },
      capabilities: overrides.capabilities ?? ["CAPABILITY_IAM"],
    }),
  });
}

interface CfnRequest {
  RequestType: string;
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceProperties: Record<string, string>;
}

/** The next custom resource request the fake app accepted (answered 2xx). */
async function nextRequest(seen: number): Promise<CfnRequest> {
  const delivered = await waitFor(() => app.notifications().filter((n) => n.answered === 200)[seen]);
  if ("rejected" in delivered.verified) throw new Error(`rejected: ${delivered.verified.rejected}`);
  return JSON.parse(delivered.verified.Message) as CfnRequest;
}

function respond(request: CfnRequest, status: "SUCCESS" | "FAILED", extra: { reason?: string; contentType?: string } = {}) {
  const body = JSON.stringify({
    Status: status,
    Reason: extra.reason,
    PhysicalResourceId: `rolelink-${request.StackId.split("/")[1]}`,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  return fetch(request.ResponseURL, { method: "PUT", headers: { "Content-Type": extra.contentType ?? "" }, body });
}

function assumeRole(roleArn: string, externalId?: string) {
  const sts = new STSClient({ region: "us-east-1", endpoint: at("sts"), credentials });
  return sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "rolelink-test", ExternalId: externalId, SourceIdentity: "rolelink-test" }),
  );
}

beforeAll(async () => {
  app = await startFakeApp({ allowedTopics: [TOPIC] });
  sandbox = await startSandbox({
    port: 0,
    appSnsEndpoint: app.endpoint,
    vendorAccountId: VENDOR,
    topicArns: [TOPIC],
    baseAccessKeyId: ACCESS_KEY,
    retryDelaysMs: [50, 50, 50],
    deliveryTimeoutMs: 2_000,
  });
  app.setSandboxOrigin(sandbox.origin);
  const sns = new SNSClient({ region: "us-east-1", endpoint: at("sns-api"), credentials });
  await sns.send(
    new AddPermissionCommand({ TopicArn: TOPIC, Label: `rolelink-${CUSTOMER}`, AWSAccountId: [CUSTOMER], ActionName: ["Publish"] }),
  );
});

afterAll(async () => {
  await sandbox?.stop();
  await app?.stop();
});

describe("SNS subscription", () => {
  it("sends a signed SubscriptionConfirmation and counts it confirmed once SubscribeURL is fetched", async () => {
    const subs = await waitFor(async () => {
      const { subscriptions } = await getJson<{ subscriptions: Array<{ topicArn: string; status: string; subscriptionArn: string }> }>(
        "api/subscriptions",
      );
      return subscriptions.every((s) => s.status === "confirmed") && subscriptions.length === 1 ? subscriptions : undefined;
    });
    expect(subs[0]?.topicArn).toBe(TOPIC);
    const confirmation = app.received.find((r) => r.headers["x-amz-sns-message-type"] === "SubscriptionConfirmation");
    expect(confirmation?.verified).toMatchObject({ Type: "SubscriptionConfirmation", TopicArn: TOPIC, SignatureVersion: "2" });
    expect(confirmation?.headers["content-type"]).toBe("text/plain; charset=UTF-8");
    expect(confirmation?.headers["user-agent"]).toBe("Amazon Simple Notification Service Agent");
    expect(confirmation?.headers["x-amz-sns-topic-arn"]).toBe(TOPIC);
    expect(confirmation?.headers["x-amz-sns-subscription-arn"]).toBeUndefined();
    expect(confirmation?.body).toMatch(/^\{\n {2}"Type" : "SubscriptionConfirmation",\n/);
  });
});

describe("CloudFormation stack lifecycle", () => {
  let request: CfnRequest;
  let stackId: string;

  it("Create stack publishes the custom resource request, retried with the same MessageId on 5xx", async () => {
    await waitFor(() => sandbox.state.delivery.listSubscriptions().every((s) => s.status === "confirmed") || undefined);
    app.script([500, 500, 200]);
    const before = app.notifications().length;
    const created = await createStack({ stackName: "rolelink-222222222222-us-east-1" });
    expect(created.status).toBe(201);
    stackId = ((await created.json()) as { stack: StackView }).stack.stackId;
    expect(stackId).toMatch(/^arn:aws:cloudformation:us-east-1:222222222222:stack\/rolelink-222222222222-us-east-1\/[0-9a-f-]{36}$/);

    const attempts = await waitFor(() => {
      const list = app.notifications().slice(before);
      return list.length === 3 ? list : undefined;
    });
    expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
    const ids = new Set(attempts.map((a) => a.headers["x-amz-sns-message-id"]));
    expect(ids.size).toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(attempts[0]?.headers["x-amz-sns-subscription-arn"]).toMatch(new RegExp(`^${TOPIC}:`));

    request = await nextRequest(0);
    const verified = attempts[2]?.verified;
    expect(verified).toMatchObject({ Type: "Notification", Subject: "AWS CloudFormation custom resource request", MessageId: [...ids][0] });
    expect(request).toMatchObject({
      RequestType: "Create",
      StackId: stackId,
      LogicalResourceId: "PhoneHome",
      ResourceType: "Custom::RolelinkPhoneHome",
      ResourceProperties: {
        ServiceToken: TOPIC,
        AccountID: CUSTOMER,
        ExternalID: "ext-id-for-customer-0001",
        Region: "us-east-1",
        TemplateVersion: sandbox.state.templateVersion,
      },
    });
    expect(request.ResourceProperties.RoleArn).toMatch(
      /^arn:aws:iam::222222222222:role\/rolelink-222222222222-us-east-1-Role-[A-Z0-9]{13}$/,
    );
    expect(request.ResponseURL.startsWith(at("cfn-response/"))).toBe(true);
    expect((await getJson<{ stack: StackView }>(`api/stacks/${encodeURIComponent(stackId)}`)).stack.status).toBe("CREATE_IN_PROGRESS");
  });

  it("lets the stack's role be assumed by the trusted account with the stack's ExternalId only", async () => {
    const roleArn = request.ResourceProperties.RoleArn ?? "";
    const ok = await assumeRole(roleArn, "ext-id-for-customer-0001");
    expect(ok.AssumedRoleUser?.Arn).toContain("rolelink-test");
    await expect(assumeRole(roleArn, "someone-elses-external-id")).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(assumeRole(roleArn)).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("refuses a response sent with a Content-Type (the presigned URL was signed without one)", async () => {
    const refused = await respond(request, "SUCCESS", { contentType: "text/plain" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const forged = await fetch(request.ResponseURL.replace(/X-Amz-Signature=[^&]+/, "X-Amz-Signature=00"), {
      method: "PUT",
      headers: { "Content-Type": "" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    const invalid = await fetch(request.ResponseURL, {
      method: "PUT",
      headers: { "Content-Type": "" },
      body: JSON.stringify({ Status: "SUCCESS" }),
    });
    expect(invalid.status).toBe(400);
    expect((await getJson<{ stack: StackView }>(`api/stacks/${encodeURIComponent(stackId)}`)).stack.status).toBe("CREATE_IN_PROGRESS");
  });

  it("completes the stack on SUCCESS sent with an empty Content-Type", async () => {
    const answered = await respond(request, "SUCCESS");
    expect(answered.status).toBe(200);
    await stackStatus(stackId, "CREATE_COMPLETE");
  });

  it("replays an old delivery byte for byte, and a forgery (old signature, new MessageId) fails verification", async () => {
    const original = sandbox.state.delivery.listDeliveries().find((d) => d.type === "Notification" && d.state === "delivered");
    expect(original).toBeDefined();
    const replayed = await fetch(at(`api/deliveries/${original?.id}/replay`), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
    });
    expect(replayed.status).toBe(200);
    const last = app.received.at(-1);
    expect(last?.body).toBe(original?.body);
    const forged = await fetch(at(`api/deliveries/${original?.id}/forge`), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
    });
    expect(forged.status).toBe(200);
    expect(app.received.at(-1)?.verified).toEqual({ rejected: "bad_signature" });
  });

  it("Delete stack sends Delete with the PhysicalResourceId, then removes the role", async () => {
    const seen = app.notifications().filter((n) => n.answered === 200).length;
    const deleted = await fetch(at(`api/stacks/${encodeURIComponent(stackId)}`), {
      method: "DELETE",
      headers: { "Content-Type": "application/json" },
    });
    expect(deleted.status).toBe(200);
    const del = await nextRequest(seen);
    expect(del).toMatchObject({ RequestType: "Delete", StackId: stackId, PhysicalResourceId: `rolelink-${stackId.split("/")[1]}` });
    expect((await getJson<{ stack: StackView }>(`api/stacks/${encodeURIComponent(stackId)}`)).stack.status).toBe("DELETE_IN_PROGRESS");
    expect((await respond(del, "SUCCESS")).status).toBe(200);
    await stackStatus(stackId, "DELETE_COMPLETE");
    await expect(assumeRole(request.ResourceProperties.RoleArn ?? "", "ext-id-for-customer-0001")).rejects.toMatchObject({
      name: "AccessDenied",
    });
  });

  it("rolls back with our Reason on FAILED, sending the rollback Delete and removing the role", async () => {
    const seen = app.notifications().filter((n) => n.answered === 200).length;
    const created = await createStack({ stackName: "rolelink-edited", parameters: { TrustedAccount: "333333333333" } });
    const { stack } = (await created.json()) as { stack: StackView };
    const create = await nextRequest(seen);
    // The role trusts the edited account, not the vendor: the vendor cannot assume it.
    await expect(assumeRole(create.ResourceProperties.RoleArn ?? "", "ext-id-for-customer-0001")).rejects.toMatchObject({
      name: "AccessDenied",
    });
    expect((await respond(create, "FAILED", { reason: "rolelink could not assume the role: check TrustedAccount" })).status).toBe(200);
    await stackStatus(stack.stackId, "ROLLBACK_IN_PROGRESS");
    const rollback = await nextRequest(seen + 1);
    expect(rollback).toMatchObject({ RequestType: "Delete", StackId: stack.stackId });
    expect((await respond(rollback, "SUCCESS")).status).toBe(200);
    const done = await stackStatus(stack.stackId, "ROLLBACK_COMPLETE");
    expect(done.failureReason).toContain("Message returned: rolelink could not assume the role: check TrustedAccount");
  });
});

describe("CreateStack refusals", () => {
  it("validates parameters against the template and requires the IAM capability", async () => {
    const badAccount = await createStack({ stackName: "bad-account", parameters: { TrustedAccount: "12345" } });
    expect(badAccount.status).toBe(400);
    expect(await badAccount.json()).toEqual({
      error: "ValidationError",
      message: "Parameter 'TrustedAccount' failed to satisfy constraint: a 12-digit AWS account ID",
    });
    const noCaps = await createStack({ stackName: "no-caps", capabilities: [] });
    expect(await noCaps.json()).toMatchObject({ error: "InsufficientCapabilitiesException" });
    const badName = await createStack({ stackName: "1-starts-with-digit" });
    expect(badName.status).toBe(400);
  });

  it("fails the stack when the topic is unknown or the account may not publish to it", async () => {
    const unknown = await createStack({
      stackName: "unknown-topic",
      parameters: { SnsTopicArn: "arn:aws:sns:us-east-1:111111111111:other" },
    });
    const a = ((await unknown.json()) as { stack: StackView }).stack;
    expect(a.status).toBe("ROLLBACK_COMPLETE");
    expect(a.failureReason).toContain("Topic does not exist");
    const res = await fetch(at("api/stacks"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        region: "us-east-1",
        accountId: "444444444444",
        stackName: "not-granted",
        templateUrl: sandbox.state.templateUrl,
        parameters: { ExternalId: "ext-id-x1", TrustedAccount: VENDOR, SnsTopicArn: TOPIC },
        capabilities: ["CAPABILITY_IAM"],
      }),
    });
    const b = ((await res.json()) as { stack: StackView }).stack;
    expect(b.status).toBe("ROLLBACK_COMPLETE");
    expect(b.failureReason).toContain("AuthorizationError");
  });
});

describe("console and files", () => {
  it("serves the certificate, the template and a self-contained console page", async () => {
    const cert = await fetch(at(CERTIFICATE_PATH));
    expect(await cert.text()).toBe(sandbox.state.certificatePem);
    const template = await fetch(sandbox.state.templateUrl);
    expect(await template.text()).toContain("Custom::RolelinkPhoneHome");
    const page = await (await fetch(at("cloudformation/home?region=us-east-1"))).text();
    expect(page).toContain("rolelink local AWS sandbox — not AWS");
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const console = await getJson<{ defaultAccountId: string; parameters: Array<{ name: string }> }>("api/console");
    expect(console.defaultAccountId).toBe(CUSTOMER);
    expect(console.parameters.map((p) => p.name)).toEqual(["ExternalId", "TrustedAccount", "TrustedRoleName", "SnsTopicArn"]);
  });
});
