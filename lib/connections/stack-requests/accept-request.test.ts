/**
 * Accepting a verified SNS notification: the one prepared statement stores the
 * MessageId, the request, its timeline event and its job; a retry stores
 * nothing; a notification that is not a custom resource request is refused.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";
import { resetDb } from "@/test/db";
import { acceptCustomResourceRequest } from "./accept-request";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const ACCOUNT = "222233334444";
const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/rolelink-${ACCOUNT}/6c1b1b4e-0000-4000-8000-000000000000`;

function notification(message: unknown): VerifiedSnsMessage {
  return {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: new Date().toISOString(),
    SignatureVersion: "2",
    Signature: "verified-upstream",
    SigningCertURL: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
    UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    region: "us-east-1",
  };
}

const request = (externalId: string) => ({
  RequestType: "Create",
  ServiceToken: TOPIC,
  ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=y",
  StackId: STACK_ID,
  RequestId: randomUUID(),
  LogicalResourceId: "PhoneHome",
  ResourceType: "Custom::RolelinkPhoneHome",
  ResourceProperties: { ServiceToken: TOPIC, ExternalID: externalId, AccountID: ACCOUNT },
});

beforeEach(resetDb);
afterAll(() => stopBoss({ graceful: false, timeoutMs: 1_000 }));

describe("acceptCustomResourceRequest", () => {
  it("stores the request for its link with one event and one job, and a retry of the same MessageId stores nothing", async () => {
    const owner = await db.user.create({ data: { email: "accept@example.test", passwordHash: "x" } });
    const link = await db.connection.create({
      data: { ownerId: owner.id, accountId: ACCOUNT, region: "us-east-1", externalId: "rl-accept-0001" },
    });
    const message = notification(request("rl-accept-0001"));

    expect(await acceptCustomResourceRequest(message)).toEqual({ kind: "accepted" });
    expect(await acceptCustomResourceRequest(message)).toEqual({ kind: "duplicate" });

    const stored = await db.cfnRequest.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      messageId: message.MessageId,
      requestType: "Create",
      stackId: STACK_ID,
      connectionId: link.id,
      claimedAccount: ACCOUNT,
    });
    const events = await db.event.findMany({ where: { kind: "cfn.request_received" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      connectionId: link.id,
      actor: "sns",
      detail: { requestType: "Create", stackId: STACK_ID, messageId: message.MessageId },
    });
    const jobs = await db.$queryRawUnsafe<Array<{ key: string }>>(
      `SELECT singleton_key AS key FROM pgboss.job WHERE name = 'cfn-request' AND data->>'cfnRequestId' = $1`,
      stored[0]!.id,
    );
    expect(jobs).toEqual([{ key: `connection:${link.id}` }]);
  });

  it("a StackId that is not a stack ARN is stored without a claimed account or link, not crashed on", async () => {
    const message = notification({ ...request("rl-nobody"), StackId: "not-a-stack-arn" });
    expect(await acceptCustomResourceRequest(message)).toEqual({ kind: "accepted" });
    expect(await db.cfnRequest.findFirstOrThrow()).toMatchObject({ stackId: "not-a-stack-arn", claimedAccount: null, connectionId: null });
  });

  it("refuses a signed notification that is not a custom resource request, and stores nothing", async () => {
    for (const body of ["not json", { hello: "world" }, { ...request("rl-x"), RequestType: "Explode" }])
      expect(await acceptCustomResourceRequest(notification(body))).toEqual({ kind: "not_a_custom_resource_request" });
    expect(await db.cfnRequest.count()).toBe(0);
    expect(await db.snsMessage.count()).toBe(0);
  });
});
