import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "./cfn-yaml";
import { describeOrgTemplate, loadOrgTemplate, ORG_TEMPLATE_PATH, parseOrgTemplate } from "./org-template";
import { loadCustomerTemplate } from "./template";

type Raw = {
  Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, unknown> }>;
  Parameters: Record<string, Record<string, unknown>>;
  Mappings: { Rolelink: { Template: { Version: string } } };
};

const { text, document, version } = loadOrgTemplate();
const raw = parseCfnYaml(text) as Raw;
const account = parseCfnYaml(loadCustomerTemplate().text) as Raw;
const policiesOf = (template: Raw) =>
  template.Resources.Role!.Properties.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }>;
const policy = (template: Raw, name: string) => policiesOf(template).find((p) => p.PolicyName === name)?.PolicyDocument;

describe("organization template: what the management account gets", () => {
  it("is the file at ORG_TEMPLATE_PATH with one version in Metadata and the Mapping", () => {
    expect(text).toBe(readFileSync(ORG_TEMPLATE_PATH, "utf8"));
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(raw.Mappings.Rolelink.Template.Version).toBe(version);
  });

  it("trusts exactly what the account template trusts: one rolelink role, the External ID, a rolelink SourceIdentity", () => {
    expect(raw.Resources.Role!.Properties.AssumeRolePolicyDocument).toEqual(account.Resources.Role!.Properties.AssumeRolePolicyDocument);
    expect(raw.Resources.Role!.Properties.MaxSessionDuration).toBe(3600);
    expect(raw.Resources.Role!.Properties.RoleName).toBeUndefined();
    expect(raw.Resources.Role!.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("reads the management account exactly as a member account is read, plus the organization's structure", () => {
    expect(policy(raw, "rolelink-read-only")).toEqual(policy(account, "rolelink-read-only"));
    expect(policy(raw, "rolelink-confirm-this-stack")).toEqual(policy(account, "rolelink-confirm-this-stack"));
    expect(policy(raw, "rolelink-read-organization")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: expect.any(String),
          Effect: "Allow",
          Action: [
            "organizations:DescribeOrganization",
            "organizations:ListAccounts",
            "organizations:DescribeAccount",
            "organizations:ListAccountsForParent",
            "organizations:ListParents",
            "organizations:ListOrganizationalUnitsForParent",
          ],
          Resource: "*",
        },
      ],
    });
    expect(policiesOf(raw).map((p) => p.PolicyName)).toEqual([
      "rolelink-read-only",
      "rolelink-confirm-this-stack",
      "rolelink-read-organization",
    ]);
  });

  it("phones home like the account template, adding the targets, before the StackSet exists", () => {
    const phoneHome = raw.Resources.PhoneHome!;
    const accountPhoneHome = account.Resources.PhoneHome!;
    expect(phoneHome.Type).toBe(accountPhoneHome.Type);
    expect(phoneHome.Properties).toEqual({
      ...accountPhoneHome.Properties,
      OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" },
      CallAs: { Ref: "CallAs" },
    });
    // Members are confirmed with this role, so rolelink must know it first; on delete the order reverses.
    expect(raw.Resources.MemberStackSet!.DependsOn).toBe("PhoneHome");
  });

  it("deploys the account template with a service-managed, auto-deploying StackSet to the targets in this region only", () => {
    expect(raw.Resources.MemberStackSet!.Type).toBe("AWS::CloudFormation::StackSet");
    expect(raw.Resources.MemberStackSet!.Properties).toMatchObject({
      PermissionModel: "SERVICE_MANAGED",
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ["CAPABILITY_IAM"],
      CallAs: { Ref: "CallAs" },
      TemplateURL: { Ref: "MemberTemplateURL" },
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: { Ref: "OrganizationalUnitIds" } }, Regions: [{ Ref: "AWS::Region" }] },
      ],
    });
    const { stackSet } = describeOrgTemplate(document);
    // 100 at a time, and one account's failure does not stop the rollout.
    expect(stackSet.operationPreferences).toEqual({
      ConcurrencyMode: "SOFT_FAILURE_TOLERANCE",
      MaxConcurrentCount: 100,
      FailureTolerancePercentage: 100,
      RegionConcurrencyType: "PARALLEL",
    });
  });

  it("gives every member stack each account-template parameter from its own parameter of the same name", () => {
    const { stackSet } = describeOrgTemplate(document);
    const accountParameters = Object.keys(account.Parameters);
    expect(Object.keys(stackSet.memberParameters).sort()).toEqual([...accountParameters].sort());
    for (const [member, own] of Object.entries(stackSet.memberParameters)) {
      expect(own).toBe(member);
      // Same constraints, so a value the organization stack accepts is one every member stack accepts.
      expect(raw.Parameters[own]!.AllowedPattern).toBe(account.Parameters[member]!.AllowedPattern);
    }
  });

  it("accepts only root and OU IDs as targets, each checked", () => {
    const targets = raw.Parameters.OrganizationalUnitIds!;
    expect(targets.Type).toBe("CommaDelimitedList");
    const pattern = new RegExp(String(targets.AllowedPattern));
    expect(["r-ab12", "ou-ab12-abcdefgh", "ou-0a1b-0a1b2c3d4e"].every((v) => pattern.test(v))).toBe(true);
    expect(["", "r-", "ou-ab12", "123456789012", "r-AB12", "ou-ab12-abcdefgh,ou-x", "*"].some((v) => pattern.test(v))).toBe(false);
    expect(raw.Parameters.CallAs!.AllowedValues).toEqual(["SELF", "DELEGATED_ADMIN"]);
  });

  it("states the trusted-access prerequisite where the customer reads the template", () => {
    expect(text).toMatch(/trusted access for CloudFormation StackSets/i);
  });

  it("never hard-codes a partition in an ARN", () => {
    const withoutComments = text
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .join("\n");
    expect(withoutComments).not.toMatch(/arn:aws[-:]/);
  });
});

