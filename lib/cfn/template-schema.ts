/** The shape rolelink's customer template must have, checked with zod when it is loaded. */
import { z } from "zod";

export class CfnTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CfnTemplateError";
  }
}

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

/**
 * Strict on purpose: NotAction, NotPrincipal or NotResource would make a
 * simple "Allow X on Y" summary misleading, so such a template fails to load.
 */
export const policyStatementSchema = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(["Allow", "Deny"]),
  Principal: z.record(z.string(), z.unknown()).optional(),
  Action: stringOrList,
  Resource: z.unknown().optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

export const policyDocumentSchema = z.strictObject({
  Version: z.literal("2012-10-17"),
  Statement: z.array(policyStatementSchema).min(1),
});

export type PolicyStatement = z.infer<typeof policyStatementSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

const SEMVER = /^\d+\.\d+\.\d+$/;

const changelogEntrySchema = z.strictObject({
  Version: z.string().regex(SEMVER, "must be semver like 1.0.0"),
  Date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-12-02"),
  Changes: z.array(z.string().min(1)).min(1),
});

export type ChangelogEntry = z.infer<typeof changelogEntrySchema>;

const parameterSchema = z.looseObject({
  Type: z.string(),
  Description: z.string().optional(),
  AllowedPattern: z.string().optional(),
  MinLength: z.number().int().optional(),
  MaxLength: z.number().int().optional(),
  NoEcho: z.boolean().optional(),
});

const resourceSchema = z.looseObject({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
});

export const cfnTemplateSchema = z.looseObject({
  AWSTemplateFormatVersion: z.literal("2010-09-09").optional(),
  Metadata: z.looseObject({
    TemplateVersion: z.string().regex(SEMVER, "must be semver like 1.0.0"),
    Changelog: z.array(changelogEntrySchema).min(1, "must describe at least the current version"),
  }),
  Mappings: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
  Parameters: z.record(z.string(), parameterSchema),
  Resources: z.record(z.string(), resourceSchema),
  Outputs: z.record(z.string(), z.looseObject({ Value: z.unknown(), Description: z.string().optional() })).optional(),
});

export type CfnTemplate = z.infer<typeof cfnTemplateSchema>;

/** Metadata.TemplateVersion; must equal Mappings.Rolelink.Template.Version, which is what the stack reports back. */
export function templateVersion(document: CfnTemplate): string {
  const version = document.Metadata.TemplateVersion;
  const mapped = document.Mappings?.Rolelink?.Template?.Version;
  if (mapped !== undefined && mapped !== version) {
    throw new CfnTemplateError(
      `Metadata.TemplateVersion ${version} differs from Mappings.Rolelink.Template.Version ${JSON.stringify(mapped)}`,
    );
  }
  // A version bump without its changelog entry would leave "what changes" blank for customers.
  const newest = document.Metadata.Changelog[0]?.Version;
  if (newest !== version) throw new CfnTemplateError(`Metadata.Changelog starts with ${String(newest)}, not TemplateVersion ${version}`);
  return version;
}
