import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCreateStackCommand,
  buildQuickCreateUrl,
  buildTerraformSnippet,
  hclString,
  parseQuickCreateUrl,
  stackNameFor,
} from "./launch-url";

const parameters = {
  ExternalId: "rl-Ab_c-9+/=.@:x",
  TrustedAccount: "111111111111",
  SnsTopicArn: "arn:aws:sns:eu-west-1:111111111111:rolelink",
};
const input = {
  region: "eu-west-1",
  templateUrl: "https://rolelink-templates.s3.amazonaws.com/rolelink-role-1.0.0.yaml?versionId=a&b=c",
  stackName: "rolelink-222222222222-eu-west-1",
  parameters,
};

/** Runs the command in a real POSIX shell with `aws` replaced by a function that prints its arguments. */
function argvOf(command: string): string[] {
  const out = execFileSync("sh", ["-c", `aws() { printf '%s\\0' "$@"; }; ${command}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("buildQuickCreateUrl", () => {
  it("points at the region's console, with every value in the fragment", () => {
    const link = buildQuickCreateUrl(input);
    const url = new URL(link);
    expect(url.origin).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(url.pathname).toBe("/cloudformation/home");
    expect(url.search).toBe("?region=eu-west-1");
    expect(url.hash.startsWith("#/stacks/create/review?")).toBe(true);
    const fragment = new URLSearchParams(url.hash.slice("#/stacks/create/review?".length));
    expect(fragment.get("templateURL")).toBe(input.templateUrl);
    expect(fragment.get("stackName")).toBe(input.stackName);
    expect(fragment.get("param_ExternalId")).toBe(parameters.ExternalId);
    expect(fragment.get("param_TrustedAccount")).toBe("111111111111");
    expect(fragment.get("param_SnsTopicArn")).toBe(parameters.SnsTopicArn);
    // The template URL's own & and = must not leak into the link's parameters.
    expect([...fragment.keys()].sort()).toEqual([
      "param_ExternalId",
      "param_SnsTopicArn",
      "param_TrustedAccount",
      "stackName",
      "templateURL",
    ]);
  });

  it("round-trips through parseQuickCreateUrl, for any parameter value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (value) => {
        const parsed = parseQuickCreateUrl(buildQuickCreateUrl({ ...input, parameters: { ...parameters, ExternalId: value } }));
        expect(parsed).toEqual({
          origin: "https://eu-west-1.console.aws.amazon.com",
          region: "eu-west-1",
          templateURL: input.templateUrl,
          stackName: input.stackName,
          params: { ...parameters, ExternalId: value },
        });
      }),
    );
  });

  it("uses a given console origin (the sandbox)", () => {
    const link = buildQuickCreateUrl({ ...input, consoleOrigin: "http://127.0.0.1:4566/" });
    expect(link.startsWith("http://127.0.0.1:4566/cloudformation/home?region=eu-west-1#/stacks/create/review?")).toBe(true);
  });

  it("refuses a bad region or stack name", () => {
    expect(() => buildQuickCreateUrl({ ...input, region: "evil.com/x" })).toThrow();
    expect(() => buildQuickCreateUrl({ ...input, stackName: "1-starts-with-digit" })).toThrow();
    expect(() => parseQuickCreateUrl("https://example.com/cloudformation/home#/stacks")).toThrow();
  });
});

describe("stackNameFor", () => {
  it("gives the expected name", () => {
    expect(stackNameFor("rolelink", "222222222222", "3f2a9c1d")).toBe("rolelink-222222222222-3f2a9c1d");
  });

  it("is always a valid stack name", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (prefix, account, linkId) => {
        expect(stackNameFor(prefix, account, linkId)).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
      }),
    );
  });
});

describe("buildCreateStackCommand", () => {
  it("is an aws cloudformation create-stack command with shorthand parameters and CAPABILITY_IAM", () => {
    const command = buildCreateStackCommand(input);
    expect(argvOf(command)).toEqual([
      "cloudformation",
      "create-stack",
      "--region",
      "eu-west-1",
      "--stack-name",
      input.stackName,
      "--template-url",
      input.templateUrl,
      "--parameters",
      `ParameterKey=ExternalId,ParameterValue=${parameters.ExternalId}`,
      "ParameterKey=TrustedAccount,ParameterValue=111111111111",
      `ParameterKey=SnsTopicArn,ParameterValue=${parameters.SnsTopicArn}`,
      "--capabilities",
      "CAPABILITY_IAM",
    ]);
  });

  it("uses the JSON form when a value has a comma (the shorthand would split it)", () => {
    const argv = argvOf(buildCreateStackCommand({ ...input, parameters: { ExternalId: "a,b" } }));
    expect(argv[argv.indexOf("--parameters") + 1]).toBe('[{"ParameterKey":"ExternalId","ParameterValue":"a,b"}]');
  });

  it("survives hostile values in a real shell, falling back to JSON parameters", () => {
    const hostile = `x'; touch /tmp/pwned-rolelink; echo '$(id) "a,b" \\`;
    const argv = argvOf(buildCreateStackCommand({ ...input, parameters: { ...parameters, ExternalId: hostile } }));
    const json = argv[argv.indexOf("--parameters") + 1]!;
    expect(JSON.parse(json)).toEqual(
      Object.entries({ ...parameters, ExternalId: hostile }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    );
    expect(argv.slice(-2)).toEqual(["--capabilities", "CAPABILITY_IAM"]);
  });
});

/** Reads back an HCL string literal as Terraform would: JSON escapes, and $${ / %%{ as literal ${ / %{. */
function readHclString(literal: string): string {
  expect(literal).toMatch(/^"(?:[^"\\]|\\.)*"$/);
  // JSON's \b and \f are not HCL escapes (HCL has \uNNNN for them).
  expect(literal).not.toMatch(/(?<!\\)(?:\\\\)*\\[bf]/);
  // An unescaped ${ or %{ would be an interpolation or directive, not text.
  expect(literal.replace(/\$\$\{|%%\{/g, "")).not.toMatch(/\$\{|%\{/);
  return JSON.parse(literal.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{")) as string;
}

/** The values of `key = "..."` lines inside the snippet's parameters block. */
function terraformParameters(snippet: string): Record<string, string> {
  const block = /\n  parameters = \{\n([\s\S]*?)\n  \}\n/.exec(snippet)?.[1] ?? "";
  return Object.fromEntries(
    block.split("\n").map((line) => {
      const match = /^    ([A-Za-z0-9]+) += (".*")$/.exec(line);
      if (!match) throw new Error(`not a parameter line: ${line}`);
      return [match[1], readHclString(match[2]!)];
    }),
  );
}

describe("buildTerraformSnippet", () => {
  it("is an aws_cloudformation_stack in the link's region with the template URL, the parameters and CAPABILITY_IAM", () => {
    const snippet = buildTerraformSnippet(input);
    expect(snippet).toContain('resource "aws_cloudformation_stack" "rolelink" {');
    expect(snippet).toMatch(/provider "aws" \{\n  alias  = "rolelink"\n  region = "eu-west-1"\n\}/);
    expect(snippet).toContain("  provider     = aws.rolelink\n");
    expect(readHclString(/name += (".*")/.exec(snippet)![1]!)).toBe(input.stackName);
    expect(readHclString(/template_url = (".*")/.exec(snippet)![1]!)).toBe(input.templateUrl);
    expect(snippet).toContain('capabilities = ["CAPABILITY_IAM"]');
    expect(terraformParameters(snippet)).toEqual(parameters);
  });

  it("keeps hostile values as plain text: no interpolation, no directive, no broken string", () => {
    const hostile = 'x" } resource "evil" { ${file("/etc/passwd")} %{ if true }\n\\\b\f\\b';
    expect(terraformParameters(buildTerraformSnippet({ ...input, parameters: { ...parameters, ExternalId: hostile } })).ExternalId).toBe(
      hostile,
    );
  });

  it("round-trips any string through hclString", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (value) => readHclString(hclString(value)) === value));
  });
});
