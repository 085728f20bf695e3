import { Secret, TOTP } from "otpauth";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { adminNeeds } from "@/lib/auth/session";
import { createSession, lookupSession, type ActiveSession } from "../sessions";
import { beginTotpEnrolment } from "./totp";
import { confirmTotpEnrolment, proveSecondFactor } from "./second-factor";
import { seal, unseal } from "./seal";

const code = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at });

async function enrolled() {
  const user = await db.user.create({ data: { email: `a-${crypto.randomUUID()}@example.test`, passwordHash: "x", role: "admin" } });
  const sid = await createSession(user.id);
  const started = await beginTotpEnrolment(user.id, user.email);
  if (started.kind !== "started") throw new Error("not started");
  const done = await confirmTotpEnrolment({ userId: user.id, sessionId: sid, code: code(started.secret) });
  if (done.kind !== "enrolled") throw new Error("not enrolled");
  return { user, sid, secret: started.secret, recoveryCodes: done.recoveryCodes };
}

describe("second factor (TOTP + recovery codes)", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("enrolment: a QR code and a secret, confirmed only by a right code; the secret is stored sealed", async () => {
    const user = await db.user.create({ data: { email: "ada@example.test", passwordHash: "x" } });
    const sid = await createSession(user.id);
    const started = await beginTotpEnrolment(user.id, user.email);
    expect(started).toMatchObject({ kind: "started", uri: expect.stringMatching(/^otpauth:\/\/totp\/rolelink:ada%40example\.test\?/) });
    if (started.kind !== "started") return;
    expect(started.qrSvg).toMatch(/^<svg/);
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.secretSealed).not.toContain(started.secret);
    expect(unseal(row.secretSealed)).toBe(started.secret);
    expect(
      await confirmTotpEnrolment({ userId: user.id, sessionId: sid, code: "000000" === code(started.secret) ? "111111" : "000000" }),
    ).toEqual({ kind: "wrong-code" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnabled).toBe(false);
  });

  it("enrolling turns MFA on, verifies this session, ends the others and issues 10 hashed recovery codes", async () => {
    const user = await db.user.create({ data: { email: "ada@example.test", passwordHash: "x" } });
    const here = await createSession(user.id);
    const elsewhere = await createSession(user.id);
    const started = await beginTotpEnrolment(user.id, user.email);
    if (started.kind !== "started") throw new Error();
    const done = await confirmTotpEnrolment({ userId: user.id, sessionId: here, code: code(started.secret) });
    expect(done.kind).toBe("enrolled");
    if (done.kind !== "enrolled") return;
    expect(done.recoveryCodes).toHaveLength(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
    expect(stored.map((r) => r.codeHash).join()).not.toContain(done.recoveryCodes[0]!.replace("-", ""));
    expect(await lookupSession(here)).toMatchObject({ kind: "active", session: { secondFactor: "verified" } });
    expect(await lookupSession(elsewhere)).toEqual({ kind: "ended", reason: "mfa-change" });
    expect(await beginTotpEnrolment(user.id, user.email)).toEqual({ kind: "already-enrolled" });
  });

  it("a new sign-in is pending until a code is proven; a code is never accepted twice", async () => {
    const { user, secret } = await enrolled();
    const sid = await createSession(user.id);
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "pending" } });
    // The code used for enrolment (this 30-second step) cannot be replayed.
    expect(await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: code(secret) })).toEqual({
      kind: "wrong-code",
    });
    expect(await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: "12345" })).toEqual({ kind: "wrong-code" });
    // The next step's code (clock drift of one step is allowed) works, once.
    const next = code(secret, Date.now() + 30_000);
    expect(await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: next })).toEqual({ kind: "verified" });
    expect(await lookupSession(sid)).toMatchObject({ kind: "active", session: { secondFactor: "verified" } });
    const other = await createSession(user.id);
    expect(await proveSecondFactor({ userId: user.id, sessionId: other, method: "totp", code: next })).toEqual({ kind: "wrong-code" });
  });

  it("a recovery code works exactly once", async () => {
    const { user, recoveryCodes } = await enrolled();
    const first = await createSession(user.id);
    const second = await createSession(user.id);
    const recovery = recoveryCodes[3]!.toUpperCase();
    expect(await proveSecondFactor({ userId: user.id, sessionId: first, method: "recovery", code: recovery })).toEqual({
      kind: "verified",
    });
    expect(await proveSecondFactor({ userId: user.id, sessionId: second, method: "recovery", code: recovery })).toEqual({
      kind: "wrong-code",
    });
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });

  it("guessing codes is limited per user", async () => {
    const { user, secret } = await enrolled();
    const sid = await createSession(user.id);
    const right = code(secret, Date.now() + 30_000);
    const wrong = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 10; i++)
      expect((await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: wrong })).kind).toBe("wrong-code");
    expect(await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: right })).toMatchObject({ kind: "limited" });
  });

  it("right codes do not use up the limit: an admin who signs in often is never locked out", async () => {
    const { user, secret } = await enrolled();
    const start = Date.now();
    // Only the clock is faked: each sign-in is a new 30-second step, as a code is never accepted twice.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let i = 1; i <= 12; i++) {
        vi.setSystemTime(start + 30_000 * i);
        const sid = await createSession(user.id);
        const outcome = await proveSecondFactor({ userId: user.id, sessionId: sid, method: "totp", code: code(secret, Date.now()) });
        expect(outcome.kind, `sign-in ${i}`).toBe("verified");
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("admins need an enrolled factor, proven in this session within 12 hours", () => {
    const base: ActiveSession = {
      sessionId: "s",
      user: { id: "u", email: "a@x", role: "admin" },
      secondFactor: "none",
      secondFactorAt: null,
    };
    expect(adminNeeds(base)).toBe("enrol");
    expect(adminNeeds({ ...base, secondFactor: "pending" })).toBe("prove");
    expect(adminNeeds({ ...base, secondFactor: "verified", secondFactorAt: new Date() })).toBeNull();
    expect(adminNeeds({ ...base, secondFactor: "verified", secondFactorAt: new Date(Date.now() - 13 * 3600_000) })).toBe("prove");
  });

  it("sealed values cannot be altered", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP");
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = body!.startsWith("A") ? "B" + body!.slice(1) : "A" + body!.slice(1);
    expect(() => unseal([v, iv, tag, flipped].join("."))).toThrow();
  });
});

describe("operator reset of lost second factors", () => {
  beforeEach(resetDb);

  it("removes every factor and ends every session; the admin must enrol again", async () => {
    const { resetSecondFactors } = await import("./reset");
    const { user, sid } = await enrolled();
    expect(await resetSecondFactors(user.email.toUpperCase())).toEqual({ kind: "reset", endedSessions: 1 });
    expect(await lookupSession(sid)).toEqual({ kind: "ended", reason: "mfa-change" });
    const fresh = await createSession(user.id);
    const found = await lookupSession(fresh);
    expect(found).toMatchObject({ kind: "active", session: { secondFactor: "none" } });
    if (found.kind === "active") expect(adminNeeds(found.session)).toBe("enrol");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await resetSecondFactors("nobody@example.test")).toEqual({ kind: "no-user" });
  });
});
