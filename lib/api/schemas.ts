/**
 * The API's request and response shapes. The same zod schemas validate
 * requests (routes) and generate the OpenAPI document (openapi.ts), so the
 * document cannot drift from what the API accepts.
 */
import { z } from "zod";
import "zod-openapi";
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from "@/lib/aws/identifiers";
import { ALL_STATUSES } from "@/lib/connections/states";

const timestamp = z.iso.datetime({ offset: true });
const nullableTimestamp = timestamp.nullable();

export const connectionStatusSchema = z.enum(ALL_STATUSES as [string, ...string[]]).meta({
  id: "ConnectionStatus",
  description: "pending → verifying → connected; failed, broken and disconnected as described in the README.",
});

export const externalRefSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@/+=-]+$/, "Use letters, digits and . : @ / + = - _ only.")
  .meta({ description: "Your own reference for the customer (e.g. your tenant id)." });

export const connectionIdParamsSchema = z.object({
  id: z.uuid().meta({ description: "The connection's id." }),
});

export const connectionSchema = z
  .object({
    id: z.uuid(),
    status: connectionStatusSchema,
    accountId: z.string().regex(ACCOUNT_ID_PATTERN),
    region: z.string(),
    roleArn: z.string().nullable(),
    templateVersion: z.string().nullable().meta({ description: "The customer template version the stack reported when last confirmed." }),
    externalRef: z.string().nullable(),
    organizationLinkId: z
      .uuid()
      .nullable()
      .meta({ description: "The organization link this member account was connected through; null for a single account's link." }),
    lastVerifiedAt: nullableTimestamp,
    lastVerifyOk: z.boolean().nullable(),
    lastError: z.string().nullable(),
    connectedAt: nullableTimestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Connection", description: "A customer AWS account link. Never carries credentials or the External ID." });

const limitSchema = z.coerce.number().int().min(1).max(100).default(25).meta({ description: "Page size (1-100, default 25)." });
const cursorSchema = z.string().max(512).optional().meta({ description: "The `nextCursor` of the previous page." });

export const listConnectionsQuerySchema = z.object({
  status: connectionStatusSchema.optional(),
  accountId: z.string().regex(ACCOUNT_ID_PATTERN, "An AWS account ID has 12 digits.").optional(),
  region: z.string().regex(REGION_PATTERN, "Not an AWS region code.").optional(),
  templateVersion: z.string().max(32).optional(),
  externalRef: externalRefSchema.optional(),
  organizationLinkId: z
    .uuid()
    .optional()
    .meta({ description: "Only the member accounts (and management account) connected through this organization link." }),
  updatedSince: timestamp.optional().meta({ description: "Only connections updated at or after this time (ISO 8601)." }),
  cursor: cursorSchema,
  limit: limitSchema,
});

export const connectionListSchema = z
  .object({ data: z.array(connectionSchema), nextCursor: z.string().nullable() })
  .meta({ id: "ConnectionList", description: "Newest first. Pass `nextCursor` as `cursor` for the next page; null on the last page." });

export const eventSchema = z
  .object({
    id: z.string().regex(/^\d+$/),
    kind: z.string(),
    summary: z.string(),
    actor: z.string().meta({ description: "system, sns, customer, admin or api-key:<prefix>." }),
    createdAt: timestamp,
  })
  .meta({ id: "ConnectionEvent" });

export const listEventsQuerySchema = z.object({ cursor: cursorSchema, limit: limitSchema });

export const eventListSchema = z
  .object({ data: z.array(eventSchema), nextCursor: z.string().nullable() })
  .meta({ id: "ConnectionEventList", description: "Newest first." });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(["unauthorized", "forbidden", "not_found", "validation_failed", "conflict", "rate_limited", "unavailable", "internal"]),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

const stringOrList = z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(50)]);

/** An IAM policy document as STS accepts inline: it can only narrow what the role allows. */
export const sessionPolicySchema = z
  .object({
    Version: z.literal("2012-10-17"),
    Statement: z
      .array(
        z.strictObject({
          Sid: z.string().max(100).optional(),
          Effect: z.enum(["Allow", "Deny"]),
          Action: stringOrList.optional(),
          NotAction: stringOrList.optional(),
          Resource: stringOrList.optional(),
          NotResource: stringOrList.optional(),
          Condition: z
            .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()])))
            .optional(),
        }),
      )
      .min(1)
      .max(20),
  })
  .refine((policy) => JSON.stringify(policy).length <= 2048, "The session policy must be at most 2048 characters as JSON.")
  .meta({
    id: "SessionPolicy",
    description: "An inline IAM session policy: the credentials get the intersection of the role's permissions and this policy.",
  });

export const issueCredentialsBodySchema = z
  .strictObject({
    durationSeconds: z
      .number()
      .int()
      .min(900)
      .max(3600)
      .default(900)
      .meta({ description: "Session length, 900-3600 seconds (default 900)." }),
    policy: sessionPolicySchema.optional(),
  })
  .meta({ id: "IssueCredentialsRequest" });

/** The AWS CLI credential_process shape, so the response can be printed as is. */
export const credentialsSchema = z
  .object({
    Version: z.literal(1),
    AccessKeyId: z.string(),
    SecretAccessKey: z.string(),
    SessionToken: z.string(),
    Expiration: timestamp,
  })
  .meta({
    id: "Credentials",
    description: "Temporary AWS credentials, in the AWS CLI credential_process format. Never stored or logged by rolelink.",
  });

export const verifyResultSchema = z
  .object({
    ok: z.boolean(),
    code: z
      .string()
      .optional()
      .meta({ description: "Why the proof failed: access_denied, throttled, network, account_mismatch, invalid_input, unknown." }),
    message: z.string().optional(),
    assumedRoleArn: z.string().optional(),
    expiresAt: timestamp.optional().meta({ description: "When the proof's session expired (its credentials were discarded at once)." }),
    connection: connectionSchema,
  })
  .meta({
    id: "VerifyResult",
    description: "The outcome of AssumeRole + GetCallerIdentity with the connection's External ID, and the connection afterwards.",
  });

export const createConnectionBodySchema = z
  .strictObject({
    accountId: z.string().regex(ACCOUNT_ID_PATTERN, "An AWS account ID has 12 digits.").meta({ example: "123456789012" }),
    region: z.string().regex(REGION_PATTERN, "Not an AWS region code.").meta({ example: "us-east-1" }),
    externalRef: externalRefSchema.optional(),
  })
  .meta({ id: "CreateConnectionRequest" });

export const createdConnectionSchema = z
  .object({
    connection: connectionSchema,
    launchUrl: z.string().meta({ description: "The CloudFormation quick-create link to send to your customer." }),
    cliCommand: z.string().meta({ description: "The same stack as an AWS CLI command." }),
    reused: z.boolean().meta({ description: "True when a pending link for this account, region and externalRef already existed." }),
  })
  .meta({ id: "CreatedConnection" });

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointSchema) }).meta({ id: "WebhookEndpointList" });

export const webhookSecretSchema = z
  .object({
    endpoint: webhookEndpointSchema,
    secret: z.string().meta({ description: "The signing secret (whsec_…), shown only in this response." }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const webhookIdParamsSchema = z.object({ id: z.uuid().meta({ description: "The endpoint's id." }) });
