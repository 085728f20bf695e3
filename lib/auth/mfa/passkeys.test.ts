import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { SoftAuthenticator } from "@/test/webauthn-authenticator";
import { createSession, lookupSession } from "../sessions";
import { beginPasskeyAuthentication, beginPasskeyRegistration, finishPasskeyRegistration, listPasskeys, provePasskey } from "./passkeys";
import { removeFactor } from "./factors";
import { CHALLENGE_SECONDS } from "./webauthn-challenge";

async function newUser(role: "admin" | "customer" = "customer") {
  const user = await db.user.create({ data: { email: `p-${crypto.randomUUID()}@example.test`, passwordHash: "x", role } });
  return { user, sid: await createSession(user.id) };
}

async function registrationOptions(userId: string, sessionId: string, email = "a@example.test") {
  const begun = await beginPasskeyRegistration({ userId, sessionId, email });
  if (begun.kind !== "options") throw new Error(begun.kind);
  return begun.options;
}

async function enrol(role: "admin" | "customer" = "customer") {
  const { user, sid } = await newUser(role);
  const key = new SoftAuthenticator();
  const options = await registrationOptions(user.id, sid);
  const done = await finishPasskeyRegistration({ userId: user.id, sessionId: sid, name: "Laptop", response: key.register(options) });
  if (done.kind !== "enrolled") throw new Error(JSON.stringify(done));
  return { user, sid, key, done };
}

async function assertionFor(userId: string, sessionId: string) {
  const begun = await beginPasskeyAuthentication({ userId, sessionId });
  if (begun.kind !== "options") throw new Error(begun.kind);
  return begun.options;
}

