/**
 * Stack updates in the sandbox as CloudFormation runs them: the Update request
 * (PhysicalResourceId, OldResourceProperties), replacement with the old
 * resource's Delete during cleanup, and rollback with the reverse Update.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsError, startStackFixture, VENDOR, type StackFixture } from "./test-fixture";
import { SandboxApiError } from "./test-helpers";

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

describe("Update to the current template", () => {
  it("upgrades a legacy 1.0.0 stack in place: UPDATE_IN_PROGRESS while the Update is outstanding, then UPDATE_COMPLETE", async () => {
    const { stack, roleArn } = await f.createLiveStack({
      stackName: "rolelink-up-legacy",
      externalId: "ext-up-legacy-1",
      templateVariant: "legacy-1.0.0",
    });
    const cfn = await f.cfnAs(roleArn, "ext-up-legacy-1");
    expect((await awsError(cfn.send(new DescribeStacksCommand({ StackName: stack.stackId })))).name).toBe("AccessDenied");

    const updating = await f.stacks.update(stack.stackId, { useCurrentTemplate: true });
    expect(updating).toMatchObject({ status: "UPDATE_IN_PROGRESS", roleArn, templateVersion: f.sandbox.state.templateVersion });
    const update = await f.request(stack.stackId, 1);
    expect(update).toMatchObject({
      RequestType: "Update",
      PhysicalResourceId: "phys-rolelink-up-legacy",
      ResourceProperties: { TemplateVersion: f.sandbox.state.templateVersion, RoleArn: roleArn, ExternalID: "ext-up-legacy-1" },
      OldResourceProperties: { TemplateVersion: "1.0.0", RoleArn: roleArn, ExternalID: "ext-up-legacy-1" },
    });
    // The role was updated in place before the request: same ARN, and the confirm policy now lets rolelink look.
    const during = await cfn.send(new DescribeStacksCommand({ StackName: stack.stackId }));
    expect(during.Stacks?.[0]?.StackStatus).toBe("UPDATE_IN_PROGRESS");
    expect((await f.stacks.get(stack.stackId))?.status).toBe("UPDATE_IN_PROGRESS");

    expect((await f.respond(update, "SUCCESS")).status).toBe(200);
    const done = await f.stacks.waitForStatus(stack.stackId, "UPDATE_COMPLETE");
    expect(statusesOf(done, "rolelink-up-legacy").slice(-4)).toEqual([
      "CREATE_COMPLETE",
      "UPDATE_IN_PROGRESS",
      "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
      "UPDATE_COMPLETE",
    ]);
    expect(statusesOf(done, "Role")).toEqual(["CREATE_IN_PROGRESS", "CREATE_COMPLETE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"]);
    const described = (await cfn.send(new DescribeStacksCommand({ StackName: "rolelink-up-legacy" }))).Stacks?.[0];
    expect(described).toMatchObject({ StackStatus: "UPDATE_COMPLETE" });
    expect(described?.LastUpdatedTime).toBeInstanceOf(Date);
    const resource = await cfn.send(new DescribeStackResourceCommand({ StackName: stack.stackId, LogicalResourceId: "PhoneHome" }));
    expect(resource.StackResourceDetail).toMatchObject({
      PhysicalResourceId: "phys-rolelink-up-legacy",
      ResourceStatus: "UPDATE_COMPLETE",
    });

    // Deleting an updated stack works as before.
    await f.stacks.delete(stack.stackId);
    const del = await f.request(stack.stackId, 2);
    expect(del).toMatchObject({
      RequestType: "Delete",
      PhysicalResourceId: "phys-rolelink-up-legacy",
      ResourceProperties: { TemplateVersion: f.sandbox.state.templateVersion },
    });
    await f.respond(del, "SUCCESS");
    await f.stacks.waitForStatus(stack.stackId, "DELETE_COMPLETE");
  });

  it("refuses an update without changes, and one while the stack is busy", async () => {
    const { stack } = await f.createLiveStack({ stackName: "rolelink-up-same", externalId: "ext-up-same-001" });
    const same = await f.stacks
      .update(stack.stackId, { useCurrentTemplate: true, parameters: { ExternalId: "ext-up-same-001" } })
      .catch((e: unknown) => e);
    expect(same).toBeInstanceOf(SandboxApiError);
    expect(same).toMatchObject({ code: "ValidationError", status: 400, message: "ValidationError: No updates are to be performed." });
    await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-same-002" } });
    const busy = await f.stacks.update(stack.stackId, { parameters: { ExternalId: "ext-up-same-003" } }).catch((e: unknown) => e);
    expect(busy).toMatchObject({
      code: "ValidationError",
      message: expect.stringContaining("is in UPDATE_IN_PROGRESS state and can not be updated") as string,
    });
    await f.respond(await f.request(stack.stackId, 1), "SUCCESS");
    await f.stacks.waitForStatus(stack.stackId, "UPDATE_COMPLETE");
  });

  it("sends no request when only the role changes (TrustedAccount is not a custom resource property)", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-up-trust", externalId: "ext-up-trust-01" });
    const done = await f.stacks.update(stack.stackId, { parameters: { TrustedAccount: "444444444444" } });
    expect(done.status).toBe("UPDATE_COMPLETE");
    expect(f.requestCount(stack.stackId)).toBe(1);
    expect((await awsError(f.session(roleArn, "ext-up-trust-01"))).name).toBe("AccessDenied");
  });

  it("refuses to move the ServiceToken: the update fails without a request and rolls back", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-up-token", externalId: "ext-up-token-01" });
    await f.stacks.update(stack.stackId, {
      parameters: { SnsTopicArn: `arn:aws:sns:us-east-1:${VENDOR}:other`, ExternalId: "ext-up-token-02" },
    });
    const rolledBack = await f.stacks.waitForStatus(stack.stackId, "UPDATE_ROLLBACK_COMPLETE");
    expect(rolledBack.failureReason).toBe("Modifying service token is not allowed.");
    expect(rolledBack.parameters.ExternalId).toBe("ext-up-token-01");
    expect(f.requestCount(stack.stackId)).toBe(1);
    expect((await f.session(roleArn, "ext-up-token-01")).accessKeyId).toMatch(/^ASIA/);
  });
});

describe("console", () => {
  it('offers Update (parameters and "Use the current template") on the stack page, and the current template version', async () => {
    const page = await (await fetch(new URL("cloudformation/home", f.sandbox.origin))).text();
    expect(page).toContain("Update stack");
    expect(page).toContain("Use the current template");
    expect(page).toContain('"/stacks/update"');
    const info = (await (await fetch(new URL("api/console", f.sandbox.origin))).json()) as { templateVersion: string };
    expect(info.templateVersion).toBe(f.sandbox.state.templateVersion);
  });

  it("the status API refuses a malformed update", async () => {
    const { stack } = await f.createLiveStack({ stackName: "rolelink-up-bad", externalId: "ext-up-bad-0001" });
    const res = await fetch(new URL(`api/stacks/${encodeURIComponent(stack.stackId)}/update`, f.sandbox.origin), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ templateVariant: "legacy-0.1" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "ValidationError", message: "malformed UpdateStack request" });
  });
});
