import { describe, expect, it } from "vitest";
import { awsConfigProfile, operatorSessionName } from "./aws-config-profile";

describe("operator ~/.aws/config profile", () => {
  it("assumes the customer's role with the External ID from the operator's source profile", () => {
    expect(
      awsConfigProfile({ accountId: "222222222222", region: "eu-west-1", roleArn: "arn:aws:iam::222222222222:role/r", externalId: "ext-123", operator: "Ops Person@rolelink.test" }),
    ).toBe(
      [
        "[profile rolelink-222222222222]",
        "role_arn = arn:aws:iam::222222222222:role/r",
        "external_id = ext-123",
        "source_profile = rolelink-vendor",
        "role_session_name = rolelink-Ops-Person@rolelink.test",
        "duration_seconds = 900",
        "region = eu-west-1",
        "",
      ].join("\n"),
    );
  });

  it("keeps the session name within STS's 64 allowed characters", () => {
    const name = operatorSessionName(`${"x".repeat(100)}!#$`);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });

  it("cannot be made to inject extra keys through stored values", () => {
    const text = awsConfigProfile({ accountId: "222222222222", region: "us-east-1", roleArn: "arn\ncredential_process = evil", externalId: "e", operator: "o" });
    expect(text.split("\n").filter((l) => l.startsWith("credential_process"))).toEqual([]);
  });
});
