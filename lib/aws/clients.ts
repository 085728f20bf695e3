/**
 * AWS SDK clients. Endpoints come from the SDK's standard variables
 * (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL_ORGANIZATIONS; honoured by the installed
 * @aws-sdk 3.x, read when each client is created), which is how the local
 * sandbox is reached; credentials from the default chain.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";

/**
 * Short timeouts: a verification must fail in seconds, not hang a job.
 * Without throwOnRequestTimeout, @smithy/node-http-handler 4.x only logs a
 * warning when requestTimeout passes and keeps waiting. Mutable so tests can
 * shorten them; nothing else should change them.
 */
export const requestTimeouts = { requestTimeoutMs: 5_000, connectionTimeoutMs: 3_000 };

function requestHandler() {
  return {
    requestTimeout: requestTimeouts.requestTimeoutMs,
    connectionTimeout: requestTimeouts.connectionTimeoutMs,
    throwOnRequestTimeout: true,
  };
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

function defaultRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
}

/** One attempt: we retry STS ourselves, knowing about IAM propagation and throttling. */
export function stsClient(region = defaultRegion()): STSClient {
  return new STSClient({ region, maxAttempts: 1, requestHandler: requestHandler() });
}

/** A client signing with a role session's temporary credentials (never kept beyond the call). */
export function stsClientWithCredentials(credentials: TemporaryCredentials, region = defaultRegion()): STSClient {
  return new STSClient({ region, maxAttempts: 1, requestHandler: requestHandler(), credentials });
}

/** The SDK's own retries are fine here: grant and revoke are idempotent. */
export function snsClient(region: string): SNSClient {
  return new SNSClient({ region, maxAttempts: 3, requestHandler: requestHandler() });
}

/** CloudFormation reads inside the customer's account, signed with a role session (stack-reader.ts). */
export function cloudFormationClientWithCredentials(credentials: TemporaryCredentials, region: string): CloudFormationClient {
  return new CloudFormationClient({ region, maxAttempts: 1, requestHandler: requestHandler(), credentials });
}

/** Organizations reads with the management role's session (organization-reader.ts); its one endpoint is in us-east-1. */
export function organizationsClientWithCredentials(credentials: TemporaryCredentials): OrganizationsClient {
  return new OrganizationsClient({ region: "us-east-1", maxAttempts: 2, requestHandler: requestHandler(), credentials });
}
