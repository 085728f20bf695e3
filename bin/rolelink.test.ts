/**
 * The CLI end to end: a real HTTP call to the credentials route (sandbox STS on
 * loopback), and its output read by the AWS SDK's own credential_process provider.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fromProcess } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { newApiKey } from "@/test/api-client";
import { startStsServer, VENDOR_ACCOUNT } from "@/test/sts-server";
import { startRouteServer } from "@/test/route-server";
import { credentialProcessProfile } from "@/lib/admin/aws-config-profile";
import { POST as issue } from "@/app/api/v1/connections/[id]/credentials/route";

const run = promisify(execFile);
const CLI = path.resolve("bin/rolelink.mjs");
const ROLE = "arn:aws:iam::222222222222:role/rolelink-cli";

let sts: Awaited<ReturnType<typeof startStsServer>>;
let app: Awaited<ReturnType<typeof startRouteServer>>;
let dir = "";
let connectionId = "";
const saved = { ...process.env };

beforeAll(async () => {
  await resetDb();
  sts = await startStsServer();
  app = await startRouteServer([{ method: "POST", path: "/api/v1/connections/:id/credentials", handler: issue as never }]);
  sts.sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR_ACCOUNT, externalId: "ext-cli-0001" });
  const owner = await db.user.create({ data: { email: "cli@example.test", passwordHash: "x" } });
  connectionId = (
    await db.connection.create({
      data: {
        ownerId: owner.id,
        accountId: "222222222222",
        region: "eu-west-1",
        externalId: "ext-cli-0001",
        status: "connected",
        roleArn: ROLE,
      },
    })
  ).id;
  dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-cli-"));
});

afterAll(async () => {
  process.env = saved;
  await app.stop();
  await sts.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("rolelink credentials (credential_process)", () => {
  it("prints credential_process JSON that the AWS SDK's fromProcess accepts, from a profile without any External ID", async () => {
    const { key } = await newApiKey(["credentials:issue"]);
    // The profile the admin page shows, pointed at this checkout's CLI.
    const profile = credentialProcessProfile({
      accountId: "222222222222",
      region: "eu-west-1",
      connectionId,
      appUrl: app.origin,
      command: `node ${CLI}`,
    });
    expect(profile).not.toMatch(/external_id|ext-cli-0001/);
    const config = path.join(dir, "config");
    writeFileSync(config, profile);
    Object.assign(process.env, {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"),
      ROLELINK_API_KEY: key,
    });
    const credentials = await fromProcess({ profile: "rolelink-222222222222" })();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(sts.sts.findSession(credentials.accessKeyId)?.roleArn).toBe(ROLE);
    expect(credentials.sessionToken).toBeTruthy();
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it("prints exactly the credential_process fields on stdout", async () => {
    const { key } = await newApiKey(["credentials:issue"]);
    const { stdout } = await run("node", [CLI, "credentials", "--connection", connectionId, "--url", app.origin, "--duration", "1200"], {
      env: { ...process.env, ROLELINK_API_KEY: key },
    });
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(["AccessKeyId", "Expiration", "SecretAccessKey", "SessionToken", "Version"]);
    expect(parsed.Version).toBe(1);
  });

  it("fails with the API's message, and prints nothing on stdout, for a key without the scope", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const result = await run("node", [CLI, "credentials", "--connection", connectionId, "--url", app.origin], {
      env: { ...process.env, ROLELINK_API_KEY: key },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect((result as { stderr: string }).stderr).toMatch(/403 forbidden: .*credentials:issue/);
  });
});
