import { describe, expect, it } from "vitest";
import { signUpSchema, newPasswordSchema } from "./schemas";

const reason = (input: unknown) => {
  const parsed = signUpSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message).join(" | ");
};

describe("password policy", () => {
  it.each(["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "123456789012", "Password123!"])("refuses %j with the reason", (password) => {
    expect(reason({ email: "ada@example.test", password })).toMatch(/too easy to guess/);
  });

  it("refuses fewer than 12 characters", () => {
    expect(reason({ email: "ada@example.test", password: "aaaaaaaaaa" })).toBe("Use at least 12 characters.");
  });

  it("counts the user's own email as guessable", () => {
    expect(reason({ email: "lovelace.analytical@example.test", password: "lovelaceanalytical" })).toMatch(/too easy to guess/);
  });

  it("accepts a long passphrase", () => {
    expect(reason({ email: "ada@example.test", password: "correct horse battery staple" })).toBeNull();
    expect(newPasswordSchema.safeParse("plum vortex quietly 77 lanterns").success).toBe(true);
  });
});
