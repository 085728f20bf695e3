/**
 * Updates that do not simply succeed: answered FAILED (rollback with the
 * reverse Update and the old trust), replaced (Delete of the old physical id
 * during cleanup), and a trust change still propagating through IAM.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsError, startStackFixture, type StackFixture } from "./test-fixture";

let f: StackFixture;

beforeAll(async () => {
  f = await startStackFixture();
});

afterAll(async () => {
  await f?.stop();
});

const statusesOf = (stack: { events: Array<{ logicalResourceId: string; status: string }> }, logicalId: string) =>
  stack.events
    .filter((e) => e.logicalResourceId === logicalId)
    .map((e) => e.status)
    .reverse();

describe("Update answered FAILED", () => {
  it("rolls back: reverse Update with the properties swapped, the role's trust restored, UPDATE_ROLLBACK_COMPLETE", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-up-fail", externalId: "ext-up-fail-old" });
    await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-fail-new" } });
    const update = await f.request(stack.stackId, 1);
    expect(update).toMatchObject({
      RequestType: "Update",
      ResourceProperties: { ExternalID: "ext-up-fail-new" },
      OldResourceProperties: { ExternalID: "ext-up-fail-old" },
    });
    // In place: the same role now trusts the new External ID only.
    expect((await f.session(roleArn, "ext-up-fail-new")).accessKeyId).toMatch(/^ASIA/);
    expect((await awsError(f.session(roleArn, "ext-up-fail-old"))).name).toBe("AccessDenied");

    await f.respond(update, "FAILED", { reason: "rolelink refuses this External ID change" });
    const rollback = await f.request(stack.stackId, 2);
    expect(rollback).toMatchObject({
      RequestType: "Update",
      PhysicalResourceId: "phys-rolelink-up-fail",
      ResourceProperties: { ExternalID: "ext-up-fail-old" },
      OldResourceProperties: { ExternalID: "ext-up-fail-new" },
    });
    const during = await f.stacks.get(stack.stackId);
    expect(during).toMatchObject({ status: "UPDATE_ROLLBACK_IN_PROGRESS", parameters: { ExternalId: "ext-up-fail-old" } });
    expect(during?.failureReason).toContain("Message returned: rolelink refuses this External ID change");
    expect((await f.session(roleArn, "ext-up-fail-old")).accessKeyId).toMatch(/^ASIA/);
    expect((await awsError(f.session(roleArn, "ext-up-fail-new"))).name).toBe("AccessDenied");

    await f.respond(rollback, "SUCCESS");
    const done = await f.stacks.waitForStatus(stack.stackId, "UPDATE_ROLLBACK_COMPLETE");
    expect(statusesOf(done, "rolelink-up-fail").slice(-4)).toEqual([
      "UPDATE_IN_PROGRESS",
      "UPDATE_ROLLBACK_IN_PROGRESS",
      "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
      "UPDATE_ROLLBACK_COMPLETE",
    ]);
    const cfn = await f.cfnAs(roleArn, "ext-up-fail-old");
    expect((await cfn.send(new DescribeStacksCommand({ StackName: stack.stackId }))).Stacks?.[0]?.StackStatus).toBe(
      "UPDATE_ROLLBACK_COMPLETE",
    );
  });

  it("a rollback Update answered FAILED leaves UPDATE_ROLLBACK_FAILED", async () => {
    const { stack } = await f.createLiveStack({ stackName: "rolelink-up-stuck", externalId: "ext-up-stuck-01" });
    await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-stuck-02" } });
    await f.respond(await f.request(stack.stackId, 1), "FAILED", { reason: "no" });
    await f.respond(await f.request(stack.stackId, 2), "FAILED", { reason: "still no" });
    const stuck = await f.stacks.waitForStatus(stack.stackId, "UPDATE_ROLLBACK_FAILED");
    expect(stuck.failureReason).toContain("Message returned: still no");
  });
});

describe("Update that replaces the custom resource", () => {
  it("a new PhysicalResourceId: Delete of the old one during UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, then UPDATE_COMPLETE", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-up-repl", externalId: "ext-up-repl-001" });
    await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-repl-002" } });
    await f.respond(await f.request(stack.stackId, 1), "SUCCESS", { physicalResourceId: "phys-replacement" });
    const cleanup = await f.request(stack.stackId, 2);
    expect(cleanup).toMatchObject({
      RequestType: "Delete",
      PhysicalResourceId: "phys-rolelink-up-repl",
      ResourceProperties: { ExternalID: "ext-up-repl-001" },
    });
    expect((await f.stacks.get(stack.stackId))?.status).toBe("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    await f.respond(cleanup, "SUCCESS");
    await f.stacks.waitForStatus(stack.stackId, "UPDATE_COMPLETE");
    const cfn = await f.cfnAs(roleArn, "ext-up-repl-002");
    const resource = await cfn.send(new DescribeStackResourceCommand({ StackName: stack.stackId, LogicalResourceId: "PhoneHome" }));
    expect(resource.StackResourceDetail).toMatchObject({ PhysicalResourceId: "phys-replacement", ResourceStatus: "UPDATE_COMPLETE" });
    await f.stacks.delete(stack.stackId);
    expect(await f.request(stack.stackId, 3)).toMatchObject({ RequestType: "Delete", PhysicalResourceId: "phys-replacement" });
  });
});

describe("IAM propagation of a changed trust policy", () => {
  it("keeps the old trust for iamPropagationMs after an in-place update", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-up-slow", externalId: "ext-up-slow-old" });
    f.sandbox.state.sts.iamPropagationMs = 500;
    try {
      await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-slow-new" } });
      expect((await f.session(roleArn, "ext-up-slow-old")).accessKeyId).toMatch(/^ASIA/);
      expect((await awsError(f.session(roleArn, "ext-up-slow-new"))).name).toBe("AccessDenied");
      await new Promise((r) => setTimeout(r, 550));
      expect((await f.session(roleArn, "ext-up-slow-new")).accessKeyId).toMatch(/^ASIA/);
      expect((await awsError(f.session(roleArn, "ext-up-slow-old"))).name).toBe("AccessDenied");
    } finally {
      f.sandbox.state.sts.iamPropagationMs = 0;
    }
    await f.respond(await f.request(stack.stackId, 1), "SUCCESS");
  });
});
