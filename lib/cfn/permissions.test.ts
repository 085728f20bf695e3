/**
 * The customer template's permissions, held to AWS's own service
 * authorization data: every action exists, only List and Read are granted,
 * and the secret-bearing reads are denied and granted nowhere.
 */
import { describe, expect, it } from "vitest";
import { countByAccessLevel, expandPermissions, groupByService } from "./permissions";
import { SECRET_BEARING_READS } from "./secret-bearing-reads";
import { loadOrgTemplate, orgPermissionStatements } from "./org-template";
import { loadCustomerTemplate, permissionStatements } from "./template";
import type { PolicyStatement } from "./template-schema";

const allow = (...actions: string[]): PolicyStatement => ({ Effect: "Allow", Action: actions, Resource: "*" });
const deny = (...actions: string[]): PolicyStatement => ({ Effect: "Deny", Action: actions, Resource: "*" });

async function templatePermissions() {
  return expandPermissions(permissionStatements(loadCustomerTemplate().document));
}

describe("the customer template's permissions", () => {
  it("names only actions AWS knows", async () => {
    const expanded = await templatePermissions();
    expect(expanded.unknown).toEqual([]);
    for (const pattern of expanded.patterns) expect(pattern.actions.length, pattern.pattern).toBeGreaterThan(0);
  });

  it("grants only List and Read actions", async () => {
    const { granted } = await templatePermissions();
    const notReadOnly = granted
      .filter((a) => a.accessLevel !== "List" && a.accessLevel !== "Read")
      .map((a) => `${a.action} (${a.accessLevel})`);
    expect(notReadOnly).toEqual([]);
    expect(granted.length).toBeGreaterThan(10);
  });

  it("grants none of the reads that return secrets or data, whatever AWS's access level says", async () => {
    const { granted } = await templatePermissions();
    const secret = new Set(SECRET_BEARING_READS.map((a) => a.toLowerCase()));
    expect(granted.filter((a) => secret.has(a.action.toLowerCase())).map((a) => a.action)).toEqual([]);
  });

  it("denies every EC2 secret-bearing read outright", async () => {
    const { denied } = await templatePermissions();
    const deniedNames = new Set(denied.map((a) => a.action));
    expect(SECRET_BEARING_READS.filter((a) => a.startsWith("ec2:") && !deniedNames.has(a))).toEqual([]);
  });

  it("knows every secret-bearing read it lists (a typo there would hide nothing)", async () => {
    const { unknown } = await expandPermissions([allow(...SECRET_BEARING_READS)]);
    expect(unknown).toEqual([]);
  });

  it("denies the reads that return user data, console output and passwords, and allows none of them", async () => {
    const { patterns, denied } = await templatePermissions();
    const deniedNames = denied.map((a) => a.action);
    for (const secret of [
      "ec2:DescribeInstanceAttribute",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetPasswordData",
      "ec2:GetConsoleOutput",
    ]) {
      expect(deniedNames).toContain(secret);
    }
    const allowedAnywhere = new Set(patterns.filter((p) => p.effect === "Allow").flatMap((p) => p.actions.map((a) => a.action)));
    expect(deniedNames.filter((name) => allowedAnywhere.has(name))).toEqual([]);
  });

  it("counts the granted actions by access level (the review prints these)", async () => {
    const { granted } = await templatePermissions();
    const counts = countByAccessLevel(granted);
    expect((counts.List ?? 0) + (counts.Read ?? 0)).toBe(granted.length);
    expect(groupByService(granted).map((g) => [g.service, g.serviceName])).toEqual([
      ["cloudformation", "AWS CloudFormation"],
      ["ec2", "Amazon EC2"],
    ]);
  });
});

