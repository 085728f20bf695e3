import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStsHandler, createStsState, type StsState } from "@/sandbox/sts";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "@/sandbox/sns-api";
import { acceptsWithoutExternalId, proveAccess, proveAccessWithRetry } from "./assume-role";
import { grantPublish, inspectTopicPolicy, publishLabel, revokePublish } from "./sns-access";

const VENDOR = "111111111111";
const ROLE = "arn:aws:iam::222233334444:role/rolelink-Role-ABC";
const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
let sts: StsState;
let sns: SnsApiState;
let server: Server;

beforeAll(async () => {
  sts = createStsState({ vendorAccountId: VENDOR, baseAccessKeyId: "AKIAVENDOR" });
  sns = createSnsApiState({ topics: [TOPIC] });
  const stsHandler = createStsHandler(sts);
  const snsHandler = createSnsApiHandler(sns);
  server = createServer((req, res) => void (req.url?.startsWith("/sns") ? snsHandler(req, res) : stsHandler(req, res)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: `${origin}/sts`,
    AWS_ENDPOINT_URL_SNS: `${origin}/sns`,
    AWS_ACCESS_KEY_ID: "AKIAVENDOR",
    AWS_SECRET_ACCESS_KEY: "x",
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  sts.roles.clear();
  sts.refuseAll = false;
  sts.throttled = 0;
  sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right" });
});

const input = { roleArn: ROLE, externalId: "rl-right", expectedAccountId: "222233334444", sessionName: "rolelink-test" };

describe("proving access with STS", () => {
  it("with the right External ID: the assumed-role ARN, the account and the expiry", async () => {
    const before = Date.now();
    const proof = await proveAccess({ ...input, sourceIdentity: "admin-at-example.com" });
    expect(proof).toMatchObject({ ok: true, accountId: "222233334444", assumedRoleArn: "arn:aws:sts::222233334444:assumed-role/rolelink-Role-ABC/rolelink-test" });
    if (!proof.ok) return;
    expect(proof.expiresAt.getTime() - before).toBeGreaterThan(899_000);
    expect(proof.expiresAt.getTime() - before).toBeLessThan(901_000);
    expect(JSON.stringify(proof)).not.toMatch(/ASIA|SecretAccessKey|SessionToken/);
    expect(sts.calls.at(-2)).toMatchObject({ action: "AssumeRole", sourceIdentity: "admin-at-example.com", externalIdGiven: true, outcome: "ok" });
  });

  it.each([["a wrong External ID", "rl-wrong"], ["no role at all", "rl-right"]])("%s: access_denied, in words", async (_name, externalId) => {
    if (_name === "no role at all") sts.deleteRole(ROLE);
    const proof = await proveAccess({ ...input, externalId });
    expect(proof).toEqual({ ok: false, code: "access_denied", message: expect.stringMatching(/refused to let rolelink assume this role/) });
  });

  it("an account mismatch is refused even when AssumeRole works", async () => {
    expect(await proveAccess({ ...input, expectedAccountId: "999999999999" })).toMatchObject({ ok: false, code: "account_mismatch" });
  });

  it("knows a role that accepts no External ID", async () => {
    expect(await acceptsWithoutExternalId(ROLE)).toBe(false);
    sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR });
    expect(await acceptsWithoutExternalId(ROLE)).toBe(true);
  });

  it("backs off on throttling and ends with a result", async () => {
    sts.throttleNext(3);
    const sleeps: number[] = [];
    const proof = await proveAccessWithRetry(input, { baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(proof.ok).toBe(true);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[2]!).toBeGreaterThan(sleeps[0]!);
  });

  it("retries AccessDenied (IAM propagation) until the deadline, then returns the refusal", async () => {
    sts.refuseAll = true;
    let clock = 0;
    const proof = await proveAccessWithRetry(input, { deadlineMs: 10_000, baseDelayMs: 1_000, now: () => clock, sleep: async (ms) => void (clock += ms) });
    expect(proof).toMatchObject({ ok: false, code: "access_denied" });
    expect(sts.calls.filter((c) => c.action === "AssumeRole").length).toBeGreaterThan(2);
  });
});

describe("SNS publish access per account", () => {
  it("grants idempotently, shows in the policy, and revokes idempotently", async () => {
    await grantPublish(TOPIC, "222233334444");
    await grantPublish(TOPIC, "222233334444");
    expect(sns.canPublish(TOPIC, "222233334444")).toBe(true);
    expect(sns.canPublish(TOPIC, "333344445555")).toBe(false);
    const usage = await inspectTopicPolicy(TOPIC);
    expect(usage).toMatchObject({ statements: 2, nearLimit: false });
    expect(sns.policy(TOPIC)).toContain(publishLabel("222233334444"));
    await revokePublish(TOPIC, "222233334444");
    await revokePublish(TOPIC, "222233334444");
    expect(sns.canPublish(TOPIC, "222233334444")).toBe(false);
  });

  it("warns near the topic policy's 100-statement limit", async () => {
    for (let i = 0; i < 80; i++) await grantPublish(TOPIC, String(100000000000 + i));
    expect(await inspectTopicPolicy(TOPIC)).toMatchObject({ statements: 81, nearLimit: true });
  });
});
