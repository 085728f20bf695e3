/** proveAccess and friends through the real AWS SDK, against the sandbox STS on loopback. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStsHandler, createStsState, type StsState } from "@/sandbox/sts";
import { acceptsWithoutExternalId, proveAccess, proveAccessWithRetry, proveAssumable } from "./assume-role";
import { requestTimeouts } from "./clients";

const VENDOR = "111111111111";
const CUSTOMER = "222233334444";
const ROLE = `arn:aws:iam::${CUSTOMER}:role/rolelink-Role-ABC`;
const ENV_KEYS = ["AWS_ENDPOINT_URL_STS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let sts: StsState;
let server: Server;
let stsEndpoint: string;
/** Makes GetCallerIdentity answer from another account, as a tampered session would. */
let answerFromAccount: string | undefined;
/** Rewrites STS's answer (e.g. AssumedRoleUser.Arn), as a tampered or unexpected answer would read. */
let rewriteAnswer: ((body: string) => string) | undefined;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return { server: s, origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  sts = createStsState({ vendorAccountId: VENDOR, baseAccessKeyId: "AKIAVENDOR" });
  const handler = createStsHandler(sts);
  const started = await listen((req, res) => {
    if (answerFromAccount) for (const session of sts.sessions.values()) session.accountId = answerFromAccount;
    if (rewriteAnswer) {
      // The body changes length: the handler's Content-Length is dropped, Node sends it chunked.
      const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, unknown>) => typeof res;
      res.writeHead = ((status: number, headers?: Record<string, unknown>) =>
        writeHead(
          status,
          Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== "content-length")),
        )) as typeof res.writeHead;
      const end = res.end.bind(res) as (body?: string) => typeof res;
      const rewrite = rewriteAnswer;
      res.end = ((body?: string | Buffer) => end(rewrite((body ?? "").toString()))) as typeof res.end;
    }
    void handler(req, res);
  });
  server = started.server;
  stsEndpoint = `${started.origin}/sts`;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIAVENDOR", AWS_SECRET_ACCESS_KEY: "x" });
  delete process.env.AWS_SESSION_TOKEN;
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  process.env.AWS_ENDPOINT_URL_STS = stsEndpoint;
  answerFromAccount = undefined;
  rewriteAnswer = undefined;
  sts.roles.clear();
  sts.calls.length = 0;
  sts.refuseAll = false;
  sts.throttleNext(0);
  sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right-0001" });
});

const input = {
  roleArn: ROLE,
  externalId: "rl-right-0001",
  expectedAccountId: CUSTOMER,
  sessionName: "rolelink-test",
  sourceIdentity: "rolelink-test",
};
const assumeCalls = () => sts.calls.filter((call) => call.action === "AssumeRole");
const noSleep = async () => {};

/** A port nothing listens on. */
async function closedPortOrigin(): Promise<string> {
  const { server: s, origin } = await listen(() => {});
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return origin;
}

