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
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

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

/**
 * STS is called for every account of a fleet run (AssumeRole), and twice for a
 * person's proof (then GetCallerIdentity): a new client per call meant a new
 * HTTP handler, a new TCP (and TLS) connection and ~4 ms of CPU each. So one
 * handler per region, with keep-alive agents, is shared by every STS client of
 * the process: the one AssumeRole client per region, and the short-lived
 * GetCallerIdentity clients that sign with a role session's credentials. The key includes what a test may change between calls (the
 * endpoint variable, the timeouts), so a change takes effect.
 */
const stsHandlers = new Map<string, NodeHttpHandler>();
const stsClients = new Map<string, STSClient>();

/** Sockets per handler: a fleet run keeps up to VERIFY_CONCURRENCY (at most 256) calls in flight per process. */
const MAX_STS_SOCKETS = 256;

function stsKey(region: string): string {
  return [region, process.env.AWS_ENDPOINT_URL_STS ?? "", requestTimeouts.requestTimeoutMs, requestTimeouts.connectionTimeoutMs].join("|");
}

function sharedStsHandler(key: string): NodeHttpHandler {
  let handler = stsHandlers.get(key);
  if (!handler) {
    const agentOptions = { keepAlive: true, maxSockets: MAX_STS_SOCKETS };
    handler = new NodeHttpHandler({
      ...requestHandler(),
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    });
    stsHandlers.set(key, handler);
  }
  return handler;
}

/** One attempt: we retry STS ourselves, knowing about IAM propagation and throttling. One client per region, reused. */
export function stsClient(region = defaultRegion()): STSClient {
  const key = stsKey(region);
  let client = stsClients.get(key);
  if (!client) {
    client = new STSClient({ region, maxAttempts: 1, requestHandler: sharedStsHandler(key) });
    stsClients.set(key, client);
  }
  return client;
}

/**
 * A client signing with a role session's temporary credentials (never kept
 * beyond the call: the client is dropped, the shared handler holds no credentials).
 */
export function stsClientWithCredentials(credentials: TemporaryCredentials, region = defaultRegion()): STSClient {
  return new STSClient({ region, maxAttempts: 1, requestHandler: sharedStsHandler(stsKey(region)), credentials });
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
