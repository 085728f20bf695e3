/**
 * Hostile form input to sign-up, sign-in and connect (the server side: the
 * real actions and authenticate()): very long, unicode, HTML and script
 * strings get a clear error and store nothing. What the browser renders is
 * checked by e2e/hostile-forms.spec.ts.
 */
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const HOSTILE = [
  "<script>alert(1)</script>",
  `"><img src=x onerror=alert(1)>@example.test`,
  "<svg/onload=alert(1)>@x.test",
  "javascript:alert(1)",
  "a".repeat(100_000),
  `${"a".repeat(250)}@example.test`,
  "ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｔｅｓｔ",
  "\u202Egnp.exe@example.test",
  "null\u0000byte@example.test",
  "'; DROP TABLE users; --",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "😀".repeat(5000),
  "\uD800",
  "  ",
  "",
];

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

async function counts() {
  const [users, connections, events, throttles] = await Promise.all([
    db.user.count(),
    db.connection.count(),
    db.event.count(),
    db.rateLimit.count({ where: { key: { startsWith: "signin:email:" } } }),
  ]);
  return { users, connections, events, throttles };
}

let customer: { id: string; email: string; role: "customer" };

beforeAll(async () => {
  process.env.SNS_PUBLISH_ACCESS = "open";
  await resetDb();
  const row = await db.user.create({ data: { email: "forms@example.test", passwordHash: "x" } });
  customer = { id: row.id, email: row.email, role: "customer" };
});

beforeEach(() => {
  testSession.user = null;
});

it("sign-up: hostile emails and passwords get a field error and create no account", async () => {
  const { signUp } = await import("@/app/(auth)/signup/actions");
  const before = await counts();
  for (const hostile of HOSTILE) {
    for (const fields of [
      { email: hostile, password: "correct horse battery staple" },
      { email: "ok@example.test", password: hostile.length >= 10 && hostile.length <= 128 ? "" : hostile },
    ]) {
      const state = await signUp({ ok: false }, form(fields));
      expect(state.ok, JSON.stringify(fields).slice(0, 80)).toBe(false);
      const message = state.fieldErrors?.email ?? state.fieldErrors?.password;
      expect(message).toMatch(
        /^(Enter a valid email address\.|Email is too long\.|Use at least \d+ characters\.|Use at most \d+ characters\.)$/,
      );
      // Never echoed in a message: the form shows our sentence; the email comes back only as the field's value (React escapes it).
      const messages = JSON.stringify({ message: state.message, fieldErrors: state.fieldErrors });
      expect(messages).not.toContain("<script>");
      expect(messages).not.toContain("onerror");
      expect(state.values?.email.length).toBeLessThanOrEqual(254);
    }
  }
  expect(await counts()).toEqual(before);
});

it("sign-in: hostile credentials get the one generic refusal and no session", async () => {
  const { authenticate, INVALID_CREDENTIALS } = await import("@/lib/auth/authenticate");
  const before = await counts();
  for (const hostile of HOSTILE) {
    for (const input of [
      { email: hostile, password: "x" },
      { email: "forms@example.test", password: hostile },
      { email: [hostile], password: { $ne: "" } },
    ]) {
      // The generic refusal, or (the real account, after 5 wrong passwords) the lockout: never anything about the input.
      await expect(authenticate(input)).rejects.toThrow(
        input.email === "forms@example.test"
          ? /^(That email and password do not match an account\.|Too many failed sign-ins for this email\. Wait \d+ (seconds|minutes) and try again\.)$/
          : INVALID_CREDENTIALS,
      );
    }
  }
  const after = await counts();
  expect({ ...after, throttles: 0 }).toEqual({ ...before, throttles: 0 });
  // Only well-formed emails are counted (limits), never a row per hostile string; here, the one real account.
  expect(after.throttles).toBeLessThanOrEqual(1);
});

it("connect: hostile account IDs and regions get a field error, store nothing, and are echoed only as plain values", async () => {
  const { connectAccount } = await import("@/app/(customer)/connect/actions");
  testSession.user = customer;
  const before = await counts();
  for (const hostile of HOSTILE) {
    const bad = await connectAccount({ ok: false }, form({ accountId: hostile, region: "us-east-1" }));
    expect(bad.ok).toBe(false);
    expect(bad.fieldErrors?.accountId).toMatch(/^An AWS account ID has exactly 12 digits/);
    // Cut to 64 characters before anything else looks at it; React escapes it when it fills the input again.
    expect(bad.values?.accountId.length).toBeLessThanOrEqual(64);
    const region = await connectAccount({ ok: false }, form({ accountId: "123456789012", region: hostile }));
    expect(region.fieldErrors?.region).toBe("Choose one of the supported regions.");
  }
  expect(await counts()).toEqual(before);
});

