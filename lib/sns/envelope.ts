/** The three signed SNS envelopes (PROTOCOL.md "SNS HTTP/S delivery"), as zod schemas. */
import { z } from "zod";
import { topicArnSchema } from "@/lib/aws/identifiers";

/** Any partition; FIFO topic names end `.fifo`. */
export const snsTopicArnSchema = topicArnSchema;

const nonEmpty = z.string().min(1);

const signedFields = {
  MessageId: nonEmpty,
  TopicArn: snsTopicArnSchema,
  Message: z.string(),
  // SNS always sends UTC with milliseconds; accept any precision, but only "Z".
  Timestamp: z.iso.datetime(),
  SignatureVersion: z.enum(["1", "2"]),
  // Base64. Not pattern-checked: on the hot path that regex costs more than it is worth,
  // as a garbled signature simply fails crypto.verify. The cap bounds the decode.
  Signature: z.string().min(1).max(2048),
  SigningCertURL: nonEmpty,
};

export const snsNotificationSchema = z.object({
  Type: z.literal("Notification"),
  ...signedFields,
  // Absent when the publisher gave none; some SDKs send null, which is not signed either.
  Subject: z.string().nullish(),
  UnsubscribeURL: nonEmpty,
});

const confirmationFields = {
  ...signedFields,
  Token: nonEmpty,
  SubscribeURL: nonEmpty,
};

export const snsSubscriptionConfirmationSchema = z.object({
  Type: z.literal("SubscriptionConfirmation"),
  ...confirmationFields,
});

export const snsUnsubscribeConfirmationSchema = z.object({
  Type: z.literal("UnsubscribeConfirmation"),
  ...confirmationFields,
});

export const snsEnvelopeSchema = z.discriminatedUnion("Type", [
  snsNotificationSchema,
  snsSubscriptionConfirmationSchema,
  snsUnsubscribeConfirmationSchema,
]);

export type SnsNotification = z.infer<typeof snsNotificationSchema>;
export type SnsSubscriptionConfirmation = z.infer<typeof snsSubscriptionConfirmationSchema>;
export type SnsUnsubscribeConfirmation = z.infer<typeof snsUnsubscribeConfirmationSchema>;
export type SnsEnvelope = z.infer<typeof snsEnvelopeSchema>;
export type SnsSignatureVersion = SnsEnvelope["SignatureVersion"];
