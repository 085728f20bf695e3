import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { reserve } from "@/lib/limits/limiter";
import { createSession, endSession } from "@/lib/auth/sessions";
import { applyRetention } from "./retention";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

async function cfnRequest(state: string, createdAt: Date) {
  return db.cfnRequest.create({
    data: {
      messageId: crypto.randomUUID(),
      requestType: "Create",
      requestId: crypto.randomUUID(),
      stackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1",
      logicalResourceId: "Link",
      payload: {
        topicArn: "arn:aws:sns:us-east-1:111111111111:rolelink",
        request: {
          RequestType: "Create",
          ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=secret",
        },
      },
      state,
      responseStatus: state === "responded" ? "SUCCESS" : null,
      createdAt,
    },
    select: { id: true },
  });
}

describe("retention", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("forgets SNS message ids only once they are past the replay window (plus a day)", async () => {
    await db.snsMessage.createMany({
      data: [
        { messageId: "old", type: "Notification", topicArn: "t", receivedAt: ago(2 * DAY) },
        { messageId: "recent", type: "Notification", topicArn: "t", receivedAt: ago(2 * HOUR) },
      ],
    });
    expect((await applyRetention(now)).snsMessages).toBe(1);
    expect((await db.snsMessage.findMany({ select: { messageId: true } })).map((m) => m.messageId)).toEqual(["recent"]);
  });

  it("deletes limit windows that ended over an hour ago, keeps live ones", async () => {
    await reserve([["signin:email", "ada@example.test"]]);
    await db.rateLimit.create({ data: { key: "signin:email:old", points: 3, expire: BigInt(now.getTime() - 2 * HOUR) } });
    expect((await applyRetention(now)).rateLimits).toBe(1);
    expect(await db.rateLimit.count()).toBe(1);
  });

  it("deletes emailed links a day after they expired", async () => {
    const user = await db.user.create({ data: { email: "links@example.test", passwordHash: "x" } });
    await db.emailToken.createMany({
      data: [
        { userId: user.id, purpose: "reset_password", tokenHash: "a".repeat(64), expiresAt: ago(2 * DAY) },
        { userId: user.id, purpose: "verify_email", tokenHash: "b".repeat(64), expiresAt: ago(HOUR) },
        { userId: user.id, purpose: "verify_email", tokenHash: "c".repeat(64), expiresAt: new Date(now.getTime() + DAY) },
      ],
    });
    expect((await applyRetention(now)).emailTokens).toBe(1);
    expect((await db.emailToken.findMany({ select: { tokenHash: true } })).map((t) => t.tokenHash[0]).sort()).toEqual(["b", "c"]);
  });

  it("deletes sessions ended or expired over 30 days ago", async () => {
    const user = await db.user.create({ data: { email: "ada@example.test", passwordHash: "x" } });
    const live = await createSession(user.id);
    const endedLongAgo = await createSession(user.id, null, ago(40 * DAY));
    await endSession(endedLongAgo, "sign-out", ago(40 * DAY));
    const expiredLongAgo = await createSession(user.id, null, ago(45 * DAY));
    const endedRecently = await createSession(user.id);
    await endSession(endedRecently, "sign-out");
    expect((await applyRetention(now)).sessions).toBe(2);
    expect((await db.session.findMany({ select: { id: true } })).map((s) => s.id).sort()).toEqual([live, endedRecently].sort());
    expect(expiredLongAgo).toBeTruthy();
  });

  it("drops the presigned ResponseURL of finished requests past 90 days, keeping the outcome; leaves the rest", async () => {
    const oldDone = await cfnRequest("responded", ago(91 * DAY));
    const oldPending = await cfnRequest("received", ago(91 * DAY));
    const recentDone = await cfnRequest("responded", ago(10 * DAY));
    expect((await applyRetention(now)).cfnPayloadsTrimmed).toBe(1);
    const trimmed = await db.cfnRequest.findUniqueOrThrow({ where: { id: oldDone.id } });
    expect(JSON.stringify(trimmed.payload)).not.toContain("X-Amz-Signature");
    expect(trimmed).toMatchObject({
      state: "responded",
      responseStatus: "SUCCESS",
      payload: { responseUrlRemoved: true, request: { RequestType: "Create" } },
    });
    for (const kept of [oldPending, recentDone]) {
      expect(JSON.stringify((await db.cfnRequest.findUniqueOrThrow({ where: { id: kept.id } })).payload)).toContain("X-Amz-Signature");
    }
    // Idempotent.
    expect((await applyRetention(now)).cfnPayloadsTrimmed).toBe(0);
  });

  it("keeps events (the audit trail)", async () => {
    await db.event.create({ data: { kind: "link.created", actor: "system", createdAt: ago(400 * DAY) } });
    await applyRetention(now);
    expect(await db.event.count()).toBe(1);
  });
});