describe("passkeys", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("registration: options name our RP (APP_URL's host), the answer is verified and stored; MFA turns on, other sessions end, recovery codes issued", async () => {
    const { user, sid } = await newUser();
    const elsewhere = await createSession(user.id);
    const options = await registrationOptions(user.id, sid);
    expect(options.rp).toEqual({ id: "localhost", name: "rolelink" });
    const key = new SoftAuthenticator();
    const done = await finishPasskeyRegistration({ userId: user.id, sessionId: sid, name: " Laptop ", response: key.register(options) });
    expect(done).toMatchObject({ kind: "enrolled", passkeyId: key.id });
    if (done.kind === "enrolled") expect(done.recoveryCodes).toHaveLength(10);
    expect(await listPasskeys(user.id)).toEqual([expect.objectContaining({ id: key.id, name: "Laptop", lastUsedAt: null })]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnabled).toBe(true);
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "verified" } });
    expect(await lookupSession(elsewhere)).toEqual({ kind: "ended", reason: "mfa-change" });
  });

  it("registration refuses a wrong origin, a wrong RP ID, a foreign challenge, a reused challenge and an expired one", async () => {
    const { user, sid } = await newUser();
    const key = new SoftAuthenticator();
    const finish = (response: unknown) => finishPasskeyRegistration({ userId: user.id, sessionId: sid, name: "Key", response });
    let options = await registrationOptions(user.id, sid);
    expect(await finish(key.register(options, { origin: "https://evil.example" }))).toEqual({ kind: "refused", reason: "not-verified" });
    options = await registrationOptions(user.id, sid);
    expect(await finish(key.register(options, { rpId: "evil.example" }))).toEqual({ kind: "refused", reason: "not-verified" });
    options = await registrationOptions(user.id, sid);
    expect(await finish(key.register(options, { challenge: "c29tZS1vdGhlci1jaGFsbGVuZ2U" }))).toEqual({
      kind: "refused",
      reason: "not-verified",
    });
    // The challenge was used up by that refusal: the right answer to it is refused now.
    expect(await finish(key.register(options))).toEqual({ kind: "refused", reason: "no-challenge" });
    options = await registrationOptions(user.id, sid);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + (CHALLENGE_SECONDS + 1) * 1000);
      expect(await finish(key.register(options))).toEqual({ kind: "refused", reason: "no-challenge" });
    } finally {
      vi.useRealTimers();
    }
    expect(await finish({ id: 42 })).toEqual({ kind: "refused", reason: "malformed" });
    expect(await finish("nonsense")).toEqual({ kind: "refused", reason: "malformed" });
    expect(await finishPasskeyRegistration({ userId: user.id, sessionId: sid, name: "", response: {} })).toMatchObject({
      kind: "invalid-name",
    });
    expect(await db.passkey.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnabled).toBe(false);
  });

  it("a challenge belongs to its session: another session cannot answer it", async () => {
    const { user, sid } = await newUser();
    const other = await createSession(user.id);
    const key = new SoftAuthenticator();
    const options = await registrationOptions(user.id, sid);
    expect(await finishPasskeyRegistration({ userId: user.id, sessionId: other, name: "Key", response: key.register(options) })).toEqual({
      kind: "refused",
      reason: "no-challenge",
    });
  });

  it("sign-in: a pending session is verified by a signed assertion, once per challenge; the counter moves", async () => {
    const { user, key } = await enrol();
    const sid = await createSession(user.id);
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "pending" } });
    const options = await assertionFor(user.id, sid);
    expect(options.rpId).toBe("localhost");
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: key.id })]);
    const answer = key.assert(options);
    expect(await provePasskey({ userId: user.id, sessionId: sid, response: answer })).toEqual({ kind: "verified" });
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "verified" } });
    expect((await db.passkey.findUniqueOrThrow({ where: { id: key.id } })).counter).toBe(1n);
    // Replaying the same assertion, in this or another session, is refused.
    const other = await createSession(user.id);
    expect(await provePasskey({ userId: user.id, sessionId: sid, response: answer })).toEqual({ kind: "wrong-code" });
    await assertionFor(user.id, other);
    expect(await provePasskey({ userId: user.id, sessionId: other, response: answer })).toEqual({ kind: "wrong-code" });
    expect(await lookupSession(other)).toMatchObject({ kind: "active", session: { secondFactor: "pending" } });
  });

  it("sign-in refuses another authenticator, another user's passkey, a wrong origin and garbage", async () => {
    const { user, key } = await enrol();
    const { user: mallory, key: malloryKey } = await enrol();
    const sid = await createSession(user.id);
    const prove = (response: unknown) => provePasskey({ userId: user.id, sessionId: sid, response });
    expect(await prove(new SoftAuthenticator().assert(await assertionFor(user.id, sid)))).toEqual({ kind: "wrong-code" });
    expect(await prove(malloryKey.assert(await assertionFor(user.id, sid)))).toEqual({ kind: "wrong-code" });
    expect(await prove(key.assert(await assertionFor(user.id, sid), { origin: "http://localhost:3001" }))).toEqual({ kind: "wrong-code" });
    expect(await prove(key.assert(await assertionFor(user.id, sid), { rpId: "example.com" }))).toEqual({ kind: "wrong-code" });
    await assertionFor(user.id, sid);
    expect(await prove({ response: null })).toEqual({ kind: "wrong-code" });
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "pending" } });
    expect(mallory.id).not.toBe(user.id);
  });

  it("removal needs a fresh step-up, ends other sessions, and never leaves an admin without a factor", async () => {
    const { user, sid, key } = await enrol("admin");
    const other = await createSession(user.id);
    const fresh = new Date();
    const remove = (secondFactorAt: Date | null) =>
      removeFactor({ userId: user.id, sessionId: sid, secondFactorAt, factor: { kind: "passkey", id: key.id } });
    expect(await remove(new Date(Date.now() - 11 * 60_000))).toEqual({ kind: "step-up" });
    expect(await remove(fresh)).toEqual({ kind: "last-admin-factor" });
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
    // A second passkey: now the first can go.
    const second = new SoftAuthenticator();
    await finishPasskeyRegistration({
      userId: user.id,
      sessionId: sid,
      name: "Phone",
      response: second.register(await registrationOptions(user.id, sid)),
    });
    const again = await createSession(user.id);
    expect(await remove(fresh)).toMatchObject({ kind: "removed", factorsLeft: 1 });
    expect(await lookupSession(again)).toEqual({ kind: "ended", reason: "mfa-change" });
    expect(await lookupSession(sid)).toMatchObject({ kind: "active" });
    expect(await lookupSession(other)).toMatchObject({ kind: "ended" });
    expect(await remove(fresh)).toEqual({ kind: "not-found" });
  });

  it("a customer removing their last factor turns MFA off; another user's passkey is not found", async () => {
    const { user, sid, key } = await enrol();
    const { user: other, key: otherKey } = await enrol();
    expect(
      await removeFactor({ userId: user.id, sessionId: sid, secondFactorAt: new Date(), factor: { kind: "passkey", id: otherKey.id } }),
    ).toEqual({ kind: "not-found" });
    expect(await db.passkey.count({ where: { userId: other.id } })).toBe(1);
    expect(
      await removeFactor({ userId: user.id, sessionId: sid, secondFactorAt: new Date(), factor: { kind: "passkey", id: key.id } }),
    ).toMatchObject({ kind: "removed", factorsLeft: 0 });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnabled).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});
