import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import type { ProveAccessInput, proveAccess } from "@/lib/aws/assume-role";
import { verifyConnection } from "./verify-connection";

const ADMIN = { kind: "admin" as const, id: "5f0c1d2e-0000-4000-8000-000000000001", email: "Ops Person+1@rolelink.test" };
const ROLE = "arn:aws:iam::222222222222:role/rolelink-test";
const EXPIRES = new Date("2026-11-21T12:15:00.000Z");

async function connection(status: "connected" | "broken" | "pending") {
  const owner = await db.user.create({ data: { email: `c-${Math.random()}@example.test`, passwordHash: "x" } });
  return db.connection.create({
    data: {
      ownerId: owner.id,
      accountId: "222222222222",
      region: "us-east-1",
      externalId: `ext-${Math.random()}`,
      status,
      roleArn: status === "pending" ? null : ROLE,
    },
  });
}

function prover(result: Awaited<ReturnType<typeof proveAccess>>) {
  const calls: ProveAccessInput[] = [];
  return { calls, prove: async (input: ProveAccessInput) => (calls.push(input), result) };
}

async function events(connectionId: string) {
  return db.event.findMany({ where: { connectionId }, orderBy: { id: "asc" }, select: { kind: true, actor: true, detail: true } });
}

describe("verifying one connection", () => {
  beforeEach(resetDb);

  it("assumes the role as the admin (SourceIdentity, session name, 900 s) and records who and what was proven", async () => {
    const c = await connection("connected");
    const fake = prover({
      ok: true,
      assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/rolelink-test/s",
      accountId: "222222222222",
      expiresAt: EXPIRES,
    });
    const outcome = await verifyConnection(
      { connectionId: c.id, actor: ADMIN, reason: "admin" },
      { prove: fake.prove, now: () => new Date("2026-11-21T12:00:00Z") },
    );

    expect(outcome).toEqual({
      ok: true,
      assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/rolelink-test/s",
      accountId: "222222222222",
      expiresAt: EXPIRES,
    });
    expect(fake.calls).toEqual([
      {
        roleArn: ROLE,
        externalId: c.externalId,
        expectedAccountId: "222222222222",
        sessionName: "rolelink-5f0c1d2e-1795262400",
        sourceIdentity: "rolelink-Ops-Person+1@rolelink.test",
        durationSeconds: 900,
      },
    ]);
    const after = await db.connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({
      status: "connected",
      lastVerifyOk: true,
      lastError: null,
      lastVerifiedAt: new Date("2026-11-21T12:00:00Z"),
    });
    expect(await events(c.id)).toEqual([
      {
        kind: "verify.succeeded",
        actor: `admin:${ADMIN.id}`,
        detail: {
          by: ADMIN.email,
          reason: "admin",
          roleArn: ROLE,
          outcome: "ok",
          assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/rolelink-test/s",
          expiresAt: EXPIRES.toISOString(),
        },
      },
    ]);
  });

  it("marks a connected account broken with the reason in words when AWS refuses", async () => {
    const c = await connection("connected");
    const fake = prover({ ok: false, code: "access_denied", message: "AccessDenied from STS" });
    const outcome = await verifyConnection({ connectionId: c.id, actor: ADMIN, reason: "admin" }, { prove: fake.prove });
    expect(outcome).toMatchObject({
      ok: false,
      code: "access_denied",
      message: expect.stringMatching(/role may have been deleted, its trust policy changed, or the External ID/),
    });
    const after = await db.connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.status).toBe("broken");
    expect(after.lastVerifyOk).toBe(false);
    expect(after.lastError).toMatch(/AccessDenied/);
    const log = await events(c.id);
    expect(log.map((e) => e.kind)).toEqual(["verify.failed", "connection.broken"]);
    expect(log[0]!.detail).toMatchObject({ by: ADMIN.email, reason: "admin", outcome: "failed", code: "access_denied" });
  });

  it("does not call a role broken because STS throttled or the network failed", async () => {
    for (const code of ["throttled", "network"] as const) {
      const c = await connection("connected");
      const outcome = await verifyConnection(
        { connectionId: c.id, actor: { kind: "system" }, reason: "schedule" },
        { prove: prover({ ok: false, code, message: "x" }).prove },
      );
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.message).toMatch(code === "throttled" ? /throttled/ : /could not reach AWS STS/);
      expect((await db.connection.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("connected");
      expect((await events(c.id)).map((e) => [e.kind, e.actor])).toEqual([["verify.failed", "system"]]);
    }
  });

  it("brings a broken connection back when the role works again", async () => {
    const c = await connection("broken");
    await verifyConnection(
      { connectionId: c.id, actor: ADMIN, reason: "admin" },
      { prove: prover({ ok: true, assumedRoleArn: "arn:x", accountId: "222222222222", expiresAt: EXPIRES }).prove },
    );
    expect((await db.connection.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("connected");
    expect((await events(c.id)).map((e) => e.kind)).toEqual(["verify.succeeded", "connection.connected"]);
  });

  it("refuses to call AWS for a link that has no role yet", async () => {
    const c = await connection("pending");
    const fake = prover({ ok: true, assumedRoleArn: "arn:x", accountId: "222222222222", expiresAt: EXPIRES });
    expect(await verifyConnection({ connectionId: c.id, actor: ADMIN, reason: "admin" }, { prove: fake.prove })).toMatchObject({
      ok: false,
      code: "not_verifiable",
    });
    expect(fake.calls).toEqual([]);
  });
});
