/**
 * Test helpers: SNS envelopes signed by a throwaway sandbox identity, and a
 * certificate fetcher serving its certificate. Messages built here go through
 * the real verifySnsMessage unchanged.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { SnsNotification, SnsSignatureVersion, SnsSubscriptionConfirmation } from "@/lib/sns/envelope";
import { regionOfTopicArn } from "@/lib/sns/trusted-urls";
import { createSigningIdentity, signEnvelope, type SigningIdentity } from "@/sandbox/sns-signer";

export const TEST_TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:rolelink";

let identity: Promise<SigningIdentity> | undefined;

/** One RSA identity per test process: generating keys is the slow part. */
export function testSigningIdentity(): Promise<SigningIdentity> {
  identity ??= createSigningIdentity();
  return identity;
}

function regionOf(topicArn: string): string {
  const region = regionOfTopicArn(topicArn);
  if (!region) throw new Error(`not an SNS topic ARN: ${topicArn}`);
  return region;
}

/** Where AWS would host the certificate for this topic's region. */
export function testCertUrl(topicArn: string): string {
  return new URL("/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem", `https://sns.${regionOf(topicArn)}.amazonaws.com`).href;
}

/**
 * A fetcher serving the test certificate for any URL (the verifier has already
 * checked the URL is trusted). A fresh one per call has its own certificate
 * cache; `urls` records each actual fetch.
 */
export function createTestFetcher(): { fetchCertificate: (url: URL) => Promise<string>; urls: URL[] } {
  const urls: URL[] = [];
  return {
    urls,
    fetchCertificate: async (url) => {
      urls.push(url);
      return (await testSigningIdentity()).certificatePem;
    },
  };
}

type Common = {
  topicArn?: string;
  messageId?: string;
  timestamp?: Date;
  certUrl?: string;
  version?: SnsSignatureVersion;
};

export async function signedNotification(input: Common & { message: string; subject?: string | null }): Promise<SnsNotification> {
  const topicArn = input.topicArn ?? TEST_TOPIC_ARN;
  const region = regionOf(topicArn);
  const unsubscribe = new URL(`https://sns.${region}.amazonaws.com/`);
  unsubscribe.searchParams.set("Action", "Unsubscribe");
  unsubscribe.searchParams.set("SubscriptionArn", `${topicArn}:${randomUUID()}`);
  const fields = {
    Type: "Notification" as const,
    MessageId: input.messageId ?? randomUUID(),
    TopicArn: topicArn,
    ...(input.subject === undefined ? {} : { Subject: input.subject }),
    Message: input.message,
    Timestamp: (input.timestamp ?? new Date()).toISOString(),
    SigningCertURL: input.certUrl ?? testCertUrl(topicArn),
    UnsubscribeURL: unsubscribe.href,
  };
  return signEnvelope(fields, (await testSigningIdentity()).privateKeyPem, input.version);
}

/** The SubscribeURL SNS would send for this topic (or at `origin`, e.g. the sandbox). */
export function testSubscribeUrl(topicArn: string, token: string, origin?: string): string {
  const url = new URL("/", origin ?? `https://sns.${regionOf(topicArn)}.amazonaws.com`);
  url.searchParams.set("Action", "ConfirmSubscription");
  url.searchParams.set("TopicArn", topicArn);
  url.searchParams.set("Token", token);
  return url.href;
}

export async function signedSubscriptionConfirmation(
  input: Common & { subscribeUrl?: string; token?: string } = {},
): Promise<SnsSubscriptionConfirmation> {
  const topicArn = input.topicArn ?? TEST_TOPIC_ARN;
  const token = input.token ?? randomBytes(32).toString("hex");
  const fields = {
    Type: "SubscriptionConfirmation" as const,
    MessageId: input.messageId ?? randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: input.subscribeUrl ?? testSubscribeUrl(topicArn, token),
    Timestamp: (input.timestamp ?? new Date()).toISOString(),
    SigningCertURL: input.certUrl ?? testCertUrl(topicArn),
  };
  return signEnvelope(fields, (await testSigningIdentity()).privateKeyPem, input.version);
}
