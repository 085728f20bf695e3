/**
 * The CloudFormation custom resource request, as carried in an SNS
 * notification's Message. The shape is checked here; the meaning (does this
 * External ID, account and role belong together?) is checked by lib/connections.
 * Everything in ResourceProperties is untrusted: anyone allowed to publish to
 * our topic can write any of it.
 */
import { z } from "zod";

/** A malformed property becomes "absent", so rolelink can still answer FAILED with a reason instead of leaving the stack waiting. */
const untrustedString = z.string().max(2048).optional().catch(undefined);

export const resourcePropertiesSchema = z.looseObject({
  ServiceToken: untrustedString,
  RoleArn: untrustedString,
  AccountID: untrustedString,
  ExternalID: untrustedString,
  Region: untrustedString,
  TemplateVersion: untrustedString,
});

/** Limits in UTF-8 bytes, as AWS counts them: what we echo must fit a 4096-byte answer. */
export const MAX_PHYSICAL_RESOURCE_ID_BYTES = 1024;
const bytes = (max: number) =>
  z
    .string()
    .min(1)
    .refine((value) => Buffer.byteLength(value, "utf8") <= max, `at most ${max} bytes`);

export const customResourceRequestSchema = z.object({
  RequestType: z.enum(["Create", "Update", "Delete"]),
  ResponseURL: z.url().max(8192),
  // The fields echoed in every answer: StackId + RequestId + LogicalResourceId
  // (<= 1536 bytes) always leave room for a Reason within 4096 bytes.
  StackId: bytes(1024),
  RequestId: bytes(256),
  LogicalResourceId: bytes(256),
  ResourceType: bytes(256),
  // Update and Delete only; CloudFormation caps it at 1 KB. A longer one is kept
  // (the request is still answered FAILED, with an id of ours) rather than refused.
  PhysicalResourceId: z.string().min(1).max(4096).optional(),
  ResourceProperties: resourcePropertiesSchema,
  OldResourceProperties: z.record(z.string(), z.unknown()).optional(),
  ServiceToken: z.string().min(1).max(1024),
});

export type CustomResourceRequest = z.infer<typeof customResourceRequestSchema>;

export class CustomResourceRequestError extends Error {
  constructor(
    message: string,
    public readonly issues: string[] = [],
  ) {
    super(message);
    this.name = "CustomResourceRequestError";
  }
}

/** C0 controls and DEL (nothing CloudFormation sends), and UTF-16 halves without their pair (PostgreSQL cannot store them). */
const FORBIDDEN = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first forbidden string anywhere in a parsed JSON value, as a path. */
export function findForbiddenText(value: unknown, path = "request"): string | null {
  if (typeof value === "string") return FORBIDDEN.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findForbiddenText(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findForbiddenText(key, path) ?? findForbiddenText(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Whether rolelink can echo the request's PhysicalResourceId within AWS's limit. */
export function hasAnswerablePhysicalId(request: CustomResourceRequest): boolean {
  return (
    request.PhysicalResourceId === undefined || Buffer.byteLength(request.PhysicalResourceId, "utf8") <= MAX_PHYSICAL_RESOURCE_ID_BYTES
  );
}

/** Parses the SNS Message text; throws CustomResourceRequestError (never echoing the input). */
export function parseCustomResourceRequest(messageText: string): CustomResourceRequest {
  let json: unknown;
  try {
    json = JSON.parse(messageText);
  } catch {
    throw new CustomResourceRequestError("the message is not JSON");
  }
  const forbidden = findForbiddenText(json);
  if (forbidden) throw new CustomResourceRequestError("the message contains control characters or unpaired surrogates", [forbidden]);
  const result = customResourceRequestSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`);
    throw new CustomResourceRequestError("the message is not a CloudFormation custom resource request", issues);
  }
  return result.data;
}

/** For display and logs: the presigned query string (signature, credential, token) removed from ResponseURL. */
export function redactRequest(request: CustomResourceRequest): CustomResourceRequest {
  const url = new URL(request.ResponseURL);
  const redacted = url.search ? `${url.origin}${url.pathname}?[redacted]` : `${url.origin}${url.pathname}`;
  return { ...request, ResponseURL: redacted };
}
