import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { testEnv } from "@/test/env";
import { isOutdated, templateUpdateFor } from "./template-update";

const CURRENT = loadCustomerTemplate().version;
const env = parseEnv({ ...testEnv, DATABASE_URL: "postgres://unused@127.0.0.1/unused" });
const STACK_ID = "arn:aws:cloudformation:eu-west-1:222233334444:stack/rolelink-222233334444-abcd1234/0b7f6d30-1c2e-11f0-9c1a-0a1b2c3d4e5f";
const link = {
  id: "abcd1234-0000-4000-8000-000000000000",
  accountId: "222233334444",
  region: "eu-west-1",
  externalId: "rl-external-id-0001",
  status: "connected" as const,
  stackId: STACK_ID,
  templateVersion: "1.0.0",
};

describe("templateUpdateFor", () => {
  it("offers an older connected stack the current template, with every change since and the console link", () => {
    const update = templateUpdateFor(link, env);
    expect(update).toMatchObject({ fromVersion: "1.0.0", toVersion: CURRENT });
    expect(update?.changes.map((entry) => entry.Version)).toEqual(
      loadCustomerTemplate()
        .document.Metadata.Changelog.map((e) => e.Version)
        .filter((v) => v !== "1.0.0"),
    );
    // A stack that never reported its version is shown every change.
    expect(templateUpdateFor({ ...link, templateVersion: null }, env)?.changes).toEqual(loadCustomerTemplate().document.Metadata.Changelog);
    const url = new URL(update!.consoleUrl);
    expect(url.origin).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(url.searchParams.get("region")).toBe("eu-west-1");
    const wizard = new URLSearchParams(url.hash.slice("#/stacks/update/template?".length));
    expect(url.hash.startsWith("#/stacks/update/template?")).toBe(true);
    expect(wizard.get("stackId")).toBe(STACK_ID);
    expect(wizard.get("templateURL")).toBe(env.TEMPLATE_URL);
    expect(update?.cliCommand).toContain(
      `aws cloudformation update-stack --region eu-west-1 --stack-name ${STACK_ID} --template-url ${env.TEMPLATE_URL}`,
    );
    expect(update?.cliCommand).toContain("ParameterKey=TrustedRoleName,ParameterValue=rolelink-app");
    // The stack's own values are kept (a changed setting here must not move its ServiceToken); the new parameter is set.
    expect(update?.cliCommand).toContain("ParameterKey=ExternalId,UsePreviousValue=true ParameterKey=TrustedAccount,UsePreviousValue=true");
    expect(update?.cliCommand).toContain("ParameterKey=SnsTopicArn,UsePreviousValue=true");
    expect(update?.cliCommand).not.toContain(link.externalId);
    expect(update?.trustedRoleName).toBe("rolelink-app");
  });

  it.each([
    ["already current", { templateVersion: CURRENT }],
    ["pending (launched afresh instead)", { status: "pending" as const }],
    ["disconnected", { status: "disconnected" as const }],
    ["without a stack", { stackId: null }],
  ])("offers nothing when %s", (_name, change) => {
    expect(templateUpdateFor({ ...link, ...change }, env)).toBeNull();
  });

  it("counts an unknown version as outdated and compares versions as numbers", () => {
    expect(isOutdated(null, "2.0.0")).toBe(true);
    expect(isOutdated("1.10.0", "1.9.0")).toBe(false);
    expect(isOutdated("1.9.0", "1.10.0")).toBe(true);
    expect(isOutdated("2.0.0", "2.0.0")).toBe(false);
  });
});
