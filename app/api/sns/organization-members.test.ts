/**
 * An organization's members report in through the same SNS path, end to end:
 * the real route, the real worker, the sandbox (Organizations, the
 * organization template, service-managed StackSets with auto-deployment,
 * SNS enforcing aws:PrincipalOrgID). A member is connected only once its own
 * account and the management role both confirm it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { forgetStackRequests, launchStack, newLink, settledStatus, subscriptionsConfirmed } from "@/test/links";
import type { Organization } from "@/sandbox/org-model";

const MANAGEMENT = "810000000000";
const MEMBERS = ["810000000001", "810000000002", "810000000003"];
const ELSEWHERE = "810000000009"; // in the organization, not under the target
const OUTSIDER = "820000000000"; // in no organization

let app: AppHarness;
let stopWorker: () => Promise<void>;
let org: Organization;
let target: string;
let other: string;
let link: { id: string; externalId: string; managementAccountId: string; region: string; targets: string[]; callAs: string };
let managementStackId: string;

beforeAll(async () => {
  app = await startAppHarness();
  await forgetStackRequests();
  const worker = await import("@/lib/server/worker");
  stopWorker = worker.stopWorker;
  await worker.startWorker();
  await subscriptionsConfirmed(app);
  await db.$executeRawUnsafe(
    `TRUNCATE users, connections, organization_links, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`,
  );

  const organizations = app.sandbox.state.organizations;
  org = organizations.create({ managementAccountId: MANAGEMENT });
  target = organizations.createUnit(org.id, { parentId: org.rootId, name: "Workloads" }).id;
  other = organizations.createUnit(org.id, { parentId: org.rootId, name: "Suspended" }).id;
  for (const id of MEMBERS) organizations.addAccount(org.id, { id, name: `w-${id}`, parentId: target });
  organizations.addAccount(org.id, { id: ELSEWHERE, name: "elsewhere", parentId: other });

  const owner = await db.user.create({ data: { email: `org-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startOrganizationLink } = await import("@/lib/organizations/start-organization-link");
  const started = await startOrganizationLink(owner.id, { managementAccountId: MANAGEMENT, region: "us-east-1", targets: [target] });
  if (started.kind === "invalid") throw new Error(JSON.stringify(started.fieldErrors));
  link = await db.organizationLink.findUniqueOrThrow({ where: { id: started.id } });
}, 60_000);

afterAll(async () => {
  await stopWorker();
  await forgetStackRequests();
  await app.stop();
  await db.$disconnect();
});

const memberOf = (accountId: string) =>
  db.connection.findFirst({ where: { organizationLinkId: link.id, accountId }, orderBy: { createdAt: "desc" } });
const statusOf = async (accountId: string) => (await memberOf(accountId))?.status ?? null;
const orgStatements = () =>
  (
    JSON.parse(app.sandbox.state.snsApi.policy(APP_TOPICS[0]!)) as { Statement: Array<{ Sid: string; Condition?: unknown }> }
  ).Statement.filter((s) => s.Sid.startsWith("rolelink-org-"));

describe("connecting an organization", () => {
  it("the management stack links the management account, then every member under the target reports in and is connected", async () => {
    const { organizationLaunchDetails } = await import("@/lib/organizations/launch");
    const details = organizationLaunchDetails(link);
    const stack = app.sandbox.state.cloudformation.createStack({
      region: "us-east-1",
      accountId: MANAGEMENT,
      stackName: details.stackName,
      templateUrl: details.templateUrl,
      parameters: details.parameters,
      capabilities: ["CAPABILITY_IAM"],
    });
    managementStackId = stack.stackId;
    expect(await settledStatus(app, stack.stackId, 90_000)).toBe("CREATE_COMPLETE");

    const confirmed = await db.organizationLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(confirmed.organizationId).toBe(org.id);
    expect(confirmed.managementRoleArn).toMatch(new RegExp(`^arn:aws:iam::${MANAGEMENT}:role/`));
    // One statement for the whole organization, conditioned on its ID, instead of one per member.
    expect(orgStatements()).toEqual([expect.objectContaining({ Condition: { StringEquals: { "aws:PrincipalOrgID": org.id } } })]);

    await waitUntil(
      async () => (await db.connection.count({ where: { organizationLinkId: link.id, status: "connected" } })) === MEMBERS.length + 1,
      60_000,
    );
    for (const account of [MANAGEMENT, ...MEMBERS]) expect(await statusOf(account)).toBe("connected");
    const member = (await memberOf(MEMBERS[0]!))!;
    expect(member).toMatchObject({ externalId: link.externalId, region: "us-east-1", roleArn: expect.stringContaining(MEMBERS[0]!) });
    expect(member.stackId).toMatch(new RegExp(`:${MEMBERS[0]}:stack/StackSet-`));
    expect(await memberOf(ELSEWHERE)).toBeNull();
  }, 150_000);

  it("an account moved into the target later is connected automatically", async () => {
    app.sandbox.state.organizations.moveAccount(org.id, { accountId: ELSEWHERE, destinationParentId: target });
    await waitUntil(async () => (await statusOf(ELSEWHERE)) === "connected", 60_000);
  }, 70_000);

  it("an account moved out of the target is disconnected, and only that one", async () => {
    app.sandbox.state.organizations.moveAccount(org.id, { accountId: MEMBERS[0]!, destinationParentId: other });
    await waitUntil(async () => (await statusOf(MEMBERS[0]!)) === "disconnected", 60_000);
    for (const account of [MANAGEMENT, ...MEMBERS.slice(1), ELSEWHERE]) expect(await statusOf(account)).toBe("connected");
  }, 70_000);

  it("a member Create from an account outside the organization, naming its External ID, is refused with a reason and changes nothing", async () => {
    // The outsider may publish (it has a single-account link of its own) and copies the organization's External ID.
    const own = await newLink(OUTSIDER);
    const before = await db.connection.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, roleArn: true, stackId: true },
    });
    const linkBefore = await db.organizationLink.findUniqueOrThrow({ where: { id: link.id } });
    const stack = await launchStack(app, own, { edit: { ExternalId: link.externalId } });
    expect(await settledStatus(app, stack.stackId)).toBe("ROLLBACK_COMPLETE");
    const answered = await db.cfnRequest.findFirstOrThrow({ where: { stackId: stack.stackId, requestType: "Create" } });
    expect(answered).toMatchObject({
      responseStatus: "FAILED",
      responseReason: expect.stringMatching(/is not in the organization this External ID was issued for/),
    });
    expect(
      await db.connection.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, roleArn: true, stackId: true } }),
    ).toEqual(before);
    expect(await db.organizationLink.findUniqueOrThrow({ where: { id: link.id } })).toEqual(linkBefore);
  }, 70_000);

  it("deleting the organization stack disconnects every member and the management account, and removes the organization's statement", async () => {
    app.sandbox.state.cloudformation.deleteStack(managementStackId);
    expect(await settledStatus(app, managementStackId, 90_000)).toBe("DELETE_COMPLETE");
    await waitUntil(
      async () => (await db.connection.count({ where: { organizationLinkId: link.id, status: { not: "disconnected" } } })) === 0,
      60_000,
    );
    expect(orgStatements()).toEqual([]);
  }, 150_000);
});
