/**
 * The sandbox Organizations API through the real AWS SDK client, with
 * sessions issued by the sandbox STS: what rolelink's management role sees,
 * and what AWS refuses (a member account, a role without the permission, an
 * account in no organization).
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyStatement } from "./iam-policy";
import type { Organization } from "./org-model";
import { assumeSandboxRole, type SandboxCredentials } from "./test-stacks";
import { awsError, startStackFixture, VENDOR, VENDOR_KEY, type StackFixture } from "./test-fixture";

const MANAGEMENT = "333333333333";
const OUTSIDER = "444444444444";
const ORG_READS = [
  "organizations:DescribeOrganization",
  "organizations:ListAccounts",
  "organizations:DescribeAccount",
  "organizations:ListAccountsForParent",
  "organizations:ListParents",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListRoots",
];
const allow = (actions: string[]): PolicyStatement[] => [{ effect: "Allow", actions, resources: ["*"] }];

let fixture: StackFixture;
let org: Organization;
let workloads: string;
let prod: string;

async function clientFor(accountId: string, name: string, statements: PolicyStatement[]): Promise<OrganizationsClient> {
  const roleArn = `arn:aws:iam::${accountId}:role/${name}`;
  fixture.sandbox.state.sts.putRole({
    roleArn,
    trustedAccountId: VENDOR,
    trustedRoleArn: `arn:aws:iam::${VENDOR}:role/rolelink-app`,
    externalId: "org-ext-id",
    sourceIdentityLike: "rolelink*",
    policies: statements,
  });
  const credentials: SandboxCredentials = await assumeSandboxRole(fixture.sandbox.origin, {
    vendorAccessKeyId: VENDOR_KEY,
    roleArn,
    externalId: "org-ext-id",
  });
  return new OrganizationsClient({
    region: "us-east-1",
    endpoint: new URL("organizations", fixture.sandbox.origin).toString(),
    credentials,
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  fixture = await startStackFixture();
  const organizations = fixture.sandbox.state.organizations;
  org = organizations.create({ managementAccountId: MANAGEMENT, name: "acme-management" });
  workloads = organizations.createUnit(org.id, { parentId: org.rootId, name: "Workloads" }).id;
  prod = organizations.createUnit(org.id, { parentId: workloads, name: "Prod" }).id;
  for (let i = 0; i < 22; i++)
    organizations.addAccount(org.id, {
      id: String(500000000000 + i),
      name: `member-${i}`,
      parentId: i < 10 ? workloads : i < 20 ? prod : org.rootId,
    });
  // A second organization's account must never show up in this one.
  const other = organizations.create({ managementAccountId: "555555555555" });
  organizations.addAccount(other.id, { id: "555555555556", name: "elsewhere" });
});

afterAll(async () => {
  await fixture.stop();
});

describe("the management account's role", () => {
  let client: OrganizationsClient;
  beforeAll(async () => {
    client = await clientFor(MANAGEMENT, "rolelink-management", allow(ORG_READS));
  });

  it("describes the organization", async () => {
    const { Organization: described } = await client.send(new DescribeOrganizationCommand({}));
    expect(described).toMatchObject({
      Id: org.id,
      MasterAccountId: MANAGEMENT,
      FeatureSet: "ALL",
      Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${org.id}`,
    });
  });

  it("lists every account, 20 a page, the management account included", async () => {
    const first = await client.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
    expect(first.NextToken).toBeDefined();
    const ids: string[] = [];
    for await (const pageOf of paginateListAccounts({ client }, {})) ids.push(...(pageOf.Accounts ?? []).map((a) => a.Id ?? ""));
    expect(ids).toHaveLength(23);
    expect(new Set(ids).size).toBe(23);
    expect(ids).toContain(MANAGEMENT);
    expect(ids).not.toContain("555555555556");
    expect(first.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it("walks the tree: roots, OUs under a parent, accounts under a parent, an account's parent", async () => {
    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots?.map((r) => r.Id)).toEqual([org.rootId]);
    const { OrganizationalUnits } = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: org.rootId }));
    expect(OrganizationalUnits?.map((u) => [u.Id, u.Name])).toEqual([[workloads, "Workloads"]]);
    const underProd = await client.send(new ListAccountsForParentCommand({ ParentId: prod }));
    expect(underProd.Accounts?.map((a) => a.Id)).toEqual(Array.from({ length: 10 }, (_, i) => String(500000000010 + i)));
    const { Parents } = await client.send(new ListParentsCommand({ ChildId: "500000000015" }));
    expect(Parents).toEqual([{ Id: prod, Type: "ORGANIZATIONAL_UNIT" }]);
    const ofOu = await client.send(new ListParentsCommand({ ChildId: prod }));
    expect(ofOu.Parents).toEqual([{ Id: workloads, Type: "ORGANIZATIONAL_UNIT" }]);
  });

  it("describes one account, and refuses unknown or malformed ids as AWS does", async () => {
    const { Account } = await client.send(new DescribeAccountCommand({ AccountId: "500000000003" }));
    expect(Account).toMatchObject({
      Id: "500000000003",
      Name: "member-3",
      Status: "ACTIVE",
      Arn: `arn:aws:organizations::${MANAGEMENT}:account/${org.id}/500000000003`,
    });
    expect(await awsError(client.send(new DescribeAccountCommand({ AccountId: "555555555556" })))).toMatchObject({
      name: "AccountNotFoundException",
      status: 400,
    });
    expect(await awsError(client.send(new ListAccountsForParentCommand({ ParentId: "ou-zzzz-zzzzzzzz" })))).toMatchObject({
      name: "ParentNotFoundException",
    });
    expect(await awsError(client.send(new ListAccountsForParentCommand({ ParentId: "../etc" })))).toMatchObject({
      name: "InvalidInputException",
    });
    expect(await awsError(client.send(new ListParentsCommand({ ChildId: "999999999999" })))).toMatchObject({
      name: "ChildNotFoundException",
    });
  });
});

describe("what Organizations refuses", () => {
  it("a member account may describe its organization but not list its accounts", async () => {
    const member = await clientFor("500000000001", "rolelink-member", allow(ORG_READS));
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe(org.id);
    expect(await awsError(member.send(new ListAccountsCommand({})))).toMatchObject({ name: "AccessDeniedException", status: 400 });
    expect(await awsError(member.send(new DescribeAccountCommand({ AccountId: "500000000002" })))).toMatchObject({
      name: "AccessDeniedException",
    });
  });

  it("the management account's role needs the action in its own policy", async () => {
    const narrow = await clientFor(MANAGEMENT, "rolelink-narrow", allow(["organizations:DescribeOrganization"]));
    expect(await awsError(narrow.send(new ListAccountsCommand({})))).toMatchObject({ name: "AccessDeniedException" });
    const denied = await clientFor(MANAGEMENT, "rolelink-denied", [
      ...allow(ORG_READS),
      { effect: "Deny", actions: ["organizations:List*"], resources: ["*"] },
    ]);
    expect(await awsError(denied.send(new ListParentsCommand({ ChildId: "500000000001" })))).toMatchObject({
      name: "AccessDeniedException",
    });
    expect((await denied.send(new DescribeAccountCommand({ AccountId: "500000000001" }))).Account?.Id).toBe("500000000001");
  });

  it("an account in no organization is told so", async () => {
    const outsider = await clientFor(OUTSIDER, "rolelink-outsider", allow(ORG_READS));
    expect(await awsError(outsider.send(new DescribeOrganizationCommand({})))).toMatchObject({ name: "AWSOrganizationsNotInUseException" });
  });

  it("the vendor's own key and unknown session keys are refused", async () => {
    const endpoint = new URL("organizations", fixture.sandbox.origin).toString();
    const vendor = new OrganizationsClient({
      region: "us-east-1",
      endpoint,
      credentials: { accessKeyId: VENDOR_KEY, secretAccessKey: "x" },
      maxAttempts: 1,
    });
    expect(await awsError(vendor.send(new ListAccountsCommand({})))).toMatchObject({ name: "AWSOrganizationsNotInUseException" });
    const forged = new OrganizationsClient({
      region: "us-east-1",
      endpoint,
      credentials: { accessKeyId: "ASIAFORGED0000000000", secretAccessKey: "x", sessionToken: "t" },
      maxAttempts: 1,
    });
    expect(await awsError(forged.send(new ListAccountsCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });
});