it("server actions called with a JSON argument instead of a form are refused with a message, not a crash", async () => {
  const { signUp } = await import("@/app/(auth)/signup/actions");
  const { proveFactor } = await import("@/app/(auth)/signin/mfa/actions");
  const { changeMyPassword, revokeSession } = await import("@/app/(customer)/account/security/actions");
  const { confirmTotp } = await import("@/app/(customer)/account/mfa/actions");
  testSession.user = customer;
  const before = await counts();
  for (const shape of [{}, { email: "x@example.test", password: "correct horse battery staple" }, "text", 42, null, [1, 2]]) {
    for (const action of [signUp, proveFactor, changeMyPassword, revokeSession, confirmTotp] as Array<
      (prev: { ok: boolean }, form: unknown) => Promise<{ ok: boolean; message?: string }>
    >) {
      const state = await action({ ok: false }, shape);
      expect(state).toEqual({ ok: false, message: "That request was not understood. Reload the page and try again." });
    }
  }
  expect(await counts()).toEqual(before);
});

it("every form action, customer's and admin's, refuses a non-form argument with the same message and changes nothing", async () => {
  const modules = await Promise.all([
    import("@/app/(customer)/connect/actions"),
    import("@/app/(customer)/account/mfa/actions"),
    import("@/app/(customer)/account/mfa/passkey-actions"),
    import("@/app/(customer)/account/security/actions"),
    import("@/app/admin/actions"),
    import("@/app/admin/api-keys/actions"),
    import("@/app/admin/webhooks/actions"),
  ]);
  const [connect, mfa, passkeys, security, admin, apiKeys, webhooks] = modules;
  const actions = {
    connectAccount: connect.connectAccount,
    startTotp: mfa.startTotp,
    newRecoveryCodes: mfa.newRecoveryCodes,
    removeSecondFactor: passkeys.removeSecondFactor,
    signOutEverywhere: security.signOutEverywhere,
    verifyAccess: admin.verifyAccess,
    verifyAll: admin.verifyAll,
    signOutCustomerEverywhere: admin.signOutCustomerEverywhere,
    createKey: apiKeys.createKey,
    revokeKey: apiKeys.revokeKey,
    createWebhookEndpoint: webhooks.createWebhookEndpoint,
    toggleWebhookEndpoint: webhooks.toggleWebhookEndpoint,
    rotateWebhookSecret: webhooks.rotateWebhookSecret,
    deleteWebhookEndpoint: webhooks.deleteWebhookEndpoint,
    resendWebhookDelivery: webhooks.resendWebhookDelivery,
  } as unknown as Record<string, (prev: { ok: boolean }, form: unknown) => Promise<{ ok: boolean; message?: string }>>;
  const before = await counts();
  for (const user of [customer, { ...customer, role: "admin" as const }]) {
    testSession.user = user;
    for (const shape of [{}, { connectionId: crypto.randomUUID() }, "text", 42, null, [1, 2], { get: "x" }]) {
      for (const [name, action] of Object.entries(actions)) {
        expect(await action({ ok: false }, shape), name).toEqual({
          ok: false,
          message: "That request was not understood. Reload the page and try again.",
        });
      }
    }
  }
  expect(await counts()).toEqual(before);
});

it("actions bound to a plain value (start over, cancel link, passkey answers) parse it: a wrong shape is a clear refusal, never a crash", async () => {
  const { startOver, cancelLink } = await import("@/app/(customer)/connect/actions");
  const { addPasskey } = await import("@/app/(customer)/account/mfa/passkey-actions");
  const { provePasskeyFactor } = await import("@/app/(auth)/signin/mfa/passkey-actions");
  testSession.user = customer;
  const before = await counts();
  for (const shape of [{}, "not-a-uuid", 42, null, [crypto.randomUUID()], { connectionId: crypto.randomUUID() }, "a".repeat(100_000)]) {
    expect(await startOver(shape)).toEqual({ ok: false, message: "That connection was not found." });
    expect(await cancelLink(shape)).toEqual({ ok: false, message: "That connection was not found." });
  }
  for (const shape of ["text", 42, null, [1, 2]]) {
    expect(await addPasskey(shape)).toEqual({ ok: false, message: "That request was not understood. Reload the page and try again." });
    expect(await provePasskeyFactor(shape)).toEqual({
      ok: false,
      message: "That request was not understood. Reload the page and try again.",
    });
  }
  // The right outer shape with a forged inside is refused by the verifier's schema, not thrown.
  expect(await addPasskey({ name: "Key", response: { id: "<script>", response: null } })).toMatchObject({
    ok: false,
    message: "The passkey could not be verified. Try again.",
  });
  expect(await provePasskeyFactor({ response: { id: 1 }, callbackUrl: ["x"] })).toEqual({
    ok: false,
    message: "That request was not understood. Reload the page and try again.",
  });
  expect(await counts()).toEqual(before);
});
