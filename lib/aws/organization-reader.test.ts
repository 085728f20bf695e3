/**
 * checkMembership through the real AWS SDK against the sandbox: the management
 * role made by the organization template's stack reads the organization as
 * AWS would answer it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Organization } from "@/sandbox/org-model";
import { respondToCustomResource } from "@/sandbox/test-helpers";
import { startStackFixture, TOPIC, VENDOR, VENDOR_KEY, type StackFixture } from "@/sandbox/test-fixture";
import { checkMembership, type MembershipInput } from "./organization-reader";

const MANAGEMENT = "910000000000";
const ENV_KEYS = [
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_ORGANIZATIONS",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let fixture: StackFixture;
let org: Organization;
let target: string;
let nested: string;
let elsewhere: string;
let managementRole: string;
let memberRole: string;
let answering = true;
const seen = new Set<string>();

const input = (memberAccountId: string, overrides: Partial<MembershipInput> = {}): MembershipInput => ({
  roleArn: managementRole,
  externalId: "org-ext-reader",
  expectedAccountId: MANAGEMENT,
  sessionName: "rolelink-membership-test",
  sourceIdentity: "rolelink-membership",
  memberAccountId,
  targets: [target],
  ...overrides,
});
const fast = { deadlineMs: 0, baseDelayMs: 1 };

beforeAll(async () => {
  fixture = await startStackFixture();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: new URL("sts", fixture.sandbox.origin).toString(),
    AWS_ENDPOINT_URL_ORGANIZATIONS: new URL("organizations", fixture.sandbox.origin).toString(),
    AWS_ACCESS_KEY_ID: VENDOR_KEY,
    AWS_SECRET_ACCESS_KEY: "sandbox",
  });
  delete process.env.AWS_SESSION_TOKEN;
  void (async () => {
    while (answering) {
      for (const request of fixture.app.requests()) {
        if (seen.has(request.RequestId)) continue;
        seen.add(request.RequestId);
        void respondToCustomResource(request, "SUCCESS");
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const organizations = fixture.sandbox.state.organizations;
  org = organizations.create({ managementAccountId: MANAGEMENT });
  target = organizations.createUnit(org.id, { parentId: org.rootId, name: "Workloads" }).id;
  nested = organizations.createUnit(org.id, { parentId: target, name: "Prod" }).id;
  elsewhere = organizations.createUnit(org.id, { parentId: org.rootId, name: "Parked" }).id;
  organizations.addAccount(org.id, { id: "910000000001", name: "prod-1", parentId: nested });
  organizations.addAccount(org.id, { id: "910000000002", name: "parked-1", parentId: elsewhere });
  organizations.addAccount(organizations.create({ managementAccountId: "920000000000" }).id, { id: "920000000001", name: "other-org" });

  const created = await fixture.stacks.create({
    accountId: MANAGEMENT,
    stackName: "rolelink-org",
    templateUrl: fixture.sandbox.state.orgTemplateUrl,
    parameters: {
      ExternalId: "org-ext-reader",
      TrustedAccount: VENDOR,
      SnsTopicArn: TOPIC,
      MemberTemplateURL: fixture.sandbox.state.templateUrl,
      OrganizationalUnitIds: target,
    },
  });
  managementRole = (await fixture.stacks.waitForStatus(created.stackId, "CREATE_COMPLETE", 20_000)).roleArn!;
  memberRole = fixture.sandbox.state.cloudformation.listStacks().find((s) => s.accountId === "910000000001")!.roleArn!;
});

afterAll(async () => {
  answering = false;
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await fixture.stop();
});

describe("checkMembership", () => {
  it("finds an account in a nested OU under a target, with the path up to it", async () => {
    const { access, membership } = await checkMembership(input("910000000001"), fast);
    expect(access.ok).toBe(true);
    expect(membership).toEqual({ kind: "under_target", organizationId: org.id, target, path: [nested, target] });
  });

  it("tells an account outside the targets from one outside the organization", async () => {
    expect((await checkMembership(input("910000000002"), fast)).membership).toEqual({
      kind: "outside_targets",
      organizationId: org.id,
      path: [elsewhere, org.rootId],
    });
    expect((await checkMembership(input("920000000001"), fast)).membership).toEqual({
      kind: "not_in_organization",
      organizationId: org.id,
    });
    // The root as target takes in every account of the organization.
    expect((await checkMembership(input("910000000002", { targets: [org.rootId] }), fast)).membership).toMatchObject({
      kind: "under_target",
      target: org.rootId,
    });
  });

  it("reads nothing without the organization's External ID, and nothing with a member account's role", async () => {
    const wrongId = await checkMembership(input("910000000001", { externalId: "someone-elses-id" }), fast);
    expect(wrongId).toEqual({ access: expect.objectContaining({ ok: false, code: "access_denied" }) });
    const fromMember = await checkMembership(input("910000000001", { roleArn: memberRole, expectedAccountId: "910000000001" }), fast);
    expect(fromMember.access.ok).toBe(true);
    expect(fromMember.membership).toEqual({ kind: "denied" });
  });
});
