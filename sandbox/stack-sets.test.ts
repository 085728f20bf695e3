/**
 * Sandbox service-managed StackSets, driven by the organization template's
 * StackSet properties: member stacks are real sandbox stacks whose custom
 * resource phones home over SNS (answered here as rolelink would), deployed
 * under the targets only, never to the management account, at most
 * MaxConcurrentCount at a time, and following accounts in and out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrgTemplate } from "@/lib/cfn/org-template";
import type { Organization } from "./org-model";
import { stackSetInputFromOrgTemplate } from "./org-stack-set";
import type { StackSet, StackSetInput } from "./stack-sets";
import { respondToCustomResource, waitFor, type CustomResourceRequest } from "./test-helpers";
import { startStackFixture, TOPIC, VENDOR, type StackFixture } from "./test-fixture";

const MANAGEMENT = "600000000000";
let fixture: StackFixture;
let org: Organization;
let targetOu: string;
let nestedOu: string;
let otherOu: string;
let maxInFlight = 0;
const answered = new Map<string, number>();
let answering = true;

/** Answers every custom resource request SUCCESS after a short delay, as rolelink would, counting answers per request. */
async function answerLoop(): Promise<void> {
  while (answering) {
    const inFlight = fixture.sandbox.state.cloudformation
      .listStacks()
      .filter((s) => s.stackName.startsWith("StackSet-") && s.status === "CREATE_IN_PROGRESS").length;
    maxInFlight = Math.max(maxInFlight, inFlight);
    for (const request of fixture.app.requests()) {
      if (answered.has(request.RequestId)) continue;
      answered.set(request.RequestId, 0);
      setTimeout(() => {
        void respondToCustomResource(request, "SUCCESS").then(() =>
          answered.set(request.RequestId, (answered.get(request.RequestId) ?? 0) + 1),
        );
      }, 30);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stackSets = () => fixture.sandbox.state.stackSets;
const organizations = () => fixture.sandbox.state.organizations;
const requestsFor = (accountId: string, type: string): CustomResourceRequest[] =>
  fixture.app.requests().filter((r) => r.RequestType === type && r.StackId.split(":")[4] === accountId);

function input(targets: string, overrides: Partial<StackSetInput> = {}): StackSetInput {
  return {
    ...stackSetInputFromOrgTemplate(loadOrgTemplate().document, {
      accountId: MANAGEMENT,
      region: "us-east-1",
      stackName: "rolelink-org",
      parameters: {
        ExternalId: "org-ext-1234",
        TrustedAccount: VENDOR,
        SnsTopicArn: TOPIC,
        MemberTemplateURL: fixture.sandbox.state.templateUrl,
        OrganizationalUnitIds: targets,
      },
    }),
    ...overrides,
  };
}

const instanceOf = (set: StackSet, accountId: string) => set.instances.get(accountId);

beforeAll(async () => {
  fixture = await startStackFixture();
  void answerLoop();
  org = organizations().create({ managementAccountId: MANAGEMENT });
  targetOu = organizations().createUnit(org.id, { parentId: org.rootId, name: "Workloads" }).id;
  nestedOu = organizations().createUnit(org.id, { parentId: targetOu, name: "Prod" }).id;
  otherOu = organizations().createUnit(org.id, { parentId: org.rootId, name: "Sandbox" }).id;
  for (let i = 0; i < 4; i++) organizations().addAccount(org.id, { id: `60000000001${i}`, name: `workload-${i}`, parentId: targetOu });
  for (let i = 0; i < 3; i++) organizations().addAccount(org.id, { id: `60000000002${i}`, name: `prod-${i}`, parentId: nestedOu });
  for (let i = 0; i < 2; i++) organizations().addAccount(org.id, { id: `60000000003${i}`, name: `sandbox-${i}`, parentId: otherOu });
});

afterAll(async () => {
  answering = false;
  await fixture.stop();
});

describe("a service-managed StackSet from the organization template", () => {
  let set: StackSet;

  it("deploys the account template to every account under the target OU (nested OUs included), at most MaxConcurrentCount at a time", async () => {
    set = await stackSets().create(input(targetOu, { maxConcurrentCount: 2 }));
    const members = ["600000000010", "600000000011", "600000000012", "600000000013", "600000000020", "600000000021", "600000000022"];
    expect([...set.instances.keys()].sort()).toEqual(members);
    for (const accountId of members) {
      expect(instanceOf(set, accountId)).toMatchObject({ status: "CURRENT", detailedStatus: "SUCCEEDED", region: "us-east-1" });
      const stack = fixture.sandbox.state.cloudformation.getStack(instanceOf(set, accountId)!.stackId!)!;
      expect(stack).toMatchObject({
        accountId,
        region: "us-east-1",
        status: "CREATE_COMPLETE",
        parameters: { ExternalId: "org-ext-1234", TrustedAccount: VENDOR, TrustedRoleName: "rolelink-app", SnsTopicArn: TOPIC },
      });
      // Each member stack phoned home once, with the organization's External ID, from its own account.
      expect(requestsFor(accountId, "Create")).toHaveLength(1);
      expect(requestsFor(accountId, "Create")[0]!.ResourceProperties).toMatchObject({ AccountID: accountId, ExternalID: "org-ext-1234" });
    }
    expect(maxInFlight).toBeGreaterThan(0);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    // Not the management account, not outside the targets.
    for (const outside of [MANAGEMENT, "600000000030", "600000000031"]) expect(requestsFor(outside, "Create")).toEqual([]);
  });

  it("takes the template's operation preferences: 100 at a time", () => {
    expect(input(targetOu).maxConcurrentCount).toBe(100);
  });

  it("auto-deploys to an account moved into the targets, and to one created there", async () => {
    organizations().moveAccount(org.id, { accountId: "600000000030", destinationParentId: nestedOu });
    const created = organizations().addAccount(org.id, { name: "new-prod", parentId: targetOu });
    await stackSets().idle(set.stackSetId);
    for (const accountId of ["600000000030", created.id]) {
      expect(instanceOf(set, accountId)).toMatchObject({ status: "CURRENT", detailedStatus: "SUCCEEDED" });
      expect(requestsFor(accountId, "Create")).toHaveLength(1);
    }
  });

  it("deletes the instance of an account moved out of the targets (its stack's Delete phones home), and only that one", async () => {
    const stackId = instanceOf(set, "600000000011")!.stackId!;
    organizations().moveAccount(org.id, { accountId: "600000000011", destinationParentId: otherOu });
    // A move between two OUs that are both under the target changes nothing.
    organizations().moveAccount(org.id, { accountId: "600000000012", destinationParentId: nestedOu });
    await stackSets().idle(set.stackSetId);
    expect(instanceOf(set, "600000000011")).toBeUndefined();
    expect(fixture.sandbox.state.cloudformation.getStack(stackId)?.status).toBe("DELETE_COMPLETE");
    expect(requestsFor("600000000011", "Delete")).toHaveLength(1);
    expect(requestsFor("600000000012", "Delete")).toEqual([]);
    expect(instanceOf(set, "600000000012")).toMatchObject({ status: "CURRENT" });
  });

  it("deletes every member stack when the StackSet is deleted, each Delete answered once", async () => {
    const stackIds = [...set.instances.values()].map((i) => i.stackId!);
    await stackSets().delete(set.stackSetId);
    expect(set.status).toBe("DELETED");
    expect(set.instances.size).toBe(0);
    for (const stackId of stackIds) expect(fixture.sandbox.state.cloudformation.getStack(stackId)?.status).toBe("DELETE_COMPLETE");
    await waitFor(() => [...answered.values()].every((count) => count === 1) || undefined);
  });
});

describe("what StackSets refuse", () => {
  it("without trusted access, fails with AWS's message and deploys nothing", async () => {
    const before = fixture.sandbox.state.cloudformation.listStacks().length;
    organizations().setTrustedAccess(org.id, false);
    await expect(stackSets().create(input(org.rootId))).rejects.toThrow(
      "You must enable organizations access to operate a service managed stack set",
    );
    organizations().setTrustedAccess(org.id, true);
    expect(fixture.sandbox.state.cloudformation.listStacks()).toHaveLength(before);
  });

  it("refuses targets not in the organization and a member account acting as management account", async () => {
    await expect(stackSets().create(input("ou-zzzz-zzzzzzzz"))).rejects.toThrow(/not found in the organization/);
    await expect(stackSets().create(input(targetOu, { administratorAccountId: "600000000010" }))).rejects.toThrow(
      /not the organization's management account/,
    );
    await expect(stackSets().create(input(targetOu, { administratorAccountId: "699999999999" }))).rejects.toThrow(
      /not a member of an organization/,
    );
  });

  it("never deploys to the management account, even with the root as target", async () => {
    const set = await stackSets().create(input(org.rootId, { name: "whole-org" }));
    expect(set.instances.has(MANAGEMENT)).toBe(false);
    expect(set.instances.size).toBe(organizations().membersUnder(org, [org.rootId]).length);
    expect(requestsFor(MANAGEMENT, "Create")).toEqual([]);
  });
});