describe("describeOrgTemplate", () => {
  it("reviews the management role with the account template's review, and sends back the targets", () => {
    const review = describeOrgTemplate(document);
    expect(review.version).toBe(version);
    expect(review.role.trust.condition).toEqual({
      StringEquals: { "sts:ExternalId": "${ExternalId}" },
      StringLike: { "sts:SourceIdentity": "rolelink*" },
    });
    expect(review.role.sendsBack).toEqual([
      "RoleArn",
      "AccountID",
      "ExternalID",
      "Region",
      "TemplateVersion",
      "OrganizationalUnitIds",
      "CallAs",
    ]);
    expect(review.role.permissions.flatMap((p) => p.actions)).toContain("organizations:ListAccounts");
    expect(review.stackSet).toMatchObject({
      logicalId: "MemberStackSet",
      targetsParameter: "OrganizationalUnitIds",
      templateUrlParameter: "MemberTemplateURL",
    });
  });

  it.each([
    ["a self-managed StackSet", "PermissionModel: SERVICE_MANAGED", "PermissionModel: SELF_MANAGED", /PermissionModel/],
    [
      "stacks retained on account removal",
      "RetainStacksOnAccountRemoval: false",
      "RetainStacksOnAccountRemoval: true",
      /RetainStacksOnAccountRemoval/,
    ],
    ["auto-deployment off", "        Enabled: true\n", "        Enabled: false\n", /AutoDeployment.Enabled/],
    ["a second region", "            - !Ref AWS::Region\n", "            - !Ref AWS::Region\n            - eu-west-1\n", /Regions/],
    ["a fixed region", "            - !Ref AWS::Region\n", "            - eu-west-1\n", /Regions/],
    [
      "a managed policy on the role",
      "      MaxSessionDuration: 3600",
      "      MaxSessionDuration: 3600\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]",
      /managed policies/,
    ],
    [
      "a trust without the External ID",
      "              StringEquals:\n                sts:ExternalId: !Ref ExternalId\n",
      "",
      /sts:ExternalId condition/,
    ],
    ["an extra resource", "\nOutputs:", "\n  Extra:\n    Type: AWS::IAM::User\n    Properties: {}\n\nOutputs:", /cannot describe: Extra/],
  ])("refuses a template with %s", (_name, from, to, reason) => {
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    expect(() => describeOrgTemplate(parseOrgTemplate(edited).document)).toThrow(reason);
  });
});
