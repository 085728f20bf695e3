/** Limits in PostgreSQL: what an attempt counts, and what a refusal does not. */
import { beforeEach, describe, expect, it } from "vitest";
import { resetDb } from "@/test/db";
import { RULES } from "./rules";
import { refund, reserve } from "./limiter";

const EMAIL = "limit@example.test";
const LIMIT = RULES["signin:email"].points;
const attempt = () => reserve([["signin:email", EMAIL]]);

describe("reserve", () => {
  beforeEach(resetDb);

  it("allows exactly the limit, then refuses with a Retry-After", async () => {
    for (let i = 0; i < LIMIT; i++) expect((await attempt()).kind).toBe("allowed");
    const refused = await attempt();
    expect(refused).toMatchObject({ kind: "limited", rule: "signin:email" });
    if (refused.kind === "limited") expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("a refusal is not counted: attempts held and then given back leave room for exactly the limit", async () => {
    // LIMIT attempts hold their points (queued password checks), and 20 more are refused meanwhile.
    for (let i = 0; i < LIMIT; i++) expect((await attempt()).kind).toBe("allowed");
    const refusals = await Promise.all(Array.from({ length: 20 }, attempt));
    expect(refusals.every((r) => r.kind === "limited")).toBe(true);
    // The server was too busy to check them: every held attempt is given back.
    for (let i = 0; i < LIMIT; i++) await refund("signin:email", EMAIL);
    // So exactly the limit can still be checked, and no more.
    for (let i = 0; i < LIMIT; i++) expect((await attempt()).kind, `attempt ${i + 1}`).toBe("allowed");
    expect((await attempt()).kind).toBe("limited");
  });

  it("a refusal by a broader key counts nowhere", async () => {
    const global = RULES["signin:global"].points;
    for (let i = 0; i < global; i++) await reserve([["signin:global", "all"]]);
    expect(
      await reserve([
        ["signin:global", "all"],
        ["signin:email", EMAIL],
      ]),
    ).toMatchObject({ kind: "limited", rule: "signin:global" });
    // The email was not counted: its whole limit is still there.
    for (let i = 0; i < LIMIT; i++) expect((await attempt()).kind).toBe("allowed");
    expect((await attempt()).kind).toBe("limited");
  });
});
