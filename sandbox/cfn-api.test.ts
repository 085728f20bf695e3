/**
 * The sandbox CloudFormation read API as rolelink will call it: the real AWS
 * SDK client, with temporary credentials from a sandbox STS AssumeRole into
 * the customer's role, authorized by that role's policies from the template.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsError, CUSTOMER, startStackFixture, VENDOR, type StackFixture } from "./test-fixture";
import { sandboxCloudFormationClient } from "./test-helpers";

let f: StackFixture;
let live: Awaited<ReturnType<StackFixture["createLiveStack"]>>;
const EXT = "ext-api-live-0001";

beforeAll(async () => {
  f = await startStackFixture();
  live = await f.createLiveStack({ stackName: "rolelink-api-live", externalId: EXT });
});

afterAll(async () => {
  await f?.stop();
});

describe("DescribeStacks with the stack's own role", () => {
  it("by name and by StackId answers the stack as AWS shapes it", async () => {
    const cfn = await f.cfnAs(live.roleArn, EXT);
    const byName = await cfn.send(new DescribeStacksCommand({ StackName: "rolelink-api-live" }));
    const byId = await cfn.send(new DescribeStacksCommand({ StackName: live.stack.stackId }));
    expect(byId.Stacks).toEqual(byName.Stacks);
    const [stack] = byName.Stacks ?? [];
    expect(stack).toMatchObject({
      StackId: live.stack.stackId,
      StackName: "rolelink-api-live",
      StackStatus: "CREATE_COMPLETE",
      Capabilities: ["CAPABILITY_IAM"],
      Outputs: [{ OutputKey: "RoleArn", OutputValue: live.roleArn, Description: expect.any(String) as string }],
    });
    expect(stack?.Parameters).toEqual(
      expect.arrayContaining([
        { ParameterKey: "ExternalId", ParameterValue: EXT },
        { ParameterKey: "TrustedAccount", ParameterValue: VENDOR },
      ]),
    );
    expect(stack?.CreationTime).toBeInstanceOf(Date);
    expect(stack?.LastUpdatedTime).toBeUndefined();
  });

  it("DescribeStackResource: the custom resource with the id its Create answered, the role by name; unknown ids refused", async () => {
    const cfn = await f.cfnAs(live.roleArn, EXT);
    const { StackResourceDetail: custom } = await cfn.send(
      new DescribeStackResourceCommand({ StackName: "rolelink-api-live", LogicalResourceId: "PhoneHome" }),
    );
    expect(custom).toMatchObject({
      StackName: "rolelink-api-live",
      StackId: live.stack.stackId,
      LogicalResourceId: "PhoneHome",
      PhysicalResourceId: "phys-rolelink-api-live",
      ResourceType: "Custom::RolelinkPhoneHome",
      ResourceStatus: "CREATE_COMPLETE",
    });
    expect(custom?.LastUpdatedTimestamp).toBeInstanceOf(Date);
    const { StackResourceDetail: role } = await cfn.send(
      new DescribeStackResourceCommand({ StackName: live.stack.stackId, LogicalResourceId: "Role" }),
    );
    expect(role).toMatchObject({
      PhysicalResourceId: live.roleArn.split("/").pop(),
      ResourceType: "AWS::IAM::Role",
      ResourceStatus: "CREATE_COMPLETE",
    });
    const unknown = await awsError(
      cfn.send(new DescribeStackResourceCommand({ StackName: "rolelink-api-live", LogicalResourceId: "Nope" })),
    );
    expect(unknown).toEqual({ name: "ValidationError", status: 400, message: "Resource Nope does not exist for stack rolelink-api-live" });
  });

  it("a name that is no stack is ValidationError: the role may describe any stack of that name", async () => {
    const cfn = await f.cfnAs(live.roleArn, EXT);
    // Another region's endpoint: the policy names us-east-1 only.
    const elsewhere = sandboxCloudFormationClient(f.sandbox.origin, await f.session(live.roleArn, EXT), "eu-west-1");
    expect((await awsError(elsewhere.send(new DescribeStacksCommand({ StackName: "rolelink-api-live" })))).name).toBe("AccessDenied");
    // By StackId the policy matches, but a regional endpoint only knows its own region's stacks.
    expect(await awsError(elsewhere.send(new DescribeStacksCommand({ StackName: live.stack.stackId })))).toMatchObject({
      name: "ValidationError",
      message: `Stack with id ${live.stack.stackId} does not exist`,
    });
    expect((await cfn.send(new DescribeStacksCommand({ StackName: "rolelink-api-live" }))).Stacks).toHaveLength(1);
  });
});

describe("a deleted stack", () => {
  it("is DELETE_IN_PROGRESS to its own role while the Delete is answered, then DELETE_COMPLETE by id and unknown by name", async () => {
    const { stack, roleArn } = await f.createLiveStack({ stackName: "rolelink-api-gone", externalId: "ext-api-gone-01" });
    const cfn = await f.cfnAs(roleArn, "ext-api-gone-01");
    await f.stacks.delete(stack.stackId);
    const del = await f.request(stack.stackId, 1);
    expect(del).toMatchObject({ RequestType: "Delete", PhysicalResourceId: "phys-rolelink-api-gone" });
    // The custom resource is deleted before the role: rolelink can still confirm the Delete from inside the account.
    const during = await cfn.send(new DescribeStacksCommand({ StackName: stack.stackId }));
    expect(during.Stacks?.[0]?.StackStatus).toBe("DELETE_IN_PROGRESS");
    await f.respond(del, "SUCCESS");
    await f.stacks.waitForStatus(stack.stackId, "DELETE_COMPLETE");
    // The role is gone, and so are its sessions.
    expect((await awsError(cfn.send(new DescribeStacksCommand({ StackName: stack.stackId })))).name).toBe("InvalidClientTokenId");

    // An auditor role in the same account allowed to describe every stack.
    const auditor = `arn:aws:iam::${CUSTOMER}:role/auditor`;
    f.sandbox.state.sts.putRole({
      roleArn: auditor,
      trustedAccountId: VENDOR,
      externalId: "auditor-ext",
      policies: [{ effect: "Allow", actions: ["cloudformation:Describe*"], resources: ["*"] }],
    });
    const audit = await f.cfnAs(auditor, "auditor-ext");
    const byId = await audit.send(new DescribeStacksCommand({ StackName: stack.stackId }));
    expect(byId.Stacks?.[0]).toMatchObject({ StackId: stack.stackId, StackStatus: "DELETE_COMPLETE" });
    expect(byId.Stacks?.[0]?.DeletionTime).toBeInstanceOf(Date);
    const byName = await awsError(audit.send(new DescribeStacksCommand({ StackName: "rolelink-api-gone" })));
    expect(byName).toEqual({ name: "ValidationError", status: 400, message: "Stack with id rolelink-api-gone does not exist" });
    // Without StackName: the account's live stacks.
    const all = await audit.send(new DescribeStacksCommand({}));
    expect(all.Stacks?.map((s) => s.StackName)).toContain("rolelink-api-live");
    expect(all.Stacks?.map((s) => s.StackName)).not.toContain("rolelink-api-gone");
  });
});
