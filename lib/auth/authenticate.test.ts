import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { authenticate, INVALID_CREDENTIALS } from "./authenticate";
import { hashPassword } from "./password";

const email = "ada@example.com";
const password = "correct horse battery";

describe("authenticate (sign-in)", () => {
  beforeEach(async () => {
    await resetDb();
    await db.user.create({ data: { email, passwordHash: await hashPassword(password) } });
  });
  afterAll(() => db.$disconnect());

  it("returns the user's id, email and role for the right password", async () => {
    const user = await authenticate({ email: "  ADA@example.com ", password });
    expect(user).toMatchObject({ email, role: "customer" });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores an argon2id hash, never the password", async () => {
    const row = await db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await expect(authenticate({ email, password: "wrong password!" })).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(authenticate({ email: "nobody@example.com", password })).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("slows down repeated failures for an email with a clear message, even for the right password", async () => {
    for (let i = 0; i < 4; i++) await expect(authenticate({ email, password: "nope-nope-nope" })).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(authenticate({ email, password: "nope-nope-nope" })).rejects.toThrow(/Too many failed sign-ins for this email\. Wait 30 seconds/);
    await expect(authenticate({ email, password })).rejects.toThrow(/Too many failed sign-ins/);
    // Another email is not affected.
    await expect(authenticate({ email: "other@example.com", password })).rejects.toThrow(INVALID_CREDENTIALS);
  });

  it("clears the failure count after a successful sign-in", async () => {
    for (let i = 0; i < 3; i++) await expect(authenticate({ email, password: "nope-nope-nope" })).rejects.toThrow();
    await authenticate({ email, password });
    expect(await db.loginThrottle.count()).toBe(0);
  });
});
