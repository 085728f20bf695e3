/** What every request handler is given, and what it answers CloudFormation. */
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import type { ConnectionForCheck } from "./check-request";

export interface ConnectionForRequest extends ConnectionForCheck {
  externalId: string;
  templateVersion: string | null;
  /** Set for an organization's member (or management account) connection. */
  organizationLinkId: string | null;
}

/** The organization link a request's External ID names (members share it). */
export interface OrganizationLinkForRequest {
  id: string;
  ownerId: string;
  managementAccountId: string;
  region: string;
  externalId: string;
  targets: string[];
  callAs: string;
  organizationId: string | null;
  managementRoleArn: string | null;
}

export interface RequestTimings {
  /** How long a new role's AssumeRole is retried while IAM propagates it (Create). */
  createDeadlineMs: number;
  /** Update and Delete name roles that exist already: a short window, so slow requests cannot hold workers. */
  existingRoleDeadlineMs: number;
  baseDelayMs: number;
  /** Retries of a denied DescribeStacks right after a new role was assumed (its policy may lag). */
  deniedRetries: number;
  deniedDelayMs: number;
}

export interface RequestContext {
  request: CustomResourceRequest;
  topicRegion: string;
  connection: ConnectionForRequest | null;
  /** When the External ID is an organization link's: `connection` is then the account's member connection, if any. */
  organizationLink?: OrganizationLinkForRequest | null;
  connectUrl: string;
  timings: RequestTimings;
}

export interface Answer {
  status: "SUCCESS" | "FAILED";
  reason: string;
  physicalResourceId: string;
  connectionId: string | null;
  data?: Record<string, string>;
}

export const CONNECTION_FOR_REQUEST = {
  id: true,
  accountId: true,
  region: true,
  status: true,
  stackId: true,
  roleArn: true,
  physicalResourceId: true,
  externalId: true,
  templateVersion: true,
  organizationLinkId: true,
} as const;

export const ORGANIZATION_LINK_FOR_REQUEST = {
  id: true,
  ownerId: true,
  managementAccountId: true,
  region: true,
  externalId: true,
  targets: true,
  callAs: true,
  organizationId: true,
  managementRoleArn: true,
} as const;

/** The id we answer with when we refuse: never the request's own, which may be over AWS's limit. */
export function refusedPhysicalId(request: CustomResourceRequest): string {
  return `rolelink-refused-${request.RequestId}`.slice(0, 1024);
}
