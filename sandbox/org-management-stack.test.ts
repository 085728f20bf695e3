/**
 * The organization template launched in the sandbox's management account,
 * end to end: the management role and PhoneHome over SNS, then the StackSet's
 * member stacks phoning home, Organizations readable with the management
 * role; trusted access off rolls the stack back with AWS's reason; deleting
 * the stack deletes the members first.
 */
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Organization } from "./org-model";
import { assumeSandboxRole, respondToCustomResource, type CustomResourceRequest } from "./test-helpers";
import { startStackFixture, TOPIC, VENDOR, VENDOR_KEY, type StackFixture } from "./test-fixture";

const MANAGEMENT = "700000000000";
let fixture: StackFixture;
let org: Organization;
let target: string;
let answering = true;
const seen = new Set<string>();

async function answerLoop(): Promise<void> {
  while (answering) {
    for (const request of fixture.app.requests()) {
      if (seen.has(request.RequestId)) continue;
      seen.add(request.RequestId);
      void respondToCustomResource(request, "SUCCESS");
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const parameters = (externalId: string, targets: string) => ({
  ExternalId: externalId,
  TrustedAccount: VENDOR,
  SnsTopicArn: TOPIC,
  MemberTemplateURL: fixture.sandbox.state.templateUrl,
  OrganizationalUnitIds: targets,
});
const requestsFrom = (accountId: string): CustomResourceRequest[] =>
  fixture.app.requests().filter((r) => r.StackId.split(":")[4] === accountId);

beforeAll(async () => {
  fixture = await startStackFixture();
  void answerLoop();
  const organizations = fixture.sandbox.state.organizations;
  org = organizations.create({ managementAccountId: MANAGEMENT });
  target = organizations.createUnit(org.id, { parentId: org.rootId, name: "Workloads" }).id;
  const other = organizations.createUnit(org.id, { parentId: org.rootId, name: "Suspended" }).id;
  for (let i = 0; i < 5; i++) organizations.addAccount(org.id, { id: `70000000001${i}`, name: `w-${i}`, parentId: target });
  organizations.addAccount(org.id, { id: "700000000020", name: "s-0", parentId: other });
});

afterAll(async () => {
  answering = false;
  await fixture.stop();
});

describe("the organization template in the sandbox", () => {
  it("creates the management role and PhoneHome, then a member stack in every account under the targets", async () => {
    const created = await fixture.stacks.create({
      accountId: MANAGEMENT,
      stackName: "rolelink-org",
      templateUrl: fixture.sandbox.state.orgTemplateUrl,
      parameters: parameters("org-ext-5678", `${target}`),
    });
    const stack = await fixture.stacks.waitForStatus(created.stackId, "CREATE_COMPLETE", 20_000);
    // The management account phoned home first, with the targets.
    const management = requestsFrom(MANAGEMENT);
    expect(management).toHaveLength(1);
    expect(management[0]!.ResourceProperties).toMatchObject({
      AccountID: MANAGEMENT,
      ExternalID: "org-ext-5678",
      OrganizationalUnitIds: target,
      CallAs: "SELF",
    });
    for (let i = 0; i < 5; i++) {
      const member = requestsFrom(`70000000001${i}`);
      expect(member.map((r) => r.RequestType)).toEqual(["Create"]);
      expect(member[0]!.ResourceProperties).toMatchObject({ ExternalID: "org-ext-5678" });
    }
    expect(requestsFrom("700000000020")).toEqual([]);
    expect(stack.resources.MemberStackSet?.status).toBe("CREATE_COMPLETE");

    // The management role reads the organization (the template's Organizations policy, enforced by the sandbox).
    const credentials = await assumeSandboxRole(fixture.sandbox.origin, {
      vendorAccessKeyId: VENDOR_KEY,
      roleArn: stack.roleArn!,
      externalId: "org-ext-5678",
    });
    const client = new OrganizationsClient({
      region: "us-east-1",
      endpoint: new URL("organizations", fixture.sandbox.origin).toString(),
      credentials,
      maxAttempts: 1,
    });
    expect((await client.send(new ListAccountsCommand({}))).Accounts).toHaveLength(7);
  });

  it("deletes the member stacks (each Delete phones home) before the management PhoneHome's Delete", async () => {
    const stack = fixture.sandbox.state.cloudformation
      .listStacks()
      .find((s) => s.stackName === "rolelink-org" && s.accountId === MANAGEMENT)!;
    await fixture.stacks.delete(stack.stackId);
    await fixture.stacks.waitForStatus(stack.stackId, "DELETE_COMPLETE", 20_000);
    const deletes = fixture.app.requests().filter((r) => r.RequestType === "Delete");
    expect(
      deletes
        .map((r) => r.StackId.split(":")[4])
        .slice(0, 5)
        .sort(),
    ).toEqual(Array.from({ length: 5 }, (_, i) => `70000000001${i}`));
    expect(deletes.at(-1)!.StackId).toBe(stack.stackId);
  });

  it("rolls back with AWS's reason when trusted access for StackSets is off", async () => {
    fixture.sandbox.state.organizations.setTrustedAccess(org.id, false);
    const before = fixture.app.requests().filter((r) => r.RequestType === "Create").length;
    const created = await fixture.stacks.create({
      accountId: MANAGEMENT,
      stackName: "rolelink-org-2",
      templateUrl: fixture.sandbox.state.orgTemplateUrl,
      parameters: parameters("org-ext-9999", target),
    });
    const stack = await fixture.stacks.waitForStatus(created.stackId, "ROLLBACK_COMPLETE", 20_000);
    expect(stack.resources.MemberStackSet).toMatchObject({
      status: "CREATE_FAILED",
      reason: expect.stringContaining("You must enable organizations access to operate a service managed stack set"),
    });
    expect(stack.statusReason ?? stack.failureReason).toBeDefined();
    // Only the management PhoneHome was asked (Create, then the rollback's Delete); no member stack exists.
    expect(fixture.app.requests().filter((r) => r.RequestType === "Create").length).toBe(before + 1);
    expect(
      requestsFrom(MANAGEMENT)
        .filter((r) => r.StackId === stack.stackId)
        .map((r) => r.RequestType),
    ).toEqual(["Create", "Delete"]);
    fixture.sandbox.state.organizations.setTrustedAccess(org.id, true);
  });

  it("refuses an OU list with one malformed item, as CloudFormation checks each item", async () => {
    const refused = await fetch(new URL("api/stacks", fixture.sandbox.origin), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        region: "us-east-1",
        accountId: MANAGEMENT,
        stackName: "rolelink-org-3",
        templateUrl: fixture.sandbox.state.orgTemplateUrl,
        capabilities: ["CAPABILITY_IAM"],
        parameters: parameters("org-ext-1", `${target},ou-bad`),
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/OrganizationalUnitIds/);
  });
});
