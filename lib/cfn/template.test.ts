import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLE_NAME_WITH_PATH_PATTERN } from "@/lib/aws/identifiers";
import { parseCfnYaml } from "./cfn-yaml";
import {
  CUSTOMER_TEMPLATE_PATH,
  describeTemplate,
  loadCustomerTemplate,
  parseCustomerTemplate,
  renderPermissionsPolicy,
  renderTrustPolicy,
} from "./template";

const { text, document, version } = loadCustomerTemplate();
const raw = parseCfnYaml(text) as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Parameters: Record<string, Record<string, unknown>>;
  Outputs: Record<string, { Value: unknown }>;
  Mappings: { Rolelink: { Template: { Version: string } } };
};
const role = raw.Resources.Role!;
const trust = role.Properties.AssumeRolePolicyDocument as { Statement: Array<Record<string, unknown>> };

/** STS's documented constraints on ExternalId: 2-1224 characters of [\w+=,.@:/-]. */
const STS_EXTERNAL_ID = "[\\w+=,.@:/-]*";

describe("customer template: security properties read from the file", () => {
  it("is the file at CUSTOMER_TEMPLATE_PATH, read once", () => {
    expect(text).toBe(readFileSync(CUSTOMER_TEMPLATE_PATH, "utf8"));
    expect(loadCustomerTemplate()).toBe(loadCustomerTemplate());
  });

  it("has one version in Metadata and the Mapping the stack reports back", () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(raw.Mappings.Rolelink.Template.Version).toBe(version);
    expect(raw.Resources.PhoneHome!.Properties.TemplateVersion).toEqual({ "Fn::FindInMap": ["Rolelink", "Template", "Version"] });
  });

  it("parameters enforce STS's External ID rules, a 12-digit account and an IAM role name", () => {
    const { ExternalId, TrustedAccount, TrustedRoleName, SnsTopicArn } = raw.Parameters;
    const rolePattern = new RegExp(String(TrustedRoleName!.AllowedPattern));
    expect(["rolelink-app", "service-role/rolelink-app", "a/b/c"].every((v) => rolePattern.test(v))).toBe(true);
    expect(["", "*", "rolelink app", "/rolelink-app", "x".repeat(65)].some((v) => rolePattern.test(v))).toBe(false);
    expect(TrustedRoleName!.Default).toBe("rolelink-app");
    // The configuration check (lib/env.ts) uses the same pattern, so a configured role always fits the parameter.
    expect(new RegExp(String(TrustedRoleName!.AllowedPattern)).source).toBe(ROLE_NAME_WITH_PATH_PATTERN.source);
    expect(ExternalId).toMatchObject({ Type: "String", MinLength: 2, MaxLength: 1224, AllowedPattern: STS_EXTERNAL_ID });
    expect(ExternalId!.NoEcho).toBeUndefined(); // quick-create links ignore NoEcho parameters
    const accountPattern = new RegExp(`^(?:${String(TrustedAccount!.AllowedPattern)})$`);
    expect(["111111111111", "000000000000"].every((v) => accountPattern.test(v))).toBe(true);
    expect(["11111111111", "1111111111111", "11111111111a", "*", ""].some((v) => accountPattern.test(v))).toBe(false);
    expect(SnsTopicArn).toMatchObject({ Type: "String" });
    const topicPattern = new RegExp(`^(?:${String(SnsTopicArn!.AllowedPattern)})$`);
    expect(topicPattern.test("arn:aws:sns:us-east-1:111111111111:rolelink")).toBe(true);
    expect(topicPattern.test("arn:aws:sqs:us-east-1:111111111111:rolelink")).toBe(false);
  });

  it("trusts only rolelink's role, through the partition, only with the External ID and a rolelink SourceIdentity", () => {
    expect(role.Type).toBe("AWS::IAM::Role");
    expect(role.Properties.RoleName).toBeUndefined(); // CAPABILITY_IAM is enough
    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(trust.Statement).toEqual([
      {
        Sid: expect.any(String),
        Effect: "Allow",
        Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccount}:role/${TrustedRoleName}" } },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } }, StringLike: { "sts:SourceIdentity": "rolelink*" } },
      },
    ]);
  });

  it("grants read-only permissions, in one inline policy, with no managed policies", () => {
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: "rolelink-read-only",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            // Named actions only (permissions.test.ts holds each to AWS's List/Read levels) ...
            { Sid: expect.any(String), Effect: "Allow", Action: expect.arrayContaining(["ec2:DescribeInstances"]), Resource: "*" },
            // ... and the secret-bearing reads denied outright.
            { Sid: expect.any(String), Effect: "Deny", Action: expect.arrayContaining(["ec2:DescribeInstanceAttribute"]), Resource: "*" },
          ],
        },
      },
      // rolelink confirms what the stack tells it from inside the account: two reads, on this stack only.
      {
        PolicyName: "rolelink-confirm-this-stack",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: expect.any(String),
              Effect: "Allow",
              Action: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
              Resource: { "Fn::Sub": "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*" },
            },
          ],
        },
      },
    ]);
    expect(text).toContain("PERMISSIONS — edit here");
    expect(
      Object.values(raw.Resources)
        .map((r) => r.Type)
        .sort(),
    ).toEqual(["AWS::IAM::Role", "Custom::RolelinkPhoneHome"]);
  });

  it("phones home through the SNS topic with a short timeout and only non-secret properties", () => {
    expect(raw.Resources.PhoneHome).toEqual({
      Type: "Custom::RolelinkPhoneHome",
      Properties: {
        ServiceToken: { Ref: "SnsTopicArn" },
        ServiceTimeout: 300,
        RoleArn: { "Fn::GetAtt": ["Role", "Arn"] },
        AccountID: { Ref: "AWS::AccountId" },
        ExternalID: { Ref: "ExternalId" },
        Region: { Ref: "AWS::Region" },
        TemplateVersion: { "Fn::FindInMap": ["Rolelink", "Template", "Version"] },
      },
    });
    expect(raw.Outputs.RoleArn!.Value).toEqual({ "Fn::GetAtt": ["Role", "Arn"] });
  });

  it("never hard-codes a partition in an ARN", () => {
    const withoutComments = text
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .join("\n");
    expect(withoutComments).not.toMatch(/arn:aws[-:]/);
  });
});

