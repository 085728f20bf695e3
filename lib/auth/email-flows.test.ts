/**
 * Sign-up, verification and password reset through the real server actions,
 * a real database and a real SMTP server (the local mail catcher). Next's
 * request plumbing (headers(), after()) is the only stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { startTestInbox } from "@/test/mail-inbox";
import { testSession } from "@/test/test-session";

const deliveries: Array<Promise<unknown>> = [];
let clientAddress = "203.0.113.10";
/** Cookies the actions set on their answer (the browser's jar). */
const cookieJar = new Map<string, string>();
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": clientAddress }),
  cookies: async () => ({ set: (name: string, value: string) => void cookieJar.set(name, value) }),
}));
vi.mock("next/server", () => ({ after: (task: () => Promise<unknown>) => void deliveries.push(task()) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const { signUp } = await import("@/app/(auth)/signup/actions");
const { requestReset } = await import("@/app/(auth)/forgot-password/actions");
const { completeReset } = await import("@/app/(auth)/reset-password/actions");
const { connectAccount } = await import("@/app/(customer)/connect/actions");
const { connectOrganization } = await import("@/app/(customer)/connect/organization/actions");
const { confirmEmail } = await import("@/app/(auth)/verify-email/actions");
const { authenticate } = await import("./authenticate");
const { createSession, lookupSession } = await import("./sessions");
const { hashPassword, verifyPassword } = await import("./password");

const inbox = await startTestInbox();
const STRONG = "correct horse battery staple";
const NEWER = "violet tractor sings at noon";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** Waits for the mails the actions sent after answering. */
async function delivered() {
  await Promise.all(deliveries.splice(0));
}

beforeAll(async () => {
  inbox.useForApp();
  await resetDb();
});
afterAll(() => inbox.stop());
beforeEach(async () => {
  await db.$executeRawUnsafe("TRUNCATE rate_limits");
  clientAddress = `203.0.113.${Math.floor(Math.random() * 200)}`;
});

describe("sign-up", () => {
  it("answers the same for a new and an existing email; the owner gets a note, the newcomer a verification link", async () => {
    const owner = await db.user.create({
      data: { email: "owner@example.test", passwordHash: await hashPassword(STRONG), emailVerifiedAt: new Date() },
    });
    const fresh = await signUp({ ok: false }, form({ email: "newcomer@example.test", password: STRONG }));
    const taken = await signUp({ ok: false }, form({ email: "Owner@example.test", password: "another long passphrase here" }));
    await delivered();
    expect(fresh).toEqual({ ok: true, email: "newcomer@example.test" });
    expect(taken).toEqual({ ok: true, email: "owner@example.test" });

    // The existing account is untouched: same password, still one row.
    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(await verifyPassword(after.passwordHash, STRONG)).toBe(true);
    expect(await db.user.count({ where: { email: "owner@example.test" } })).toBe(1);

    const [note] = await inbox.mailsTo("owner@example.test");
    expect(note?.subject).toBe("Someone tried to create a rolelink account with your email");
    expect(note?.text).toContain("http://localhost:3000/forgot-password");
    expect(note?.text).not.toMatch(/#token=/);
    const [welcome] = await inbox.mailsTo("newcomer@example.test");
    expect(welcome?.subject).toBe("Confirm your email for rolelink");
    expect(welcome?.text).toMatch(/http:\/\/localhost:3000\/verify-email#token=[A-Za-z0-9_-]{43}/);
  });

  it("an unverified customer cannot create launch links until the emailed link is opened", async () => {
    await signUp({ ok: false }, form({ email: "unverified@example.test", password: STRONG }));
    await delivered();
    const user = await db.user.findUniqueOrThrow({ where: { email: "unverified@example.test" } });
    expect(user.emailVerifiedAt).toBeNull();
    testSession.user = { id: user.id, email: user.email, role: "customer" };
    const refused = await connectAccount({ ok: false }, form({ accountId: "123456789012", region: "us-east-1" }));
    expect(refused.message).toMatch(/^Confirm your email address before creating launch links/);
    expect(await db.connection.count({ where: { ownerId: user.id } })).toBe(0);
    // Nor an organization link: the same rule on the other launch form.
    const organization = await connectOrganization(
      { ok: false },
      form({ managementAccountId: "123456789012", region: "us-east-1", scope: "root", rootId: "r-ab12", ouIds: "", callAs: "SELF" }),
    );
    expect(organization.message).toMatch(/^Confirm your email address before creating launch links/);
    expect(await db.organizationLink.count({ where: { ownerId: user.id } })).toBe(0);

    const [mail] = await inbox.mailsTo("unverified@example.test");
    expect(await confirmEmail("not-a-token")).toEqual({ kind: "invalid" });
    expect(await confirmEmail(inbox.tokenIn(mail!))).toEqual({ kind: "verified" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date);
    // Opening the same link again says so instead of "invalid"; the token row stays used.
    expect(await confirmEmail(inbox.tokenIn(mail!))).toEqual({ kind: "verified" });
    testSession.user = null;
  });

  it("sends at most 5 mails an hour to one address, however often the form is sent", async () => {
    await db.user.create({ data: { email: "bombed@example.test", passwordHash: "x", emailVerifiedAt: new Date() } });
    for (let i = 0; i < 7; i++) {
      expect(await signUp({ ok: false }, form({ email: "bombed@example.test", password: STRONG }))).toEqual({
        ok: true,
        email: "bombed@example.test",
      });
    }
    await delivered();
    expect(await inbox.mailsTo("bombed@example.test")).toHaveLength(5);
  });
});

it("the first admin, from ADMIN_EMAIL, counts as verified", async () => {
  const { ensureFirstAdmin } = await import("./bootstrap-admin");
  const { isEmailVerified } = await import("./email-verification");
  await db.user.deleteMany({ where: { role: "admin" } });
  await ensureFirstAdmin({ NODE_ENV: "test", ADMIN_EMAIL: "operator@example.test", ADMIN_PASSWORD: STRONG });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "operator@example.test" } });
  expect(admin.emailVerifiedAt).toBeInstanceOf(Date);
  expect(await isEmailVerified(admin.id)).toBe(true);
});

describe("password reset", () => {
  it("answers the same whether or not the email has an account, and mails only a real owner", async () => {
    await db.user.create({ data: { email: "has-account@example.test", passwordHash: "x" } });
    const known = await requestReset({ ok: false }, form({ email: "has-account@example.test" }));
    const unknown = await requestReset({ ok: false }, form({ email: "nobody@example.test" }));
    await delivered();
    expect(known).toEqual({ ok: true, email: "has-account@example.test" });
    expect(unknown).toEqual({ ok: true, email: "nobody@example.test" });
    expect((await inbox.mailsTo("has-account@example.test")).map((m) => m.subject)).toEqual(["Reset your rolelink password"]);
    expect(await inbox.mailsTo("nobody@example.test")).toEqual([]);
  });

  it("is limited per email the same way for existing and unknown emails (3 an hour)", async () => {
    await db.user.create({ data: { email: "limited@example.test", passwordHash: "x" } });
    for (const email of ["limited@example.test", "ghost@example.test"]) {
      for (let i = 0; i < 3; i++) expect((await requestReset({ ok: false }, form({ email }))).ok).toBe(true);
      const refused = await requestReset({ ok: false }, form({ email }));
      expect(refused).toEqual({
        ok: false,
        values: { email },
        message: expect.stringMatching(/^Too many reset requests\. Wait \d+ minutes and try again\.$/),
      });
    }
    await delivered();
  });

  it("sets the new password, ends every session, keeps the second factor, and lets a locked-out admin back in", async () => {
    const admin = await db.user.create({
      data: { email: "locked-admin@example.test", passwordHash: await hashPassword(STRONG), role: "admin", mfaEnabled: true },
    });
    const oldSession = await createSession(admin.id);
    // Someone else's guesses lock the email: even the right password is refused now.
    for (let i = 0; i < 5; i++)
      await authenticate({ email: admin.email, password: `wrong guess ${i}` }, { ip: "198.51.100.7" }).catch(() => {});
    await expect(authenticate({ email: admin.email, password: STRONG }, { ip: "198.51.100.8" })).rejects.toThrow(
      /^Too many failed sign-ins for this email/,
    );

    await requestReset({ ok: false }, form({ email: admin.email }));
    await delivered();
    const token = inbox.tokenIn((await inbox.mailsTo(admin.email)).at(-1)!);

    // A refused password does not use the link up.
    const weak = await completeReset({ ok: false }, form({ token, password: "aaaaaaaaaaaa" }));
    expect(weak.ok).toBe(false);
    expect(weak.fieldErrors?.password).toBeTruthy();
    expect(await completeReset({ ok: false }, form({ token, password: NEWER }))).toEqual({ ok: true, email: admin.email });
    expect(await completeReset({ ok: false }, form({ token, password: NEWER }))).toEqual({ ok: false, invalidLink: true });

    expect(await lookupSession(oldSession)).toEqual({ kind: "ended", reason: "password-change" });
    await expect(authenticate({ email: admin.email, password: STRONG }, { ip: "198.51.100.9" })).rejects.toThrow(
      /^That email and password do not match/,
    );
    const signedIn = await authenticate({ email: admin.email, password: NEWER }, { ip: "198.51.100.9" });
    expect(signedIn.id).toBe(admin.id);

    // The guesser locks the email again; the browser that made the reset is a known device and still gets in.
    for (let i = 0; i < 5; i++)
      await authenticate({ email: admin.email, password: `wrong guess ${i}` }, { ip: "198.51.100.7" }).catch(() => {});
    await expect(authenticate({ email: admin.email, password: NEWER }, { ip: "198.51.100.8" })).rejects.toThrow(/^Too many failed/);
    const deviceToken = cookieJar.get("rolelink-device");
    expect(deviceToken).toMatch(/^v1\./);
    await expect(authenticate({ email: admin.email, password: NEWER }, { ip: "198.51.100.9", deviceToken })).resolves.toMatchObject({
      id: admin.id,
    });
    // The reset did not switch the second factor off: the new session still owes it.
    const next = await lookupSession(await createSession(admin.id));
    expect(next.kind === "active" && next.session.secondFactor).toBe("pending");
  });

  it("refuses a made-up or expired link", async () => {
    const user = await db.user.create({ data: { email: "expired@example.test", passwordHash: "x" } });
    const { issueEmailToken } = await import("./email-tokens");
    const old = await issueEmailToken(user.id, "reset_password", { now: new Date(Date.now() - 31 * 60 * 1000) });
    expect(await completeReset({ ok: false }, form({ token: old, password: NEWER }))).toEqual({ ok: false, invalidLink: true });
    expect(await completeReset({ ok: false }, form({ token: "A".repeat(43), password: NEWER }))).toEqual({ ok: false, invalidLink: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe("x");
  });
});
