/**
 * Who the sandbox CloudFormation read API refuses, in AWS's words: sessions of
 * roles whose policy does not allow the action on that stack (another account,
 * another stack, a legacy 1.0.0 template), bad credentials, and roles IAM has
 * not propagated yet.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsError, CUSTOMER, startStackFixture, VENDOR, VENDOR_KEY, type StackFixture } from "./test-fixture";
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

const notAuthorized = (sessionArn: string, action: string, resource: string) =>
  `User: ${sessionArn} is not authorized to perform: cloudformation:${action} on resource: ${resource} because no identity-based policy allows the cloudformation:${action} action`;
const sessionArnOf = (roleArn: string, account = CUSTOMER) =>
  `arn:aws:sts::${account}:assumed-role/${roleArn.split("/").pop()}/rolelink-test`;

describe("AccessDenied, as AWS words it", () => {
  it("a role in another account, even by the exact StackId", async () => {
    const other = await f.createLiveStack({ stackName: "rolelink-api-live", accountId: "333333333333", externalId: "ext-api-other-1" });
    const cfn = await f.cfnAs(other.roleArn, "ext-api-other-1");
    const error = await awsError(cfn.send(new DescribeStacksCommand({ StackName: live.stack.stackId })));
    expect(error).toEqual({
      name: "AccessDenied",
      status: 403,
      message: notAuthorized(sessionArnOf(other.roleArn, "333333333333"), "DescribeStacks", live.stack.stackId),
    });
    // By name it finds its own account's stack of that name.
    expect((await cfn.send(new DescribeStacksCommand({ StackName: "rolelink-api-live" }))).Stacks?.[0]?.StackId).toBe(other.stack.stackId);
  });

  it("a role in another account allowed cloudformation:* on every resource", async () => {
    const foreign = "arn:aws:iam::333333333333:role/foreign-admin";
    f.sandbox.state.sts.putRole({
      roleArn: foreign,
      trustedAccountId: VENDOR,
      externalId: "foreign-ext",
      policies: [{ effect: "Allow", actions: ["cloudformation:*"], resources: ["*"] }],
    });
    const cfn = await f.cfnAs(foreign, "foreign-ext");
    const error = await awsError(cfn.send(new DescribeStacksCommand({ StackName: live.stack.stackId })));
    expect(error).toEqual({
      name: "AccessDenied",
      status: 403,
      message: notAuthorized(sessionArnOf(foreign, "333333333333"), "DescribeStacks", live.stack.stackId),
    });
  });

  it("a legacy 1.0.0 stack's role has no confirm policy", async () => {
    const legacy = await f.createLiveStack({
      stackName: "rolelink-api-legacy",
      externalId: "ext-api-legacy1",
      templateVariant: "legacy-1.0.0",
    });
    expect(legacy.create.ResourceProperties.TemplateVersion).toBe("1.0.0");
    const cfn = await f.cfnAs(legacy.roleArn, "ext-api-legacy1");
    const error = await awsError(cfn.send(new DescribeStacksCommand({ StackName: legacy.stack.stackId })));
    expect(error).toEqual({
      name: "AccessDenied",
      status: 403,
      message: notAuthorized(sessionArnOf(legacy.roleArn), "DescribeStacks", legacy.stack.stackId),
    });
    const resource = await awsError(
      cfn.send(new DescribeStackResourceCommand({ StackName: legacy.stack.stackId, LogicalResourceId: "PhoneHome" })),
    );
    expect(resource.message).toBe(notAuthorized(sessionArnOf(legacy.roleArn), "DescribeStackResource", legacy.stack.stackId));
  });

  it("stack A's role describing stack B of the same account, by id or by name (existing or not)", async () => {
    const b = await f.createLiveStack({ stackName: "rolelink-api-b", externalId: "ext-api-b-00001" });
    const cfn = await f.cfnAs(live.roleArn, EXT);
    const byId = await awsError(cfn.send(new DescribeStacksCommand({ StackName: b.stack.stackId })));
    expect(byId).toEqual({
      name: "AccessDenied",
      status: 403,
      message: notAuthorized(sessionArnOf(live.roleArn), "DescribeStacks", b.stack.stackId),
    });
    const byName = await awsError(
      cfn.send(new DescribeStackResourceCommand({ StackName: "rolelink-api-b", LogicalResourceId: "PhoneHome" })),
    );
    expect(byName.message).toBe(notAuthorized(sessionArnOf(live.roleArn), "DescribeStackResource", b.stack.stackId));
    const missing = await awsError(cfn.send(new DescribeStacksCommand({ StackName: "no-such-stack" })));
    expect(missing.message).toBe(
      notAuthorized(sessionArnOf(live.roleArn), "DescribeStacks", `arn:aws:cloudformation:us-east-1:${CUSTOMER}:stack/no-such-stack/*`),
    );
    // Listing needs the action on every stack.
    expect((await awsError(cfn.send(new DescribeStacksCommand({})))).name).toBe("AccessDenied");
  });

  it("the vendor's own key is not the customer's role", async () => {
    const cfn = sandboxCloudFormationClient(f.sandbox.origin, { accessKeyId: VENDOR_KEY, secretAccessKey: "x" });
    const error = await awsError(cfn.send(new DescribeStacksCommand({ StackName: live.stack.stackId })));
    expect(error).toEqual({
      name: "AccessDenied",
      status: 403,
      message: notAuthorized(`arn:aws:sts::${VENDOR}:assumed-role/rolelink-app/rolelink`, "DescribeStacks", live.stack.stackId),
    });
  });
});

describe("credentials", () => {
  it("an expired session is ExpiredToken; an unknown key or a wrong session token InvalidClientTokenId", async () => {
    const creds = await f.session(live.roleArn, EXT);
    const session = f.sandbox.state.sts.findSession(creds.accessKeyId);
    expect(session).toBeDefined();
    session!.expiresAt = Date.now() - 1;
    const expired = await awsError(
      sandboxCloudFormationClient(f.sandbox.origin, creds).send(new DescribeStacksCommand({ StackName: "rolelink-api-live" })),
    );
    expect(expired).toMatchObject({ name: "ExpiredToken", status: 403 });

    const fresh = await f.session(live.roleArn, EXT);
    const unknownKey = { ...fresh, accessKeyId: "ASIAUNKNOWNKEY000000" };
    expect(
      await awsError(
        sandboxCloudFormationClient(f.sandbox.origin, unknownKey).send(new DescribeStacksCommand({ StackName: "rolelink-api-live" })),
      ),
    ).toMatchObject({
      name: "InvalidClientTokenId",
      status: 403,
    });
    const wrongToken = { ...fresh, sessionToken: "not-the-token" };
    expect(
      (
        await awsError(
          sandboxCloudFormationClient(f.sandbox.origin, wrongToken).send(new DescribeStacksCommand({ StackName: "rolelink-api-live" })),
        )
      ).name,
    ).toBe("InvalidClientTokenId");
  });

  it("an unsigned request is MissingAuthenticationToken, in CloudFormation's ErrorResponse XML", async () => {
    const res = await fetch(new URL("cloudformation", f.sandbox.origin), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "DescribeStacks", Version: "2010-05-15", StackName: "rolelink-api-live" }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(
      /^<ErrorResponse xmlns="http:\/\/cloudformation\.amazonaws\.com\/doc\/2010-05-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
    );
  });
});

describe("IAM propagation", () => {
  it("a new role refuses AssumeRole for iamPropagationMs, then accepts it", async () => {
    f.sandbox.state.sts.iamPropagationMs = 600;
    try {
      const created = await f.stacks.create({
        stackName: "rolelink-api-slow",
        accountId: CUSTOMER,
        parameters: f.parameters("ext-api-slow-01"),
      });
      const roleArn = created.roleArn ?? "";
      const early = await awsError(f.session(roleArn, "ext-api-slow-01"));
      expect(early).toEqual({
        name: "AccessDenied",
        status: 403,
        message: `User: arn:aws:sts::${VENDOR}:assumed-role/rolelink-app/rolelink is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      });
      await new Promise((r) => setTimeout(r, 650));
      expect((await f.session(roleArn, "ext-api-slow-01")).accessKeyId).toMatch(/^ASIA/);
      await f.respond(await f.request(created.stackId, 0), "SUCCESS");
    } finally {
      f.sandbox.state.sts.iamPropagationMs = 0;
    }
  });
});