describe("describeTemplate", () => {
  const review = describeTemplate(document);

  it("lists exactly the actions and resources in the template file", () => {
    const policies = role.Properties.Policies as Array<{
      PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: string }> };
    }>;
    const fileActions = policies.flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
    expect(review.permissions.flatMap((p) => p.actions)).toEqual(fileActions);
    expect(fileActions.filter((action) => action.includes("*"))).toEqual([]);
    expect(review.permissions).toEqual([
      { effect: "Allow", actions: expect.arrayContaining(["ec2:DescribeInstances", "ec2:DescribeVpcs"]), resources: ["*"] },
      { effect: "Deny", actions: expect.arrayContaining(["ec2:DescribeLaunchTemplateVersions"]), resources: ["*"] },
      {
        effect: "Allow",
        actions: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
        resources: ["arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*"],
      },
    ]);
    expect(review.trust).toEqual({
      principals: ["arn:${AWS::Partition}:iam::${TrustedAccount}:role/${TrustedRoleName}"],
      actions: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      condition: { StringEquals: { "sts:ExternalId": "${ExternalId}" }, StringLike: { "sts:SourceIdentity": "rolelink*" } },
    });
  });

  it("reports the version, what is sent back and the parameters", () => {
    expect(review.version).toBe(version);
    expect(review.sendsBack).toEqual(["RoleArn", "AccountID", "ExternalID", "Region", "TemplateVersion"]);
    expect(review.parameters.map((p) => p.name)).toEqual(["ExternalId", "TrustedAccount", "TrustedRoleName", "SnsTopicArn"]);
    expect(review.parameters.every((p) => p.description.length > 0)).toBe(true);
  });

  it("follows an edit of the permissions block", () => {
    const edited = text.replace("- ec2:DescribeTags", "- ec2:DescribeTags\n                  - s3:ListAllMyBuckets");
    const { document: editedDoc } = parseCustomerTemplate(edited);
    expect(describeTemplate(editedDoc).permissions[0]!.actions.slice(-2)).toEqual(["ec2:DescribeTags", "s3:ListAllMyBuckets"]);
  });

  it.each([
    [
      "a managed policy",
      "      MaxSessionDuration: 3600",
      "      MaxSessionDuration: 3600\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]",
      /managed policies/,
    ],
    [
      "a trust statement without the External ID",
      "              StringEquals:\n                sts:ExternalId: !Ref ExternalId\n",
      "",
      /sts:ExternalId condition/,
    ],
    [
      "a trust statement without the SourceIdentity",
      '              StringLike:\n                sts:SourceIdentity: "rolelink*"\n',
      "",
      /sts:SourceIdentity rolelink/,
    ],
    [
      "a second trusted principal",
      '              AWS: !Sub "arn:${AWS::Partition}:iam::${TrustedAccount}:role/${TrustedRoleName}"',
      '              AWS: !Sub "arn:${AWS::Partition}:iam::${TrustedAccount}:role/${TrustedRoleName}"\n              Service: ec2.amazonaws.com',
      /exactly one AWS principal/,
    ],
    [
      "a list of External IDs",
      "sts:ExternalId: !Ref ExternalId",
      "sts:ExternalId: [!Ref ExternalId, shared-id]",
      /one StringEquals sts:ExternalId/,
    ],
    [
      "a second trust statement",
      "      Policies:\n",
      '          - Effect: Allow\n            Principal: { AWS: "*" }\n            Action: sts:AssumeRole\n      Policies:\n',
      /exactly one Allow statement/,
    ],
    [
      "a SourceIdentity condition naming anyone",
      'sts:SourceIdentity: "rolelink*"',
      'sts:SourceIdentity: "*"',
      /sts:SourceIdentity rolelink/,
    ],
    ["an extra IAM resource", "Outputs:", "  Extra:\n    Type: AWS::IAM::Policy\n    Properties: {}\nOutputs:", /cannot describe: Extra/],
    [
      "NotAction",
      "                Action:\n                  - ec2:DescribeRegions",
      "                NotAction:\n                  - ec2:DescribeRegions",
      /NotAction/,
    ],
  ])("refuses to summarise a template with %s", (_name, from, to, reason) => {
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    expect(() => describeTemplate(parseCustomerTemplate(edited).document)).toThrow(reason);
  });

  it("refuses a version mismatch and unknown YAML tags", () => {
    expect(() => parseCustomerTemplate(text.replace(`      Version: "${version}"`, '      Version: "9.9.9"'))).toThrow(/differs/);
    expect(() => parseCustomerTemplate(text.replace("!Ref ExternalId", "!Reff ExternalId"))).toThrow(/Unresolved tag/);
  });
});

