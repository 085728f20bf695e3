/**
 * Signed SNS Notifications carrying a CloudFormation custom resource request,
 * shaped like the ones AWS delivers (PROTOCOL.md), signed by a throwaway
 * identity with the sandbox signer (the exact SNS algorithm).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { SnsNotification } from "@/lib/sns/envelope";
import { signEnvelope, type SigningIdentity } from "@/sandbox/sns-signer";

export const BENCH_TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:rolelink-bench";
export const SUBJECT = "AWS CloudFormation custom resource request";

export interface RequestShape {
  topicArn: string;
  accountId: string;
  externalId: string;
}

/** The Message text: a Create request as CloudFormation sends it, with a presigned-looking ResponseURL. */
export function customResourceRequest(shape: RequestShape): string {
  const stackId = `arn:aws:cloudformation:us-east-1:${shape.accountId}:stack/rolelink-${shape.accountId}/${randomUUID()}`;
  const requestId = randomUUID();
  const responseUrl = new URL(
    `/${encodeURIComponent(`${stackId}|PhoneHome|${requestId}`)}`,
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com",
  );
  const date = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  responseUrl.search = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Date": date,
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Expires": "7200",
    "X-Amz-Credential": `AKIAEXAMPLEBENCH0000/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
    "X-Amz-Signature": randomBytes(32).toString("hex"),
  }).toString();
  const roleArn = `arn:aws:iam::${shape.accountId}:role/rolelink-${shape.accountId}-Role-${randomBytes(6).toString("hex").toUpperCase()}`;
  return JSON.stringify({
    RequestType: "Create",
    ServiceToken: shape.topicArn,
    ResponseURL: responseUrl.href,
    StackId: stackId,
    RequestId: requestId,
    LogicalResourceId: "PhoneHome",
    ResourceType: "Custom::RolelinkPhoneHome",
    ResourceProperties: {
      ServiceToken: shape.topicArn,
      ServiceTimeout: "300",
      RoleArn: roleArn,
      AccountID: shape.accountId,
      ExternalID: shape.externalId,
      Region: "us-east-1",
      TemplateVersion: "1",
    },
  });
}

/** One signed Notification with a unique MessageId. */
export function signedRequestNotification(
  identity: SigningIdentity,
  options: RequestShape & { certUrl: string; timestamp?: Date },
): SnsNotification {
  const unsubscribe = new URL(`https://sns.us-east-1.amazonaws.com/`);
  unsubscribe.searchParams.set("Action", "Unsubscribe");
  unsubscribe.searchParams.set("SubscriptionArn", `${options.topicArn}:${randomUUID()}`);
  return signEnvelope(
    {
      Type: "Notification" as const,
      MessageId: randomUUID(),
      TopicArn: options.topicArn,
      Subject: SUBJECT,
      Message: customResourceRequest(options),
      Timestamp: (options.timestamp ?? new Date()).toISOString(),
      SigningCertURL: options.certUrl,
      UnsubscribeURL: unsubscribe.href,
    },
    identity.privateKeyPem,
    "2",
  );
}
