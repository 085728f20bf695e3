import { describe, expect, it } from "vitest";
import { credentialProcessProfile } from "./aws-config-profile";

describe("operator ~/.aws/config profile", () => {
  it("gets credentials from rolelink's CLI, and never contains an External ID", () => {
    expect(
      credentialProcessProfile({
        accountId: "222222222222",
        region: "eu-west-1",
        connectionId: "0b0e5a4e-1111-4222-8333-944445555666",
        appUrl: "https://rolelink.example.com",
      }),
    ).toBe(
      [
        "[profile rolelink-222222222222]",
        "credential_process = rolelink credentials --connection 0b0e5a4e-1111-4222-8333-944445555666 --url https://rolelink.example.com",
        "region = eu-west-1",
        "",
      ].join("\n"),
    );
  });

  it("cannot be made to inject extra keys through stored values", () => {
    const text = credentialProcessProfile({
      accountId: "222222222222",
      region: "us-east-1\nexternal_id = x",
      connectionId: "c",
      appUrl: "https://a",
    });
    expect(text.split("\n").filter((l) => l.startsWith("external_id"))).toEqual([]);
  });
});