describe("the organization template's management role", () => {
  const ORGANIZATION_READS = [
    "organizations:DescribeAccount",
    "organizations:DescribeOrganization",
    "organizations:ListAccounts",
    "organizations:ListAccountsForParent",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListParents",
  ];

  it("grants what a member role grants plus six Organizations reads, all List or Read, none unknown", async () => {
    const [member, management] = await Promise.all([
      templatePermissions(),
      expandPermissions(orgPermissionStatements(loadOrgTemplate().document)),
    ]);
    expect(management.unknown).toEqual([]);
    const names = (list: Array<{ action: string }>) => list.map((a) => a.action);
    expect(names(management.granted).filter((name) => !names(member.granted).includes(name))).toEqual(ORGANIZATION_READS);
    expect(names(member.granted).filter((name) => !names(management.granted).includes(name))).toEqual([]);
    expect(names(management.denied)).toEqual(names(member.denied));
    const notReadOnly = management.granted.filter((a) => a.accessLevel !== "List" && a.accessLevel !== "Read").map((a) => a.action);
    expect(notReadOnly).toEqual([]);
  });
});

describe("expandPermissions", () => {
  it("expands the old ec2:Describe* wildcard to the user-data reads the review must not hide", async () => {
    const { granted } = await expandPermissions([allow("ec2:Describe*")]);
    const names = granted.map((a) => a.action);
    expect(names).toContain("ec2:DescribeInstanceAttribute");
    expect(names).toContain("ec2:DescribeLaunchTemplateVersions");
    expect(names.every((name) => name.startsWith("ec2:Describe"))).toBe(true);
  });

  it("reports a misspelt action or service as granting nothing", async () => {
    const { unknown, granted } = await expandPermissions([
      allow("ec2:DescribeInstance", "ec2:DescribeVpcs", "ecc2:DescribeVpcs", "*:Get*"),
    ]);
    expect(unknown).toEqual(["ec2:DescribeInstance", "ecc2:DescribeVpcs", "*:Get*"]);
    expect(granted.map((a) => a.action)).toEqual(["ec2:DescribeVpcs"]);
  });

  it("matches patterns case-insensitively with * and ?, as IAM does", async () => {
    const { granted } = await expandPermissions([allow("EC2:describevpc?", "s3:GetBucketPolic*")]);
    expect(granted.map((a) => a.action)).toEqual(["ec2:DescribeVpcs", "s3:GetBucketPolicy", "s3:GetBucketPolicyStatus"]);
  });

  it("shows a Write action with its level, so the read-only check can fail", async () => {
    const { granted } = await expandPermissions([allow("ec2:TerminateInstances", "iam:PassRole")]);
    expect(granted.map((a) => [a.action, a.accessLevel])).toEqual([
      ["ec2:TerminateInstances", "Write"],
      ["iam:PassRole", "Write"],
    ]);
  });

  it.each<[string, PolicyStatement]>([
    ["one resource", { Effect: "Deny", Action: ["ec2:DescribeInstanceAttribute"], Resource: "arn:aws:ec2:*:*:instance/i-1" }],
    [
      "a condition",
      {
        Effect: "Deny",
        Action: ["ec2:DescribeInstanceAttribute"],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
      },
    ],
  ])("refuses a Deny narrowed to %s: the action would still be granted elsewhere", async (_name, narrow) => {
    await expect(expandPermissions([allow("ec2:DescribeInstanceAttribute"), narrow])).rejects.toThrow(
      /Deny must cover Resource "\*" without a Condition/,
    );
  });

  it("takes denied actions out of what is granted", async () => {
    const { granted, denied } = await expandPermissions([
      allow("ec2:DescribeVpcs", "ec2:DescribeInstanceAttribute"),
      deny("ec2:DescribeInstanceAttribute"),
    ]);
    expect(granted.map((a) => a.action)).toEqual(["ec2:DescribeVpcs"]);
    expect(denied.map((a) => a.action)).toEqual(["ec2:DescribeInstanceAttribute"]);
    expect(granted[0]?.description).toMatch(/VPC/i);
  });
});
