import { describe, expect, it } from "vitest";
import { DEMO_MANAGEMENT_ACCOUNT_ID, seedDemoOrganization } from "./org-demo";
import { createOrganizations } from "./org-model";

describe("the demo organization", () => {
  it("has 3 OUs under the root and 25 member accounts spread over them, plus the management account", () => {
    const organizations = createOrganizations();
    const org = seedDemoOrganization(organizations);
    expect([...org.units.values()].map((u) => [u.name, u.parentId])).toEqual([
      ["Production", org.rootId],
      ["Development", org.rootId],
      ["Sandbox", org.rootId],
    ]);
    expect(organizations.membersUnder(org, [org.rootId])).toHaveLength(25);
    expect(org.accounts.get(DEMO_MANAGEMENT_ACCOUNT_ID)?.parentId).toBe(org.rootId);
    for (const unit of org.units.values()) expect(organizations.membersUnder(org, [unit.id]).length).toBeGreaterThanOrEqual(8);
  });

  it("reports moves in and out of a part of the tree, for auto-deployment", () => {
    const organizations = createOrganizations();
    const org = seedDemoOrganization(organizations);
    const changes: unknown[] = [];
    organizations.onChange((change) => changes.push(change));
    const [production, development] = [...org.units.keys()];
    organizations.moveAccount(org.id, { accountId: "900000000001", destinationParentId: development! });
    organizations.removeAccount(org.id, "900000000002");
    expect(changes).toEqual([
      { organizationId: org.id, accountId: "900000000001", from: production, to: development },
      { organizationId: org.id, accountId: "900000000002", from: expect.any(String) },
    ]);
    expect(() => organizations.removeAccount(org.id, DEMO_MANAGEMENT_ACCOUNT_ID)).toThrow(/management account/);
  });
});
