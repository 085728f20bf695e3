import { describe, expect, it } from "vitest";
import { isAccountId, parseAssumedRoleArn, isRegion, parseRoleArn, parseStackId, parseTopicArn, regionOfTopicArn } from "./identifiers";

const STACK_ID = "arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-222222222222-us-east-1/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c";

describe("parseStackId", () => {
  it("extracts partition, region, account and name", () => {
    expect(parseStackId(STACK_ID)).toEqual({
      partition: "aws",
      region: "us-east-1",
      accountId: "222222222222",
      stackName: "rolelink-222222222222-us-east-1",
    });
    expect(parseStackId("arn:aws-cn:cloudformation:cn-north-1:222222222222:stack/s/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c")?.partition).toBe(
      "aws-cn",
    );
  });

  it.each([
    STACK_ID.replace("222222222222", "22222222222"),
    STACK_ID.replace("cloudformation", "sns"),
    STACK_ID.replace(":stack/", ":stackset/"),
    STACK_ID + "\n",
    `x${STACK_ID}`,
    STACK_ID.replace("us-east-1:", "us-east-1:111111111111:"),
    "arn:aws:cloudformation:us-east-1:222222222222:stack/1bad/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c",
  ])("rejects %s", (value) => {
    expect(parseStackId(value)).toBeNull();
  });
});

describe("parseRoleArn", () => {
  it("extracts partition, account, name and path", () => {
    expect(parseRoleArn("arn:aws:iam::222222222222:role/rolelink-Role-1R7TIJN9P2TCM")).toEqual({
      partition: "aws",
      accountId: "222222222222",
      roleName: "rolelink-Role-1R7TIJN9P2TCM",
      path: "/",
    });
    expect(parseRoleArn("arn:aws-us-gov:iam::222222222222:role/team/a/r+=,.@_-")).toMatchObject({ path: "/team/a/", roleName: "r+=,.@_-" });
  });

  it.each([
    "arn:aws:iam::222222222222:user/alice",
    "arn:aws:iam::222222222222:role/",
    "arn:aws:iam::22222222222:role/x",
    "arn:aws:sts::222222222222:assumed-role/x/y",
    "arn:aws:iam::222222222222:role/" + "x".repeat(65),
    "arn:aws:iam::222222222222:role/has space",
    "arn:aws:iam:us-east-1:222222222222:role/x",
  ])("rejects %s", (value) => {
    expect(parseRoleArn(value)).toBeNull();
  });
});

describe("parseTopicArn", () => {
  it("extracts partition, region, account and name", () => {
    expect(parseTopicArn("arn:aws:sns:us-east-1:111111111111:rolelink")).toEqual({
      partition: "aws",
      region: "us-east-1",
      accountId: "111111111111",
      topicName: "rolelink",
    });
    expect(regionOfTopicArn("arn:aws-cn:sns:cn-north-1:111111111111:t")).toBe("cn-north-1");
    expect(regionOfTopicArn("arn:aws-us-gov:sns:us-gov-west-1:111111111111:t.fifo")).toBe("us-gov-west-1");
  });

  it.each([
    "arn:aws:sns:us-east-1:11111111111:t",
    "arn:aws:sqs:us-east-1:111111111111:t",
    "arn:aws:sns:US-EAST-1:111111111111:t",
    "arn:aws:sns:us-east-1:111111111111:",
    "arn:aws:sns:us-east-1:111111111111:a/b",
    "arn:aws:sns:us-east-1:111111111111:t\n",
  ])("rejects %s", (value) => {
    expect(parseTopicArn(value)).toBeNull();
    expect(regionOfTopicArn(value)).toBeUndefined();
  });
});

describe("parseAssumedRoleArn", () => {
  it("reads the account, role name and session of a role session's ARN, in any partition", () => {
    expect(parseAssumedRoleArn("arn:aws:sts::222233334444:assumed-role/rolelink-Role-ABC/rolelink-system-1764000000")).toEqual({
      partition: "aws",
      accountId: "222233334444",
      roleName: "rolelink-Role-ABC",
      sessionName: "rolelink-system-1764000000",
    });
    expect(parseAssumedRoleArn("arn:aws-us-gov:sts::222233334444:assumed-role/r/s1")?.accountId).toBe("222233334444");
  });

  it.each([
    "arn:aws:iam::222233334444:role/rolelink-Role-ABC",
    "arn:aws:sts::22223333444:assumed-role/r/s1",
    "arn:aws:sts::222233334444:federated-user/bob",
    "arn:aws:sts::222233334444:assumed-role/r",
    "arn:aws:sts::222233334444:assumed-role/r/s1\n",
    "xarn:aws:sts::222233334444:assumed-role/r/s1",
  ])("rejects %s", (value) => {
    expect(parseAssumedRoleArn(value)).toBeNull();
  });
});

describe("account IDs and regions", () => {
  it("accept exactly 12 digits and region codes", () => {
    expect(isAccountId("012345678901")).toBe(true);
    for (const bad of ["12345678901", "1234567890123", "1234-5678-9012", "12345678901a", "123456789012\n"])
      expect(isAccountId(bad), bad).toBe(false);
    for (const good of ["us-east-1", "us-gov-west-1", "ap-southeast-5", "cn-north-1"]) expect(isRegion(good), good).toBe(true);
    for (const bad of ["us-east", "US-EAST-1", "useast1", "us-east-1a", ""]) expect(isRegion(bad), bad).toBe(false);
  });
});
