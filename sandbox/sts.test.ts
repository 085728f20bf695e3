/** The sandbox STS as the real AWS SDK sees it: AssumeRole's trust checks, errors and sessions. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStsHandler, createStsState, type StsState } from "./sts";
import { OTHER_VENDOR_ACCESS_KEY_ID } from "./sts-callers";

const VENDOR = "111111111111";
const BASE_KEY = "AKIASANDBOXTEST00001";
const ROLE = "arn:aws:iam::222233334444:role/rolelink-Role-ABC";
const OPEN_ROLE = "arn:aws:iam::222233334444:role/no-condition";
const VENDOR_ROLE = `arn:aws:iam::${VENDOR}:role/rolelink-app`;
const VENDOR_SESSION = `arn:aws:sts::${VENDOR}:assumed-role/rolelink-app/rolelink`;
let state: StsState;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  state = createStsState({ vendorAccountId: VENDOR, baseAccessKeyId: BASE_KEY });
  const handler = createStsHandler(state);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sts`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  state.roles.clear();
  state.refuseAll = false;
  state.throttleNext(0);
  state.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right-0001" });
});

// One attempt: the SDK would otherwise retry Throttling behind the test's back.
function client(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = { accessKeyId: BASE_KEY, secretAccessKey: "x" },
) {
  return new STSClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

function assume(input: Partial<AssumeRoleCommandInput> = {}) {
  return client().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "rolelink-test", ExternalId: "rl-right-0001", ...input }));
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

describe("AssumeRole", () => {
  it("with the right External ID gives credentials whose identity is the assumed role in the customer's account", async () => {
    const before = Date.now();
    const out = await assume({ DurationSeconds: 900, SourceIdentity: "admin-at-example.com" });
    const creds = out.Credentials;
    expect(creds?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(creds?.Expiration!.getTime()).toBeGreaterThan(before + 898_000);
    expect(creds?.Expiration!.getTime()).toBeLessThanOrEqual(before + 901_000);
    expect(out.AssumedRoleUser).toEqual({
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]{17}:rolelink-test$/),
      Arn: "arn:aws:sts::222233334444:assumed-role/rolelink-Role-ABC/rolelink-test",
    });
    expect(out.SourceIdentity).toBe("admin-at-example.com");

    const who = await client({
      accessKeyId: creds!.AccessKeyId!,
      secretAccessKey: creds!.SecretAccessKey!,
      sessionToken: creds!.SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({
      Account: "222233334444",
      Arn: "arn:aws:sts::222233334444:assumed-role/rolelink-Role-ABC/rolelink-test",
      UserId: out.AssumedRoleUser?.AssumedRoleId,
    });
    expect(state.calls.findLast((c) => c.action === "AssumeRole")).toMatchObject({
      roleArn: ROLE,
      sourceIdentity: "admin-at-example.com",
      externalIdGiven: true,
      outcome: "ok",
    });
  });

  it("the base key is a session of rolelink's own role; an unknown key is InvalidClientTokenId", async () => {
    expect(await client().send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: VENDOR, Arn: VENDOR_SESSION });
    const error = await errorOf(
      client({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }).send(new GetCallerIdentityCommand({})),
    );
    expect(error).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });

  it.each<[string, Partial<AssumeRoleCommandInput>]>([
    ["a wrong External ID", { ExternalId: "rl-wrong-0001" }],
    ["no External ID", { ExternalId: undefined }],
    ["an unknown role", { RoleArn: "arn:aws:iam::222233334444:role/not-there" }],
  ])("%s: AccessDenied with AWS's message", async (_name, input) => {
    const error = await errorOf(assume(input));
    expect(error.name).toBe("AccessDenied");
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      `User: ${VENDOR_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn ?? ROLE}`,
    );
    expect(state.calls.at(-1)).toMatchObject({
      outcome: "AccessDenied",
      externalIdGiven: !("ExternalId" in input && input.ExternalId === undefined),
    });
  });

  describe("a role of template 2.0.0: one pinned principal and a required SourceIdentity", () => {
    const pinned = () =>
      state.putRole({
        roleArn: ROLE,
        trustedAccountId: VENDOR,
        trustedRoleArn: VENDOR_ROLE,
        externalId: "rl-right-0001",
        sourceIdentityLike: "rolelink*",
      });

    it("lets rolelink's role in with the External ID and a SourceIdentity starting rolelink", async () => {
      pinned();
      const out = await assume({ SourceIdentity: "rolelink-onboarding" });
      expect(out.SourceIdentity).toBe("rolelink-onboarding");
    });

    it.each<[string, Partial<AssumeRoleCommandInput>]>([
      ["no SourceIdentity", {}],
      ["a SourceIdentity naming someone else", { SourceIdentity: "admin-at-example.com" }],
      ["a SourceIdentity with rolelink later in it", { SourceIdentity: "x-rolelink" }],
    ])("refuses %s", async (_name, input) => {
      pinned();
      const error = await errorOf(assume(input));
      expect(error).toMatchObject({ name: "AccessDenied", status: 403 });
      expect(error.message).toBe(`User: ${VENDOR_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    });

    it("refuses a SourceIdentity when the trust does not allow sts:SetSourceIdentity, and a trust it cannot evaluate", async () => {
      state.putRole({
        roleArn: ROLE,
        trustedAccountId: VENDOR,
        trustedRoleArn: VENDOR_ROLE,
        externalId: "rl-right-0001",
        allowsSourceIdentity: false,
      });
      expect((await errorOf(assume({ SourceIdentity: "rolelink-test" }))).name).toBe("AccessDenied");
      expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA/);
      state.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right-0001", unevaluable: true });
      expect((await errorOf(assume({ SourceIdentity: "rolelink-test" }))).name).toBe("AccessDenied");
    });

    it("refuses another identity of the vendor account, even with the External ID and SourceIdentity", async () => {
      pinned();
      const other = client({ accessKeyId: OTHER_VENDOR_ACCESS_KEY_ID, secretAccessKey: "x" });
      const input = { RoleArn: ROLE, RoleSessionName: "rolelink-test", ExternalId: "rl-right-0001", SourceIdentity: "rolelink-test" };
      const error = await errorOf(other.send(new AssumeRoleCommand(input)));
      expect(error.message).toBe(
        `User: arn:aws:iam::${VENDOR}:user/someone-else is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      );
      // A 1.x role trusts the account root: the same identity gets in there, which is why 2.0.0 pins the role.
      state.putRole({ roleArn: ROLE, trustedAccountId: VENDOR, externalId: "rl-right-0001" });
      expect((await other.send(new AssumeRoleCommand(input))).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    });
  });

  it("a role trusting another account refuses the vendor", async () => {
    state.putRole({ roleArn: ROLE, trustedAccountId: "999999999999", externalId: "rl-right-0001" });
    expect((await errorOf(assume())).name).toBe("AccessDenied");
  });

  it("a role without an External ID condition accepts a call without one (the confused-deputy hole)", async () => {
    state.putRole({ roleArn: OPEN_ROLE, trustedAccountId: VENDOR });
    const out = await assume({ RoleArn: OPEN_ROLE, ExternalId: undefined });
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222233334444:assumed-role/no-condition/rolelink-test");
  });

  it("refuseAll refuses even the right External ID", async () => {
    state.refuseAll = true;
    expect((await errorOf(assume())).name).toBe("AccessDenied");
  });

  it("throttleNext answers Throttling (400) that many times, then works", async () => {
    state.throttleNext(2);
    expect(await errorOf(assume())).toMatchObject({ name: "Throttling", status: 400 });
    expect((await errorOf(assume())).name).toBe("Throttling");
    expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it.each([
    ["a session name with a space", { RoleSessionName: "bad name" }],
    ["a one-character session name", { RoleSessionName: "a" }],
    ["a 65-character session name", { RoleSessionName: "a".repeat(65) }],
    ["a SourceIdentity starting aws:", { SourceIdentity: "aws:admin" }],
    ["a one-character External ID", { ExternalId: "x" }],
    ["an External ID with a space", { ExternalId: "rl right" }],
    ["DurationSeconds under 900", { DurationSeconds: 899 }],
    ["DurationSeconds over the role's 3600", { DurationSeconds: 3601 }],
  ])("%s: ValidationError", async (_name, input) => {
    expect(await errorOf(assume(input))).toMatchObject({ name: "ValidationError", status: 400 });
  });

  it("deleting the role ends its sessions", async () => {
    const creds = (await assume()).Credentials!;
    const session = client({ accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! });
    await session.send(new GetCallerIdentityCommand({}));
    state.deleteRole(ROLE);
    expect((await errorOf(session.send(new GetCallerIdentityCommand({})))).name).toMatch(/^(ExpiredToken|InvalidClientTokenId)$/);
  });
});

describe("the wire format", () => {
  it("errors are STS's ErrorResponse XML with every text escaped", async () => {
    const roleArn = "arn:aws:iam::222233334444:role/<script>&";
    const body = new URLSearchParams({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: roleArn,
      RoleSessionName: "s1",
      ExternalId: "rl-right-0001",
    });
    const res = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `AWS4-HMAC-SHA256 Credential=${BASE_KEY}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>[^<>]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    expect(text).toContain("role/&#60;script&#62;&#38;</Message>");
  });
});
