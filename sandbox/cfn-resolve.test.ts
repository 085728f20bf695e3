/** The sandbox reads a role's trust from the template, and fails closed on whatever it cannot evaluate. */
import { describe, expect, it } from "vitest";
import { resolveRoleTrust, type StackContext } from "./cfn-resolve";

const ctx: StackContext = {
  parameters: { ExternalId: "ext-0001" },
  accountId: "222222222222",
  region: "us-east-1",
  stackName: "s",
  stackId: "arn:aws:cloudformation:us-east-1:222222222222:stack/s/1",
  roleLogicalId: "Role",
  roleArn: "arn:aws:iam::222222222222:role/s-Role-X",
};
const ROLE = "arn:aws:iam::111111111111:role/rolelink-app";

function trustWith(statement: Record<string, unknown>) {
  const base = { Effect: "Allow", Principal: { AWS: ROLE }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] };
  return resolveRoleTrust({ Version: "2012-10-17", Statement: [{ ...base, ...statement }] }, {}, ctx);
}

describe("resolveRoleTrust", () => {
  it("reads the pinned role, the External ID and the SourceIdentity pattern (condition keys in any case)", () => {
    const trust = trustWith({
      Condition: { StringEquals: { "STS:ExternalId": { Ref: "ExternalId" } }, StringLike: { "sts:sourceidentity": "rolelink*" } },
    });
    expect(trust).toEqual({
      trustedAccountIds: [],
      trustedRoleArns: [ROLE],
      externalId: "ext-0001",
      sourceIdentityLike: "rolelink*",
      allowsSourceIdentity: true,
      unsupported: false,
    });
  });

  it.each([
    ["a list of External IDs", { Condition: { StringEquals: { "sts:ExternalId": ["ext-0001", "shared"] } } }],
    ["another condition operator", { Condition: { StringEqualsIgnoreCase: { "sts:ExternalId": "ext-0001" } } }],
    ["another condition key", { Condition: { StringEquals: { "sts:ExternalId": "ext-0001", "aws:PrincipalTag/team": "x" } } }],
    ["a role and an account principal", { Principal: { AWS: [ROLE, "arn:aws:iam::111111111111:root"] } }],
  ])("cannot evaluate %s, so the role refuses everyone", (_name, statement) => {
    expect(trustWith(statement).unsupported).toBe(true);
  });

  it("notes a trust without sts:SetSourceIdentity: an AssumeRole setting one is refused", () => {
    expect(trustWith({ Action: "sts:AssumeRole" }).allowsSourceIdentity).toBe(false);
  });
});
