import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import { receiveSnsMessage } from "@/lib/connections/stack-requests/receive-sns-message";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";
import { listAdminNotices } from "./admin-notices";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";

describe("admin notices", () => {
  beforeEach(async () => {
    await resetDb();
    testSession.user = { id: "00000000-0000-4000-8000-000000000001", email: "admin@example.test", role: "admin" };
  });
  afterAll(() => db.$disconnect());

  it("an UnsubscribeConfirmation is recorded once and shown to admins, never resubscribed", async () => {
    const message = { Type: "UnsubscribeConfirmation", MessageId: "m-1", TopicArn: TOPIC, region: "us-east-1" } as VerifiedSnsMessage;
    expect(await receiveSnsMessage(message)).toEqual({ kind: "unsubscribe_recorded" });
    expect(await receiveSnsMessage(message)).toEqual({ kind: "duplicate" });
    const notices = await listAdminNotices();
    expect(notices).toEqual([expect.objectContaining({ kind: "unsubscribed", topicArn: TOPIC })]);
    expect(await db.event.count({ where: { kind: "sns.unsubscribed" } })).toBe(1);
  });

  it("a topic policy near its limits is shown with what to do", async () => {
    await db.event.create({
      data: { kind: "sns.policy_near_limit", actor: "system", detail: { topicArn: TOPIC, statements: 85, bytes: 20_000 } },
    });
    const [notice] = await listAdminNotices();
    expect(notice).toMatchObject({ kind: "policy_near_limit", topicArn: TOPIC });
    expect(notice!.detail).toMatch(/^85 of 100 statements.*SNS_PUBLISH_ACCESS=open/);
  });

  it.each([
    [{ statements: 106, bytes: 20_000 }, /^106 of 100 statements.*cannot publish/],
    [{ statements: 100, bytes: 20_000 }, /^100 of 100 statements/],
    [{ statements: 60, bytes: 31_000 }, /^60 of 100 statements, 30 of 30 KB/],
  ])("a topic policy at or past its limits (%o) is an error, not a warning", async (usage, text) => {
    await db.event.create({ data: { kind: "sns.policy_near_limit", actor: "system", detail: { topicArn: TOPIC, ...usage } } });
    const [notice] = await listAdminNotices();
    expect(notice).toMatchObject({ kind: "policy_full", topicArn: TOPIC });
    expect(notice!.detail).toMatch(text);
  });

  it("is refused to customers", async () => {
    testSession.user = { id: "00000000-0000-4000-8000-000000000002", email: "c@example.test", role: "customer" };
    await expect(listAdminNotices()).rejects.toThrow("You are not allowed to do that.");
  });
});
