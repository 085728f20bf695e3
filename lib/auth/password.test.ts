/** Password hashing: argon2id at OWASP's parameters, through the gate. */
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("hashPassword and verifyPassword", () => {
  it("argon2id with 19 MiB, 2 iterations, 1 lane; the right password matches, any other does not", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
    // Two hashes of one password differ (a random salt each).
    expect(await hashPassword("correct horse battery staple")).not.toBe(hash);
  });

  it("a malformed stored hash matches nothing, and does not throw", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
    expect(await verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$broken", "anything")).toBe(false);
  });
});
