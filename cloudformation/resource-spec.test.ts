/**
 * Every template in cloudformation/ checked against AWS's CloudFormation
 * resource specification, so a misspelt type, property or attribute fails
 * `npm test` instead of a customer's (or the vendor's) stack.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "@/lib/cfn/cfn-yaml";
import { checkTemplate } from "@/test/cfn-resource-spec";

const templates = readdirSync("cloudformation").filter((name) => name.endsWith(".yaml"));
const load = (name: string) => parseCfnYaml(readFileSync(`cloudformation/${name}`, "utf8")) as Record<string, unknown>;
const customer = readFileSync("cloudformation/rolelink-role.yaml", "utf8");
const problemsOf = (text: string) => checkTemplate(parseCfnYaml(text) as Record<string, unknown>);

describe("templates against the CloudFormation resource specification", () => {
  it("covers the customer, the organization and the vendor template", () => {
    expect(templates).toEqual(expect.arrayContaining(["rolelink-role.yaml", "rolelink-org-management.yaml", "vendor-setup.yaml"]));
  });

  it.each(templates)("%s uses only real types, properties and attributes", (name) => {
    expect(checkTemplate(load(name))).toEqual([]);
  });
});

describe("what the check catches", () => {
  it.each([
    ["a misspelt resource type", "Type: AWS::IAM::Role", "Type: AWS::IAM::Roles", /unknown resource type AWS::IAM::Roles/],
    ["a misspelt Properties key", "    Type: AWS::IAM::Role\n", "    Type: AWS::IAM::Role\n    Propertes: {}\n", /unknown resource attribute Propertes/],
    ["a misspelt property", "MaxSessionDuration: 3600", "MaxSessionDurations: 3600", /unknown property MaxSessionDurations/],
    ["a property of the wrong shape", "MaxSessionDuration: 3600", "MaxSessionDuration: [3600]", /MaxSessionDuration: expected a number/],
    ["a missing required property", "      AssumeRolePolicyDocument:", "      AssumeRolePolicyDocumentX:", /missing required property AssumeRolePolicyDocument/],
    ["a misspelt nested property", "        - PolicyName: rolelink-read-only", "        - PolicyNme: rolelink-read-only", /missing required property PolicyName/],
    ["an attribute the type does not have", "!GetAtt Role.Arn\n      AccountID", "!GetAtt Role.RoleArn\n      AccountID", /has no attribute RoleArn; it has Arn, RoleId/],
    ["a Ref to nothing", "!Ref SnsTopicArn", "!Ref SnsTopic", /Ref to unknown SnsTopic/],
    ["a Sub naming nothing", "${TrustedRoleName}", "${TrustedRole}", /\$\{TrustedRole\} names nothing/],
    ["a custom resource without its ServiceToken", "      ServiceToken: !Ref SnsTopicArn\n", "", /missing required property ServiceToken/],
    ["a FindInMap key that does not exist", "!FindInMap [Rolelink, Template, Version]", "!FindInMap [Rolelink, Template, Versions]", /FindInMap Rolelink.Template.Versions does not exist/],
  ])("%s", (_name, from, to, problem) => {
    const edited = customer.replace(from, to);
    expect(edited).not.toBe(customer);
    expect(problemsOf(edited).join("\n")).toMatch(problem);
  });
});
