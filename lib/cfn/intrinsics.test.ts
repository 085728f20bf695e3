import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "./cfn-yaml";
import { CfnRenderError, describeIntrinsics, resolveIntrinsics } from "./intrinsics";

describe("parseCfnYaml", () => {
  it("maps every short form to CloudFormation's JSON form, nested", () => {
    const parsed = parseCfnYaml(
      [
        "a: !If [C, !Sub 'x${A}', !Join ['', [!Ref B, !GetAtt X.Y.Z]]]",
        "b: !Not [!Equals [!Ref A, '']]",
        "c: !Sub\n  - '${x}'\n  - x: !Ref Y",
        "d: !Base64 {'Fn::Sub': 'a'}",
        "e: !Select [0, !Split [',', !Ref L]]",
        "f: !FindInMap [M, K, V]",
        "g: !Condition IsProd",
        "h: !GetAZs ''",
      ].join("\n"),
    );
    expect(parsed).toEqual({
      a: { "Fn::If": ["C", { "Fn::Sub": "x${A}" }, { "Fn::Join": ["", [{ Ref: "B" }, { "Fn::GetAtt": ["X", "Y.Z"] }]] }] },
      b: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "A" }, ""] }] },
      c: { "Fn::Sub": ["${x}", { x: { Ref: "Y" } }] },
      d: { "Fn::Base64": { "Fn::Sub": "a" } },
      e: { "Fn::Select": [0, { "Fn::Split": [",", { Ref: "L" }] }] },
      f: { "Fn::FindInMap": ["M", "K", "V"] },
      g: { Condition: "IsProd" },
      h: { "Fn::GetAZs": "" },
    });
  });

  it("fails on unknown tags, duplicate keys and broken YAML", () => {
    expect(() => parseCfnYaml("a: !Reff x")).toThrow(/Unresolved tag/);
    expect(() => parseCfnYaml("a: 1\na: 2")).toThrow();
    expect(() => parseCfnYaml("a: [1")).toThrow();
  });
});

describe("resolveIntrinsics / describeIntrinsics", () => {
  const policy = {
    Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccount}:root" } },
    Resource: [
      { "Fn::Sub": ["arn:${AWS::Partition}:s3:::${Bucket}/*", { Bucket: { "Fn::Join": ["-", ["logs", { Ref: "AWS::AccountId" }]] } }] },
    ],
    Literal: { "Fn::Sub": "${!NotAVar}-${AWS::Partition}" },
    Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
  };

  it("substitutes concrete values", () => {
    const values = { "AWS::Partition": "aws", "AWS::AccountId": "222222222222", TrustedAccount: "111111111111", ExternalId: "rl-x" };
    expect(resolveIntrinsics(policy, values)).toEqual({
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Resource: ["arn:aws:s3:::logs-222222222222/*"],
      Literal: "${NotAVar}-aws",
      Condition: { StringEquals: { "sts:ExternalId": "rl-x" } },
    });
  });

  it("names parameters for people", () => {
    expect(describeIntrinsics(policy)).toEqual({
      Principal: { AWS: "arn:${AWS::Partition}:iam::${TrustedAccount}:root" },
      Resource: ["arn:${AWS::Partition}:s3:::logs-${AWS::AccountId}/*"],
      Literal: "${NotAVar}-${AWS::Partition}",
      Condition: { StringEquals: { "sts:ExternalId": "${ExternalId}" } },
    });
  });

  it("refuses a missing value or an unsupported function instead of guessing", () => {
    expect(() => resolveIntrinsics(policy, { "AWS::Partition": "aws" })).toThrow(CfnRenderError);
    expect(() => resolveIntrinsics({ a: { "Fn::If": ["C", "x", "y"] } }, {})).toThrow(/Fn::If/);
    expect(() => describeIntrinsics({ a: { "Fn::ImportValue": "x" } })).toThrow(/Fn::ImportValue/);
    expect(() => resolveIntrinsics({ Ref: "constructor" }, {})).toThrow(CfnRenderError);
  });
});
