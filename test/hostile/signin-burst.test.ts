/**
 * A burst of 100 parallel password guesses at one real email, from 100
 * different addresses (so only the per-email limit can bind): exactly the
 * limit (5) are checked against the password, the other 95 are refused before
 * argon2 runs. A checked guess is a refusal without Retry-After (401); a guess
 * that was never checked carries Retry-After (429).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { authenticate, SignInError } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { RULES } from "@/lib/limits/rules";

const email = "burst-target@example.test";

beforeAll(async () => {
  await resetDb();
  await db.user.create({ data: { email, passwordHash: await hashPassword("the real password, never guessed") } });
});
afterAll(() => db.$disconnect());

it("100 parallel guesses at one email: exactly the limit are checked, the rest refused before argon2", async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      try {
        await authenticate({ email, password: `guess number ${i}` }, { ip: `198.51.100.${i + 1}` });
        return "signed-in";
      } catch (error) {
        if (!(error instanceof SignInError)) return `crash: ${String(error)}`;
        return error.retryAfterSeconds === undefined
          ? "checked"
          : error.message.startsWith("Too many failed sign-ins for this email")
            ? "refused:email"
            : `refused:other ${error.message}`;
      }
    }),
  );
  const count = (kind: string) => outcomes.filter((o) => o === kind).length;
  expect(RULES["signin:email"].points).toBe(5);
  expect(count("checked")).toBe(RULES["signin:email"].points);
  expect(count("refused:email")).toBe(100 - RULES["signin:email"].points);
  // And the owner is locked out for the window too (the limit holds for the right password), with a time to wait.
  await expect(authenticate({ email, password: "the real password, never guessed" }, { ip: "203.0.113.9" })).rejects.toMatchObject({
    retryAfterSeconds: expect.any(Number),
  });
});
