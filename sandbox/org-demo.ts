/** The demo organization `npm run sandbox` (and so `npm run dev`) starts with: 3 OUs, 25 member accounts. */
import type { Organization, SandboxOrganizations } from "./org-model";

export const DEMO_MANAGEMENT_ACCOUNT_ID = "900000000000";

export function seedDemoOrganization(organizations: SandboxOrganizations): Organization {
  const org = organizations.create({ managementAccountId: DEMO_MANAGEMENT_ACCOUNT_ID, name: "demo-management" });
  const units = ["Production", "Development", "Sandbox"].map((name) => organizations.createUnit(org.id, { parentId: org.rootId, name }));
  for (let i = 0; i < 25; i++) {
    const unit = units[i % units.length]!;
    organizations.addAccount(org.id, {
      id: String(900000000001 + i),
      name: `${unit.name.toLowerCase()}-${Math.floor(i / units.length) + 1}`,
      parentId: unit.id,
    });
  }
  return org;
}
