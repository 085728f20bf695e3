/**
 * The CloudFormation quick-create link and the equivalent CLI command. Nothing
 * in either is trusted later: the customer can edit every value before creating.
 */
import { z } from "zod";
import { regionSchema, stackIdSchema, STACK_NAME_PATTERN } from "@/lib/aws/identifiers";

const launchSchema = z.object({
  region: regionSchema,
  templateUrl: z.url({ protocol: /^https?$/ }),
  stackName: z.string().regex(STACK_NAME_PATTERN, "letters, digits and hyphens, starting with a letter, at most 128"),
  parameters: z.record(z.string().regex(/^[A-Za-z0-9]{1,255}$/), z.string()),
});

export type LaunchInput = z.input<typeof launchSchema>;

/** `https://<region>.console.aws.amazon.com/cloudformation/home?region=<region>#/stacks/create/review?...` */
export function buildQuickCreateUrl(input: LaunchInput & { consoleOrigin?: string }): string {
  const { region, templateUrl, stackName, parameters } = launchSchema.parse(input);
  const url = new URL("/cloudformation/home", input.consoleOrigin ?? `https://${region}.console.aws.amazon.com/`);
  url.searchParams.set("region", region);
  // The console reads its options from the fragment: build that query with URLSearchParams too.
  const fragment = new URLSearchParams({ templateURL: templateUrl, stackName });
  for (const [name, value] of Object.entries(parameters)) fragment.set(`param_${name}`, value);
  url.hash = `/stacks/create/review?${fragment.toString()}`;
  return url.toString();
}

export interface ParsedQuickCreateUrl {
  origin: string;
  region: string;
  templateURL: string;
  stackName: string;
  params: Record<string, string>;
}

/** The inverse of buildQuickCreateUrl (tests and the sandbox console). Throws on anything else. */
export function parseQuickCreateUrl(value: string): ParsedQuickCreateUrl {
  const url = new URL(value);
  const match = /^#\/stacks\/(?:create\/review|quickcreate)\?(.*)$/s.exec(url.hash);
  if (url.pathname !== "/cloudformation/home" || !match) throw new Error("not a CloudFormation quick-create link");
  const fragment = new URLSearchParams(match[1]);
  const params: Record<string, string> = {};
  for (const [key, param] of fragment) if (key.startsWith("param_")) params[key.slice("param_".length)] = param;
  return z
    .object({
      origin: z.string(),
      region: regionSchema,
      templateURL: z.url(),
      stackName: z.string().min(1),
      params: z.record(z.string(), z.string()),
    })
    .parse({
      origin: url.origin,
      region: url.searchParams.get("region"),
      templateURL: fragment.get("templateURL"),
      stackName: fragment.get("stackName"),
      params,
    });
}

/**
 * A valid stack name (letters, digits, hyphens, starting with a letter, at most
 * 128 characters), unique per link: a stack that rolled back stays in the
 * customer's console under its name, and starting over must not collide with it.
 */
export function stackNameFor(prefix: string, accountId: string, linkId: string): string {
  const cleaned = `${prefix}-${accountId}-${linkId}`
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = /^[A-Za-z]/.test(cleaned) ? cleaned : `rolelink-${cleaned}`;
  return name.slice(0, 128).replace(/-+$/, "");
}

