/**
 * The vendor setup template, read from the file: the security-relevant parts a
 * reviewer (or AWS) would see. Types, properties and references are checked
 * against AWS's resource specification in resource-spec.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "@/lib/cfn/cfn-yaml";

interface Resource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string | string[];
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
interface Template {
  Parameters: Record<string, { AllowedPattern?: string; AllowedValues?: string[]; Default?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Condition?: string; Value: unknown }>;
}

const template = parseCfnYaml(readFileSync("cloudformation/vendor-setup.yaml", "utf8")) as Template;
const resource = (name: string): Resource => {
  const found = template.Resources[name];
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};
const statementsOf = (name: string, key = "PolicyDocument") =>
  (resource(name).Properties[key] as { Statement: Statement[] }).Statement;
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const fullMatch = (pattern: string | undefined) => new RegExp(`^(?:${pattern ?? ""})$`);

describe("vendor setup: SNS delivery to rolelink", () => {
  it("accepts only an https endpoint on /api/sns (or none yet)", () => {
    const endpoint = fullMatch(template.Parameters.EndpointUrl?.AllowedPattern);
    expect(endpoint.test("")).toBe(true);
    for (const ok of ["https://rolelink.example.com/api/sns", "https://app.vendor.io:8443/api/sns"]) expect(endpoint.test(ok), ok).toBe(true);
    for (const bad of [
      "http://rolelink.example.com/api/sns",
      "https://rolelink.example.com/api/sns?x=1",
      "https://rolelink.example.com/other",
      "https://user@rolelink.example.com/api/sns",
      "https://rolelink.example.com/api/sns\nhttp://evil",
      "HTTPS://rolelink.example.com/api/sns/",
      " ",
    ]) {
      expect(endpoint.test(bad), bad).toBe(false);
    }
  });

  it("subscribes the endpoint over https, raw delivery off, failures to the dead-letter queue", () => {
    const subscription = resource("Subscription");
    expect(subscription.Type).toBe("AWS::SNS::Subscription");
    expect(subscription.Condition).toBe("HasEndpoint"); // created once the endpoint is given
    expect(template.Conditions.HasEndpoint).toEqual({ "Fn::Not": [{ "Fn::Equals": [{ Ref: "EndpointUrl" }, ""] }] });
    expect(Object.values(template.Resources).filter((r) => r.Type === "AWS::SNS::Subscription")).toHaveLength(1);
    expect(subscription.Properties).toMatchObject({
      TopicArn: { Ref: "Topic" },
      Protocol: "https",
      Endpoint: { Ref: "EndpointUrl" },
      RawMessageDelivery: false,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] } },
    });
    expect(subscription.DependsOn).toBe("DeadLetterQueuePolicy");
    expect(resource("DeadLetterQueue").Type).toBe("AWS::SQS::Queue");
  });

  it("retries within SNS's limits (at most 100 retries, 3600 s in all) and past a short outage", () => {
    const policy = (resource("Subscription").Properties.DeliveryPolicy as { healthyRetryPolicy: Record<string, number | string> }).healthyRetryPolicy;
    const { numRetries, numNoDelayRetries, numMinDelayRetries, numMaxDelayRetries, minDelayTarget, maxDelayTarget } = policy as Record<string, number>;
    expect(numRetries!).toBeLessThanOrEqual(100);
    expect(numNoDelayRetries! + numMinDelayRetries! + numMaxDelayRetries!).toBeLessThanOrEqual(numRetries!);
    const worstCaseSeconds = numRetries! * maxDelayTarget!;
    expect(worstCaseSeconds).toBeLessThanOrEqual(3600);
    const bestCaseSeconds = numMinDelayRetries! * minDelayTarget! + numMaxDelayRetries! * maxDelayTarget!;
    expect(bestCaseSeconds).toBeGreaterThan(60); // SNS's default gives up after about 60 s
  });

  it("lets only this topic, through the SNS service, send to the dead-letter queue", () => {
    expect(resource("DeadLetterQueuePolicy").Properties.Queues).toEqual([{ Ref: "DeadLetterQueue" }]);
    expect(statementsOf("DeadLetterQueuePolicy")).toEqual([
      {
        Sid: expect.any(String),
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] },
        Condition: { ArnEquals: { "aws:SourceArn": { Ref: "Topic" } } },
      },
    ]);
  });
});

describe("vendor setup: who may publish", () => {
  it("per-account is the default; the open policy exists only when PublishAccess is open", () => {
    expect(template.Parameters.PublishAccess).toMatchObject({ Default: "per-account", AllowedValues: ["per-account", "open"] });
    expect(template.Conditions.IsOpenPublish).toEqual({ "Fn::Equals": [{ Ref: "PublishAccess" }, "open"] });
    const topicPolicies = Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::SNS::TopicPolicy");
    expect(topicPolicies.map(([name, r]) => [name, r.Condition])).toEqual([["OpenPublishPolicy", "IsOpenPublish"]]);
  });

  it("in open mode, anyone may only Publish to this topic; management stays with the vendor account", () => {
    const statements = statementsOf("OpenPublishPolicy");
    const open = statements.filter((s) => JSON.stringify(s.Principal).includes('"*"'));
    expect(open).toEqual([{ Sid: expect.any(String), Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: { Ref: "Topic" } }]);
    const rest = statements.filter((s) => !open.includes(s));
    for (const s of rest) expect(s.Principal).toEqual({ AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" } });
  });
});

describe("vendor setup: the template bucket (primary region only)", () => {
  it("is created only in the primary region, encrypted, versioned, ACLs blocked", () => {
    const bucket = resource("TemplateBucket");
    expect(bucket.Condition).toBe("IsPrimaryRegion");
    expect(template.Conditions.IsPrimaryRegion).toEqual({ "Fn::Equals": [{ Ref: "AWS::Region" }, { Ref: "PrimaryRegion" }] });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
  });

  it("makes public only GetObject under rolelink-role/, and refuses plain http", () => {
    const statements = statementsOf("TemplateBucketPolicy");
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows).toEqual([
      { Sid: expect.any(String), Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: { "Fn::Sub": "${TemplateBucket.Arn}/rolelink-role/*" } },
    ]);
    const deny = statements.find((s) => s.Effect === "Deny");
    expect(deny).toMatchObject({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(resource("TemplateBucketPolicy").Condition).toBe("IsPrimaryRegion");
  });
});

describe("vendor setup: the app's IAM policy", () => {
  const statements = statementsOf("AppPolicy");

  it("allows exactly the calls the app makes, and no wildcard action", () => {
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
    expect(statements.flatMap(actions).sort()).toEqual(
      ["s3:PutObject", "sns:AddPermission", "sns:GetTopicAttributes", "sns:RemovePermission", "sts:AssumeRole", "sts:SetSourceIdentity"].sort(),
    );
  });

  it("scopes each action: customer roles (optionally by prefix), rolelink's topics by name, the template prefix", () => {
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s.Resource]));
    expect(bySid.AssumeCustomerRoles).toEqual({
      "Fn::If": [
        "HasRolePrefix",
        { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${RolePathOrNamePrefix}*" },
        { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/*" },
      ],
    });
    expect(bySid.ManageRolelinkTopicPermissions).toEqual({ "Fn::Sub": "arn:${AWS::Partition}:sns:*:${AWS::AccountId}:${TopicName}" });
    expect(bySid.PublishCustomerTemplate).toEqual({ "Fn::Sub": "${TemplateBucket.Arn}/rolelink-role/*" });
    expect(fullMatch(template.Parameters.RolePathOrNamePrefix?.AllowedPattern).test("rolelink*")).toBe(false);
  });
});

describe("vendor setup: the role rolelink runs as (the principal customers trust)", () => {
  it("is one named role in the primary region, assumable only by the compute service, with the app's policy", () => {
    const role = resource("AppRole");
    expect(role).toMatchObject({ Type: "AWS::IAM::Role", Condition: "IsPrimaryRegion", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    // A fixed name: customers' trust policies name this ARN, and a re-created role would no longer match them.
    expect(role.Properties.RoleName).toEqual({ Ref: "AppRoleName" });
    expect(template.Parameters.AppRoleName?.Default).toBe("rolelink-app");
    expect(statementsOf("AppRole", "AssumeRolePolicyDocument")).toEqual([
      { Effect: "Allow", Principal: { Service: { Ref: "AppRunsOn" } }, Action: "sts:AssumeRole" },
    ]);
    const service = fullMatch(template.Parameters.AppRunsOn?.AllowedPattern);
    expect(["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"].every((v) => service.test(v))).toBe(true);
    expect(["*", "arn:aws:iam::111111111111:root", "evil.example.com"].some((v) => service.test(v))).toBe(false);
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: "AppPolicy" }]);
    expect(template.Outputs.AppRoleArn).toMatchObject({ Condition: "IsPrimaryRegion", Value: { "Fn::GetAtt": ["AppRole", "Arn"] } });
  });
});

describe("vendor setup: the template as a whole", () => {
  it("has no Allow statement with a wildcard action anywhere", () => {
    const policies = Object.values(template.Resources).flatMap((r) =>
      ["PolicyDocument"].flatMap((key) => ((r.Properties[key] as { Statement?: Statement[] } | undefined)?.Statement ?? [])),
    );
    expect(policies.length).toBeGreaterThan(5);
    const wild = policies.filter((s) => s.Effect === "Allow" && actions(s).some((a) => a.includes("*")));
    expect(wild).toEqual([]);
  });

  it("outputs the topic in every region and the bucket only where it exists", () => {
    expect(template.Outputs.TopicArn).toEqual({ Description: expect.any(String), Value: { Ref: "Topic" } });
    for (const name of ["TemplateBucketName", "TemplateBucketUrl", "AppPolicyArn"]) expect(template.Outputs[name]?.Condition, name).toBe("IsPrimaryRegion");
  });
});
