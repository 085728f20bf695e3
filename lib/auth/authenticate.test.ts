import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { authenticate, INVALID_CREDENTIALS, SignInError } from "./authenticate";
import { hashPassword, passwordCheckQueueFull } from "./password";
import { issueDeviceToken } from "./device-cookie";

const email = "ada@example.com";
const password = "correct horse battery";
const here = { ip: "203.0.113.7" };

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "signed-in";
  } catch (error) {
    return error instanceof SignInError ? error.message : `crash: ${String(error)}`;
  }
}

describe("authenticate (sign-in)", () => {
  beforeEach(async () => {
    await resetDb();
    await db.user.create({ data: { email, passwordHash: await hashPassword(password) } });
  });
  afterAll(() => db.$disconnect());

  it("returns the user's id, email and role for the right password", async () => {
    const user = await authenticate({ email: "  ADA@example.com ", password }, here);
    expect(user).toMatchObject({ email, role: "customer" });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores an argon2id hash, never the password", async () => {
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await expect(authenticate({ email, password: "wrong password!" }, here)).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(authenticate({ email: "nobody@example.com", password }, here)).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("locks an email after 5 guesses with a clear message, even for the right password; other emails are not affected", async () => {
    for (let i = 0; i < 4; i++)
      await expect(authenticate({ email, password: "nope-nope-nope" }, here)).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(authenticate({ email, password: "nope-nope-nope" }, here)).rejects.toThrow(
      /Too many failed sign-ins for this email\. Wait 15 minutes/,
    );
    const locked = authenticate({ email, password }, here);
    await expect(locked).rejects.toThrow(/Too many failed sign-ins/);
    await expect(locked).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    await expect(authenticate({ email: "other@example.com", password }, here)).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("a burst of 30 parallel guesses at one email gets exactly 5 tries", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => outcome(authenticate({ email, password: "nope-nope-nope" }, here))));
    // 4 plain refusals, the 5th guess says the email is now locked, and 25 were refused before any password check.
    expect(results.filter((r) => r === INVALID_CREDENTIALS)).toHaveLength(4);
    expect(results.filter((r) => r.startsWith("Too many failed sign-ins for this email"))).toHaveLength(26);
    expect(results.filter((r) => r.startsWith("crash"))).toEqual([]);
  });

  it("failures decay: once the window has passed, the email may try again", async () => {
    for (let i = 0; i < 5; i++) await authenticate({ email, password: "nope-nope-nope" }, here).catch(() => {});
    await expect(authenticate({ email, password }, here)).rejects.toThrow(/Too many failed sign-ins/);
    // The window ends (as 15 minutes would end it).
    await db.$executeRaw`UPDATE rate_limits SET expire = ${Date.now() - 1} WHERE key LIKE 'signin:email:%'`;
    await expect(authenticate({ email, password }, here)).resolves.toMatchObject({ email });
  });

  it("the right password clears that email's failures", async () => {
    for (let i = 0; i < 3; i++) await expect(authenticate({ email, password: "nope-nope-nope" }, here)).rejects.toThrow();
    await authenticate({ email, password }, here);
    expect(await db.rateLimit.count({ where: { key: { startsWith: "signin:email:" } } })).toBe(0);
    for (let i = 0; i < 4; i++)
      await expect(authenticate({ email, password: "nope-nope-nope" }, here)).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("limits one network across many emails (per IP), without touching other networks", async () => {
    const results = [];
    for (let i = 0; i < 51; i++)
      results.push(await outcome(authenticate({ email: `guess${i}@example.com`, password: "nope-nope-nope" }, here)));
    expect(results.slice(0, 50).every((r) => r === INVALID_CREDENTIALS)).toBe(true);
    expect(results[50]).toMatch(/^Too many sign-in attempts from your network\. Wait \d+ minutes/);
    await expect(authenticate({ email, password }, { ip: "198.51.100.1" })).resolves.toMatchObject({ email });
  });

  it("successful sign-ins do not use up the network's tries: 60 colleagues behind one address, then a guesser still gets 50", async () => {
    const colleagues = Array.from({ length: 60 }, (_, i) => `colleague${i}@example.com`);
    const hash = await hashPassword(password);
    await db.user.createMany({ data: colleagues.map((address) => ({ email: address, passwordHash: hash })) });
    for (const address of colleagues)
      await expect(authenticate({ email: address, password }, here)).resolves.toMatchObject({ email: address });
    const results = [];
    for (let i = 0; i < 51; i++)
      results.push(await outcome(authenticate({ email: `guess${i}@example.com`, password: "nope-nope-nope" }, here)));
    expect(results.slice(0, 50).every((r) => r === INVALID_CREDENTIALS)).toBe(true);
    expect(results[50]).toMatch(/^Too many sign-in attempts from your network/);
  });

  describe("a browser the owner signed in from before (device cookie)", () => {
    /** The token this browser got at its last sign-in (issued under the account's current password). */
    const deviceOf = async () => (await authenticate({ email, password }, { ip: "192.0.2.1" })).deviceToken;

    it("still signs in while strangers' guesses keep the email locked, and leaves it locked for them", async () => {
      const device = await deviceOf();
      for (let i = 0; i < 7; i++) await authenticate({ email, password: "nope-nope-nope" }, { ip: "198.51.100.66" }).catch(() => {});
      await expect(authenticate({ email, password }, here)).rejects.toThrow(/Too many failed sign-ins/);
      await expect(authenticate({ email, password }, { ...here, deviceToken: device })).resolves.toMatchObject({ email });
      // The owner's sign-in cleared only the device's count: the guesser gets no fresh tries.
      await expect(authenticate({ email, password: "nope-nope-nope" }, { ip: "198.51.100.66" })).rejects.toThrow(/Too many failed/);
    });

    it("has its own 5 tries, which do not lock the email for others", async () => {
      const device = await deviceOf();
      const results = [];
      for (let i = 0; i < 6; i++)
        results.push(await outcome(authenticate({ email, password: "nope-nope-nope" }, { ...here, deviceToken: device })));
      expect(results.slice(0, 4).every((r) => r === INVALID_CREDENTIALS)).toBe(true);
      expect(results[4]).toMatch(/^Too many failed sign-ins for this email/);
      expect(results[5]).toMatch(/^Too many failed sign-ins for this email/);
      await expect(authenticate({ email, password }, { ...here, deviceToken: device })).rejects.toThrow(/Too many failed/);
      await expect(authenticate({ email, password }, here)).resolves.toMatchObject({ email });
    });

    it("counts for nothing when forged, tampered with, issued for another email, or issued under an older password", async () => {
      const genuine = await deviceOf();
      const [version, nonce, issued, mac] = genuine.split(".");
      const before = genuine;
      // The password changes: every token issued before it is revoked.
      await db.user.update({ where: { email }, data: { passwordHash: await hashPassword(password) } });
      for (let i = 0; i < 5; i++) await authenticate({ email, password: "nope-nope-nope" }, here).catch(() => {});
      const forged = [
        before,
        issueDeviceToken("other@example.com", "x"),
        `${version}.${nonce}x.${issued}.${mac}`,
        `${version}.${nonce}.${issued}.${mac!.slice(0, -2)}AA`,
        "v1.abc.def.ghi",
        "garbage",
      ];
      for (const deviceToken of forged)
        await expect(authenticate({ email, password }, { ...here, deviceToken })).rejects.toThrow(/Too many failed sign-ins/);
    });
  });

  it("stores no email or address in the limits table, only hashed keys", async () => {
    await authenticate({ email, password: "nope-nope-nope" }, here).catch(() => {});
    const keys = (await db.rateLimit.findMany({ select: { key: true } })).map((r) => r.key).join(" ");
    expect(keys).not.toContain("ada");
    expect(keys).not.toContain("203.0.113.7");
  });

  it("a full argon2 queue refuses at the door (429-style, Retry-After) without counting against any limit", async () => {
    await db.rateLimit.deleteMany();
    // One hash running and 16 waiting: the gate's queue is full.
    const filling = Array.from({ length: 17 }, (_, i) => hashPassword(`filler ${i}`));
    expect(passwordCheckQueueFull()).toBe(true);
    const refused = authenticate({ email, password }, here);
    await expect(refused).rejects.toThrow(/busy/);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 2 });
    expect(await db.rateLimit.count()).toBe(0);
    await Promise.allSettled(filling);
    expect(passwordCheckQueueFull()).toBe(false);
    await expect(authenticate({ email, password }, here)).resolves.toMatchObject({ email });
  });
});
