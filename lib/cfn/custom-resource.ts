/**
 * The CloudFormation custom resource request, as carried in an SNS
 * notification's Message. The shape is checked here; the meaning (does this
 * External ID, account and role belong together?) is checked by onboarding.
 * Everything in ResourceProperties is untrusted: anyone allowed to publish to
 * our topic can write any of it.
 */
import { z } from "zod";

/** A malformed property becomes "absent", so onboarding can still answer FAILED with a reason instead of leaving the stack waiting. */
const untrustedString = z.string().max(2048).optional().catch(undefined);

export const resourcePropertiesSchema = z.looseObject({
  ServiceToken: untrustedString,
  RoleArn: untrustedString,
  AccountID: untrustedString,
  ExternalID: untrustedString,
  Region: untrustedString,
  TemplateVersion: untrustedString,
});

export const customResourceRequestSchema = z.object({
  RequestType: z.enum(["Create", "Update", "Delete"]),
  ResponseURL: z.url().max(8192),
  StackId: z.string().min(1).max(1024),
  RequestId: z.string().min(1).max(256),
  LogicalResourceId: z.string().min(1).max(256),
  ResourceType: z.string().min(1).max(256),
  // Update and Delete only; CloudFormation caps it at 1 KB.
  PhysicalResourceId: z.string().min(1).max(1024).optional(),
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

/** Parses the SNS Message text; throws CustomResourceRequestError (never echoing the input). */
export function parseCustomResourceRequest(messageText: string): CustomResourceRequest {
  let json: unknown;
  try {
    json = JSON.parse(messageText);
  } catch {
    throw new CustomResourceRequestError("the message is not JSON");
  }
  const result = customResourceRequestSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`);
    throw new CustomResourceRequestError("the message is not a CloudFormation custom resource request", issues);
  }
  return result.data;
}

const PARTITION = "(aws(?:-[a-z]+)*)";
const REGION = "([a-z]{2}(?:-[a-z]+)+-\\d)";
const ACCOUNT = "(\\d{12})";

const STACK_ID = new RegExp(
  `^arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stack/([A-Za-z][A-Za-z0-9-]{0,127})/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
);
// IAM: path is "/" or "/x/.../" of printable ASCII (max 512); name is [\w+=,.@-]{1,64}.
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role(/(?:[\\x21-\\x7e]{1,510}/)?)([\\w+=,.@-]{1,64})$`);

export function parseStackId(stackId: string): { partition: string; region: string; accountId: string; stackName: string } {
  const match = STACK_ID.exec(stackId);
  if (!match) throw new CustomResourceRequestError("not a CloudFormation stack ID");
  const [, partition, region, accountId, stackName] = match as unknown as [string, string, string, string, string];
  return { partition, region, accountId, stackName };
}

export function parseRoleArn(roleArn: string): { partition: string; accountId: string; roleName: string; path: string } {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new CustomResourceRequestError("not an IAM role ARN");
  const [, partition, accountId, path, roleName] = match as unknown as [string, string, string, string, string];
  return { partition, accountId, roleName, path };
}

/** For display and logs: the presigned query string (signature, credential, token) removed from ResponseURL. */
export function redactRequest(request: CustomResourceRequest): CustomResourceRequest {
  const url = new URL(request.ResponseURL);
  const redacted = url.search ? `${url.origin}${url.pathname}?[redacted]` : `${url.origin}${url.pathname}`;
  return { ...request, ResponseURL: redacted };
}
