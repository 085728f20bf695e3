/**
 * AWS SDK clients. Endpoints come from the SDK's standard variables
 * (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SNS), which is how the local sandbox
 * is reached; credentials from the default chain. We retry ourselves (with
 * knowledge of IAM propagation and throttling), so the SDK makes one attempt.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";

const REQUEST_HANDLER = { requestTimeout: 5_000, connectionTimeout: 3_000 };

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

function defaultRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
}

export function stsClient(region = defaultRegion()): STSClient {
  return new STSClient({ region, maxAttempts: 1, requestHandler: REQUEST_HANDLER });
}

/** A client signing with a role session's temporary credentials (never kept beyond the call). */
export function stsClientWithCredentials(credentials: TemporaryCredentials, region = defaultRegion()): STSClient {
  return new STSClient({ region, maxAttempts: 1, requestHandler: REQUEST_HANDLER, credentials });
}

export function snsClient(region: string): SNSClient {
  return new SNSClient({ region, maxAttempts: 3, requestHandler: REQUEST_HANDLER });
}