describe("proveAccess", () => {
  it("with the right External ID: the assumed-role ARN, the account and a 15-minute expiry, and no credentials", async () => {
    const before = Date.now();
    const proof = await proveAccess({ ...input, sourceIdentity: "rolelink-admin-at-example.com" });
    expect(proof).toMatchObject({
      ok: true,
      accountId: CUSTOMER,
      assumedRoleArn: `arn:aws:sts::${CUSTOMER}:assumed-role/rolelink-Role-ABC/rolelink-test`,
    });
    if (!proof.ok) return;
    expect(proof.expiresAt.getTime() - before).toBeGreaterThan(898_000);
    expect(proof.expiresAt.getTime() - before).toBeLessThanOrEqual(901_000);
    expect(Object.keys(proof).sort()).toEqual(["accountId", "assumedRoleArn", "expiresAt", "ok"]);
    expect(JSON.stringify(proof)).not.toMatch(/ASIA|Secret|Token/i);
    expect(assumeCalls()).toEqual([
      expect.objectContaining({ sourceIdentity: "rolelink-admin-at-example.com", externalIdGiven: true, outcome: "ok" }),
    ]);
    expect(sts.calls.at(-1)).toMatchObject({ action: "GetCallerIdentity", outcome: "ok" });
  });

  it.each([
    ["a wrong External ID", () => ({ externalId: "rl-wrong-0001" })],
    ["a deleted role", () => (sts.deleteRole(ROLE), {})],
    [
      "a role that trusts another account",
      () => (sts.putRole({ roleArn: ROLE, trustedAccountId: "999988887777", externalId: "rl-right-0001" }), {}),
    ],
  ])("%s: access_denied, in words a customer understands", async (_name, arrange) => {
    const proof = await proveAccess({ ...input, ...arrange() });
    expect(proof).toEqual({
      ok: false,
      code: "access_denied",
      message:
        "AWS refused to let rolelink assume this role: the role may have been deleted, its trust policy changed, or the External ID does not match.",
    });
    expect(assumeCalls().map((call) => call.outcome)).toEqual(["AccessDenied"]);
  });

  it("refuses a role ARN in another account without asking STS", async () => {
    const proof = await proveAccess({ ...input, roleArn: "arn:aws:iam::999988887777:role/x" });
    expect(proof).toMatchObject({ ok: false, code: "account_mismatch", message: expect.stringMatching(/different AWS account/) });
    expect(sts.calls).toEqual([]);
  });

  it("refuses when the temporary credentials answer from another account", async () => {
    answerFromAccount = "999988887777";
    expect(await proveAccess(input)).toMatchObject({ ok: false, code: "account_mismatch" });
    expect(assumeCalls()).toHaveLength(1);
  });

  it.each([
    ["a missing External ID", { externalId: "" }, /External ID/],
    ["a malformed role ARN", { roleArn: "arn:aws:iam::222233334444:user/bob" }, /role ARN/],
    ["a long session name", { sessionName: "x".repeat(65) }, /session name/],
    ["a source identity starting aws:", { sourceIdentity: "aws:me" }, /source identity/],
    // Customer roles require it (StringLike rolelink*): without the prefix AWS would refuse anyway.
    ["a source identity not naming rolelink", { sourceIdentity: "admin-at-example.com" }, /must start with rolelink/],
    ["no source identity", { sourceIdentity: undefined as unknown as string }, /source identity|Required|expected string/i],
    ["a duration above 12 hours", { durationSeconds: 43_201 }, /session duration/],
  ])("%s is invalid_input, and never reaches STS", async (_name, change, words) => {
    const proof = await proveAccess({ ...input, ...change });
    expect(proof).toMatchObject({ ok: false, code: "invalid_input", message: expect.stringMatching(words) });
    expect(sts.calls).toEqual([]);
  });

  it("a closed port is a network failure", async () => {
    process.env.AWS_ENDPOINT_URL_STS = `${await closedPortOrigin()}/sts`;
    expect(await proveAccess(input)).toMatchObject({
      ok: false,
      code: "network",
      message: expect.stringMatching(/could not reach AWS STS/),
    });
  });

  it("an STS that never answers is a network failure once the request timeout passes", async () => {
    const hanging = await listen(() => {});
    const saved = requestTimeouts.requestTimeoutMs;
    requestTimeouts.requestTimeoutMs = 300;
    try {
      process.env.AWS_ENDPOINT_URL_STS = `${hanging.origin}/sts`;
      const started = Date.now();
      expect(await proveAccess(input)).toMatchObject({ ok: false, code: "network" });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      requestTimeouts.requestTimeoutMs = saved;
      hanging.server.closeAllConnections();
      hanging.server.close();
    }
  });
});

describe("proveAssumable (the fleet's check)", () => {
  it("one AssumeRole call and no GetCallerIdentity: the account comes from the session ARN STS answers with", async () => {
    const proof = await proveAssumable(input);
    expect(proof).toMatchObject({
      ok: true,
      accountId: CUSTOMER,
      assumedRoleArn: `arn:aws:sts::${CUSTOMER}:assumed-role/rolelink-Role-ABC/rolelink-test`,
    });
    expect(sts.calls.map((call) => [call.action, call.outcome])).toEqual([["AssumeRole", "ok"]]);
    expect(JSON.stringify(proof)).not.toMatch(/ASIA|Secret|Token/i);
  });

  it("refuses a session ARN that names another account or another role, and an answer without one", async () => {
    rewriteAnswer = (body) => body.replace(`arn:aws:sts::${CUSTOMER}:assumed-role`, "arn:aws:sts::999988887777:assumed-role");
    expect(await proveAssumable(input)).toMatchObject({ ok: false, code: "account_mismatch" });
    rewriteAnswer = (body) => body.replace("assumed-role/rolelink-Role-ABC/", "assumed-role/SomeOtherRole/");
    expect(await proveAssumable(input)).toMatchObject({ ok: false, code: "account_mismatch" });
    rewriteAnswer = (body) => body.replace(/<Arn>[^<]*<\/Arn>/, "<Arn></Arn>");
    expect(await proveAssumable(input)).toMatchObject({ ok: false, code: "unknown" });
  });

  it("a wrong External ID is access_denied, and a bad input never reaches STS", async () => {
    expect(await proveAssumable({ ...input, externalId: "rl-wrong-0001" })).toMatchObject({ ok: false, code: "access_denied" });
    expect(await proveAssumable({ ...input, roleArn: "arn:aws:iam::999988887777:role/x" })).toMatchObject({ code: "account_mismatch" });
    expect(await proveAssumable({ ...input, sessionName: "x".repeat(65) })).toMatchObject({ code: "invalid_input" });
    expect(sts.calls).toHaveLength(1);
  });
});