describe("renderTrustPolicy / renderPermissionsPolicy", () => {
  it("gives the concrete trust policy the customer's account will hold", () => {
    const policy = renderTrustPolicy(document, {
      vendorPrincipalArn: "arn:aws:iam::111111111111:role/rolelink-app",
      externalId: "rl-abc+=,.@:/-_",
    });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: expect.any(String),
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:role/rolelink-app" },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { StringEquals: { "sts:ExternalId": "rl-abc+=,.@:/-_" }, StringLike: { "sts:SourceIdentity": "rolelink*" } },
        },
      ],
    });
    const china = renderTrustPolicy(document, {
      vendorPrincipalArn: "arn:aws-cn:iam::111111111111:role/ops/rolelink-app",
      externalId: "rl-x",
    });
    expect(china.Statement[0]!.Principal).toEqual({ AWS: "arn:aws-cn:iam::111111111111:role/ops/rolelink-app" });
  });

  it("rejects values STS or IAM would reject", () => {
    const vendorPrincipalArn = "arn:aws:iam::111111111111:role/rolelink-app";
    expect(() => renderTrustPolicy(document, { vendorPrincipalArn: "arn:aws:iam::111111111111:root", externalId: "rl-x" })).toThrow();
    expect(() => renderTrustPolicy(document, { vendorPrincipalArn: "arn:aws:iam::111111111111:user/bob", externalId: "rl-x" })).toThrow();
    expect(() => renderTrustPolicy(document, { vendorPrincipalArn, externalId: "x" })).toThrow();
    expect(() => renderTrustPolicy(document, { vendorPrincipalArn, externalId: "has space" })).toThrow();
  });

  it("gives the permissions policy as it will exist in the customer's stack", () => {
    expect(
      renderPermissionsPolicy(document, { accountId: "222222222222", region: "eu-west-1", stackName: "rolelink-222222222222-abcd1234" }),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: expect.any(String), Effect: "Allow", Action: expect.arrayContaining(["ec2:DescribeInstances"]), Resource: "*" },
        { Sid: expect.any(String), Effect: "Deny", Action: expect.arrayContaining(["ec2:GetPasswordData"]), Resource: "*" },
        {
          Sid: expect.any(String),
          Effect: "Allow",
          Action: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
          Resource: "arn:aws:cloudformation:eu-west-1:222222222222:stack/rolelink-222222222222-abcd1234/*",
        },
      ],
    });
  });
});
