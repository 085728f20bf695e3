/** The rollout view's merge: what the customer sees for each account, and N of M. */
import { describe, expect, it } from "vitest";
import { mergeRollout } from "./rollout";

const created = new Date("2026-12-01T00:00:00Z");
const account = (id: string, joinedAt = new Date("2020-01-01T00:00:00Z")) => ({
  id,
  name: `n-${id}`,
  status: "ACTIVE",
  parentId: "ou-ab12-abcdefgh",
  joinedAt,
});
const member = (accountId: string, status: "connected" | "failed" | "disconnected" | "pending", lastError: string | null = null) => ({
  id: `c-${accountId}`,
  accountId,
  status,
  lastError,
  diagnosis: null,
});

describe("mergeRollout", () => {
  it("counts the management account and every account under the targets, and says which have not reported", () => {
    const rollout = mergeRollout({
      managementAccountId: "100000000000",
      linkCreatedAt: created,
      members: [
        member("100000000000", "connected"),
        member("100000000001", "connected"),
        member("100000000002", "failed", "The role can be assumed without the External ID"),
      ],
      refused: [{ accountId: "100000000003", reason: "not under the targets" }],
      organizationAccounts: [
        account("100000000001"),
        account("100000000002"),
        account("100000000003"),
        account("100000000004", new Date("2026-12-02T00:00:00Z")),
      ],
    });
    expect(rollout).toMatchObject({ expected: 5, connected: 2 });
    expect(rollout.accounts.map((row) => [row.accountId, row.state])).toEqual([
      ["100000000000", "connected"],
      ["100000000001", "connected"],
      ["100000000002", "failed"],
      ["100000000003", "refused"],
      ["100000000004", "not_reported"],
    ]);
    expect(rollout.accounts.find((row) => row.accountId === "100000000004")).toMatchObject({ joinedLater: true });
    expect(rollout.accounts.find((row) => row.accountId === "100000000002")?.reason).toMatch(/External ID/);
  });

  it("hides refusals from accounts that are not the organization's, and keeps moved-out accounts only while live", () => {
    const rollout = mergeRollout({
      managementAccountId: "100000000000",
      linkCreatedAt: created,
      members: [member("100000000005", "disconnected"), member("100000000006", "connected")],
      refused: [{ accountId: "999999999999", reason: "not in the organization" }],
      organizationAccounts: [account("100000000001")],
    });
    expect(rollout.accounts.map((row) => [row.accountId, row.state])).toEqual([
      ["100000000000", "not_reported"],
      ["100000000001", "not_reported"],
      ["100000000005", "disconnected"],
      ["100000000006", "connected"],
    ]);
    expect(rollout.accounts.find((row) => row.accountId === "100000000005")).toMatchObject({ outsideTargets: true });
    expect(rollout.connected).toBe(0);
  });

  it("has no total while Organizations cannot be read", () => {
    expect(
      mergeRollout({ managementAccountId: "100000000000", linkCreatedAt: created, members: [], refused: [], organizationAccounts: null })
        .expected,
    ).toBeNull();
  });
});
