/** The exact bytes SNS signs: `Key\nValue\n` pairs in a fixed order per message type. */
import type { SnsNotification, SnsSubscriptionConfirmation, SnsUnsubscribeConfirmation } from "./envelope";

type SignableNotification = Pick<SnsNotification, "Type" | "Message" | "MessageId" | "Subject" | "Timestamp" | "TopicArn">;
type SignableConfirmation = Pick<
  SnsSubscriptionConfirmation | SnsUnsubscribeConfirmation,
  "Type" | "Message" | "MessageId" | "SubscribeURL" | "Timestamp" | "Token" | "TopicArn"
>;

/** Anything carrying the signed fields (a parsed envelope, or an unsigned one about to be signed). */
export type SignableSnsFields = SignableNotification | SignableConfirmation;

/**
 * Builds the canonical string. Plain concatenation on purpose: this runs once per
 * inbound message, and an array + join would allocate for nothing.
 */
export function snsStringToSign(fields: SignableSnsFields): string {
  if (fields.Type === "Notification") {
    // Subject is part of the string only when SNS had one: absent and null are both "no subject".
    const subject = fields.Subject == null ? "" : "Subject\n" + fields.Subject + "\n";
    return (
      "Message\n" +
      fields.Message +
      "\n" +
      "MessageId\n" +
      fields.MessageId +
      "\n" +
      subject +
      "Timestamp\n" +
      fields.Timestamp +
      "\n" +
      "TopicArn\n" +
      fields.TopicArn +
      "\n" +
      "Type\n" +
      fields.Type +
      "\n"
    );
  }
  return (
    "Message\n" +
    fields.Message +
    "\n" +
    "MessageId\n" +
    fields.MessageId +
    "\n" +
    "SubscribeURL\n" +
    fields.SubscribeURL +
    "\n" +
    "Timestamp\n" +
    fields.Timestamp +
    "\n" +
    "Token\n" +
    fields.Token +
    "\n" +
    "TopicArn\n" +
    fields.TopicArn +
    "\n" +
    "Type\n" +
    fields.Type +
    "\n"
  );
}