/** POSIX shell quoting: bare when only safe characters, else single quotes with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The CLI's shorthand splits on commas and treats quotes, brackets and braces specially. */
function shorthandSafe(value: string): boolean {
  return /^[^,"'[\]{}\\\s]*$/.test(value);
}

function parameterArguments(parameters: Record<string, string>, keep: readonly string[] = []): string {
  const entries = Object.entries(parameters);
  const kept = (key: string) => keep.includes(key);
  return entries.every(([key, value]) => kept(key) || shorthandSafe(value))
    ? entries
        .map(([key, value]) =>
          shellQuote(kept(key) ? `ParameterKey=${key},UsePreviousValue=true` : `ParameterKey=${key},ParameterValue=${value}`),
        )
        .join(" ")
    : // A value the shorthand would mangle: fall back to the CLI's JSON form, which takes any string.
      shellQuote(
        JSON.stringify(
          entries.map(([key, value]) =>
            kept(key) ? { ParameterKey: key, UsePreviousValue: true } : { ParameterKey: key, ParameterValue: value },
          ),
        ),
      );
}

/** `aws cloudformation <verb> ...` on one stack, every argument shell-quoted. */
function stackCommand(
  verb: "create-stack" | "update-stack",
  stack: string,
  input: { region: string; templateUrl: string; parameters: Record<string, string>; keep?: readonly string[] },
): string {
  return [
    `aws cloudformation ${verb}`,
    `--region ${shellQuote(input.region)}`,
    `--stack-name ${shellQuote(stack)}`,
    `--template-url ${shellQuote(input.templateUrl)}`,
    `--parameters ${parameterArguments(input.parameters, input.keep)}`,
    "--capabilities CAPABILITY_IAM",
  ].join(" ");
}

export function buildCreateStackCommand(input: LaunchInput): string {
  const parsed = launchSchema.parse(input);
  return stackCommand("create-stack", parsed.stackName, parsed);
}

/**
 * An HCL string literal: JSON-style escapes, plus HCL's own template markers
 * (`${` and `%{` would otherwise start an interpolation or directive).
 */
export function hclString(value: string): string {
  // Function replacements: in a replacement string "$$" would itself mean one "$".
  // JSON's \b and \f are no HCL escapes; \uNNNN is.
  return JSON.stringify(value)
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{")
    .replace(/(?<!\\)((?:\\\\)*)\\b/g, (_m, slashes: string) => `${slashes}\\u0008`)
    .replace(/(?<!\\)((?:\\\\)*)\\f/g, (_m, slashes: string) => `${slashes}\\u000c`);
}

/** Terraform (AWS provider): the same stack as an aws_cloudformation_stack, in the link's region. */
export function buildTerraformSnippet(input: LaunchInput): string {
  const { region, templateUrl, stackName, parameters } = launchSchema.parse(input);
  const width = Math.max(...Object.keys(parameters).map((name) => name.length));
  return [
    "# The stack must be in the region of rolelink's SNS topic: keep this provider's region.",
    'provider "aws" {',
    '  alias  = "rolelink"',
    `  region = ${hclString(region)}`,
    "}",
    "",
    'resource "aws_cloudformation_stack" "rolelink" {',
    "  provider     = aws.rolelink",
    `  name         = ${hclString(stackName)}`,
    `  template_url = ${hclString(templateUrl)}`,
    '  capabilities = ["CAPABILITY_IAM"]',
    "",
    "  parameters = {",
    ...Object.entries(parameters).map(([name, value]) => `    ${name.padEnd(width)} = ${hclString(value)}`),
    "  }",
    "}",
  ].join("\n");
}

const updateSchema = z.object({
  region: regionSchema,
  stackId: stackIdSchema,
  templateUrl: z.url({ protocol: /^https?$/ }),
  parameters: launchSchema.shape.parameters,
  /** Parameters the stack already has: sent as UsePreviousValue, so a changed setting here cannot move them. */
  keep: z.array(z.string()).default([]),
});

export type UpdateInput = z.input<typeof updateSchema>;

/** The console's Update stack wizard for this stack, with the new template's URL. */
export function buildUpdateStackUrl(input: UpdateInput & { consoleOrigin?: string }): string {
  const { region, stackId, templateUrl } = updateSchema.parse(input);
  const url = new URL("/cloudformation/home", input.consoleOrigin ?? `https://${region}.console.aws.amazon.com/`);
  url.searchParams.set("region", region);
  url.hash = `/stacks/update/template?${new URLSearchParams({ stackId, templateURL: templateUrl }).toString()}`;
  return url.toString();
}

/** `aws cloudformation update-stack ...` to the new template, with the link's own parameter values. */
export function buildUpdateStackCommand(input: UpdateInput): string {
  const parsed = updateSchema.parse(input);
  return stackCommand("update-stack", parsed.stackId, parsed);
}
