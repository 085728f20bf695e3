/**
 * Builds SNS HTTP bodies the way SNS writes them: keys in SNS's order, pretty
 * printed with `"Key" : "Value"` (what real deliveries look like on the wire),
 * signed by the sandbox key.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { signEnvelope } from "./sns-signer";

const NOTIFICATION_KEYS = [
  "Type",
  "MessageId",
  "TopicArn",
  "Subject",
  "Message",
  "Timestamp",
  "SignatureVersion",
  "Signature",
  "SigningCertURL",
  "UnsubscribeURL",
] as const;
const CONFIRMATION_KEYS = [
  "Type",
  "MessageId",
  "Token",
  "TopicArn",
  "Message",
  "SubscribeURL",
  "Timestamp",
  "SignatureVersion",
  "Signature",
  "SigningCertURL",
] as const;

export interface SigningSetup {
  privateKeyPem: string;
  signingCertUrl: string;
  signatureVersion: "1" | "2";
}

export interface BuiltEnvelope {
  messageId: string;
  body: string;
}

/** SNS's JSON layout. Parsers do not care; humans comparing with a real capture do. */
export function formatSnsBody(envelope: Record<string, unknown>, keys: readonly string[]): string {
  const lines = keys
    .filter((key) => typeof envelope[key] === "string")
    .map((key) => `  ${JSON.stringify(key)} : ${JSON.stringify(envelope[key])}`);
  return `{\n${lines.join(",\n")}\n}`;
}

export function subscriptionToken(): string {
  // Real tokens are long opaque hex strings.
  return randomBytes(64).toString("hex");
}

export function buildNotification(
  input: { topicArn: string; subject?: string; message: string; unsubscribeUrl: string },
  signing: SigningSetup,
): BuiltEnvelope {
  const messageId = randomUUID();
  const fields = {
    Type: "Notification" as const,
    MessageId: messageId,
    TopicArn: input.topicArn,
    ...(input.subject === undefined ? {} : { Subject: input.subject }),
    Message: input.message,
    Timestamp: new Date().toISOString(),
    SigningCertURL: signing.signingCertUrl,
    UnsubscribeURL: input.unsubscribeUrl,
  };
  const signed = signEnvelope(fields, signing.privateKeyPem, signing.signatureVersion);
  return { messageId, body: formatSnsBody({ ...fields, ...signed }, NOTIFICATION_KEYS) };
}

export function buildSubscriptionConfirmation(
  input: { topicArn: string; token: string; subscribeUrl: string },
  signing: SigningSetup,
): BuiltEnvelope {
  const messageId = randomUUID();
  const fields = {
    Type: "SubscriptionConfirmation" as const,
    MessageId: messageId,
    Token: input.token,
    TopicArn: input.topicArn,
    Message:
      `You have chosen to subscribe to the topic ${input.topicArn}.\n` +
      "To confirm the subscription, visit the SubscribeURL included in this message.",
    SubscribeURL: input.subscribeUrl,
    Timestamp: new Date().toISOString(),
    SigningCertURL: signing.signingCertUrl,
  };
  const signed = signEnvelope(fields, signing.privateKeyPem, signing.signatureVersion);
  return { messageId, body: formatSnsBody({ ...fields, ...signed }, CONFIRMATION_KEYS) };
}

/**
 * A forgery for tests: an old signature on new content (fresh MessageId and
 * Timestamp), as an attacker who captured one delivery could send.
 */
export function forgeFrom(body: string): BuiltEnvelope {
  const envelope = JSON.parse(body) as Record<string, unknown>;
  const messageId = randomUUID();
  const forged = { ...envelope, MessageId: messageId, Timestamp: new Date().toISOString() };
  const keys = envelope.Type === "Notification" ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  return { messageId, body: formatSnsBody(forged, keys) };
}