describe("acceptsWithoutExternalId", () => {
  it("false for a role that requires its External ID (the call without it is refused)", async () => {
    expect(await acceptsWithoutExternalId(ROLE)).toBe(false);
    expect(assumeCalls().map((c) => [c.sourceIdentity, c.externalIdGiven, c.outcome])).toEqual([
      ["rolelink-onboarding", false, "AccessDenied"],
      ["rolelink-system", false, "AccessDenied"],
    ]);
  });

  it("true for a role with no External ID condition", async () => {
    sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR });
    expect(await acceptsWithoutExternalId(ROLE)).toBe(true);
  });

  it("true for a role that requires rolelink's SourceIdentity but no External ID: the probe names rolelink, so only the External ID is missing", async () => {
    sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, sourceIdentityLike: "rolelink*" });
    expect(await acceptsWithoutExternalId(ROLE)).toBe(true);
    expect(assumeCalls()).toEqual([
      expect.objectContaining({ sourceIdentity: "rolelink-onboarding", externalIdGiven: false, outcome: "ok" }),
    ]);
  });

  it("true for a role that lets only the scheduled checks' SourceIdentity in without an External ID", async () => {
    sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, sourceIdentityLike: "rolelink-sys*" });
    expect(await acceptsWithoutExternalId(ROLE)).toBe(true);
    expect(assumeCalls().map((c) => [c.sourceIdentity, c.outcome])).toEqual([
      ["rolelink-onboarding", "AccessDenied"],
      ["rolelink-system", "ok"],
    ]);
  });

  it("waits out throttling before answering", async () => {
    sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR });
    sts.throttleNext(2);
    const sleeps: number[] = [];
    expect(await acceptsWithoutExternalId(ROLE, undefined, { sleep: async (ms) => void sleeps.push(ms) })).toBe(true);
    expect(sleeps).toHaveLength(2);
  });

  it("throws, rather than calling the role safe, when STS cannot be reached", async () => {
    process.env.AWS_ENDPOINT_URL_STS = `${await closedPortOrigin()}/sts`;
    await expect(acceptsWithoutExternalId(ROLE, undefined, { sleep: noSleep })).rejects.toThrow(/could not check/);
  });
});

describe("proveAccessWithRetry", () => {
  it("backs off on throttling, longer each time, and ends with the proof", async () => {
    sts.throttleNext(3);
    const sleeps: number[] = [];
    const proof = await proveAccessWithRetry(input, { baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(proof.ok).toBe(true);
    expect(sleeps).toHaveLength(3);
    // Jitter keeps each delay within 50-100% of 100, 200, 400 ms.
    expect(sleeps[0]!).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]!).toBeLessThanOrEqual(100);
    expect(sleeps[2]!).toBeGreaterThanOrEqual(200);
    expect(sleeps[2]!).toBeLessThanOrEqual(400);
  });

  it("succeeds once a new role has propagated through IAM", async () => {
    sts.deleteRole(ROLE);
    let slept = 0;
    const sleep = async () => {
      if (++slept === 2) sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right-0001" });
    };
    expect(await proveAccessWithRetry(input, { sleep })).toMatchObject({ ok: true, accountId: CUSTOMER });
    expect(assumeCalls().map((call) => call.outcome)).toEqual(["AccessDenied", "AccessDenied", "ok"]);
  });

  it("keeps an AccessDenied until the deadline, then returns the refusal", async () => {
    sts.refuseAll = true;
    let clock = 0;
    const proof = await proveAccessWithRetry(input, {
      deadlineMs: 10_000,
      baseDelayMs: 1_000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    expect(proof).toMatchObject({ ok: false, code: "access_denied" });
    expect(clock).toBeLessThanOrEqual(10_000);
    expect(assumeCalls().length).toBeGreaterThan(2);
  });

  it("does not retry what time cannot fix", async () => {
    const proof = await proveAccessWithRetry({ ...input, roleArn: "arn:aws:iam::999988887777:role/x" }, { sleep: noSleep });
    expect(proof).toMatchObject({ ok: false, code: "account_mismatch" });
    expect(sts.calls).toEqual([]);
  });
});
