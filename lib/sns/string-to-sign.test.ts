import { describe, expect, it } from "vitest";
import { snsStringToSign } from "./string-to-sign";

const notification = {
  Type: "Notification" as const,
  MessageId: "m-1",
  TopicArn: "arn:aws:sns:us-east-1:111111111111:rolelink",
  Message: "line one\nline two",
  Timestamp: "2026-01-02T03:04:05.678Z",
};

describe("snsStringToSign", () => {
  it("signs a Notification without Subject in SNS's key order", () => {
    expect(snsStringToSign(notification)).toBe(
      "Message\nline one\nline two\nMessageId\nm-1\nTimestamp\n2026-01-02T03:04:05.678Z\n" +
        "TopicArn\narn:aws:sns:us-east-1:111111111111:rolelink\nType\nNotification\n",
    );
  });

  it("puts Subject between MessageId and Timestamp when present", () => {
    expect(snsStringToSign({ ...notification, Subject: "Hi" })).toBe(
      "Message\nline one\nline two\nMessageId\nm-1\nSubject\nHi\nTimestamp\n2026-01-02T03:04:05.678Z\n" +
        "TopicArn\narn:aws:sns:us-east-1:111111111111:rolelink\nType\nNotification\n",
    );
  });

  it("treats a null Subject as absent but keeps an empty one", () => {
    expect(snsStringToSign({ ...notification, Subject: null })).toBe(snsStringToSign(notification));
    expect(snsStringToSign({ ...notification, Subject: "" })).toContain("MessageId\nm-1\nSubject\n\nTimestamp");
  });

  it("signs confirmations with SubscribeURL and Token", () => {
    const fields = {
      Type: "SubscriptionConfirmation" as const,
      MessageId: "m-2",
      Token: "tok",
      TopicArn: "arn:aws:sns:us-east-1:111111111111:rolelink",
      Message: "confirm",
      SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
      Timestamp: "2026-01-02T03:04:05.678Z",
    };
    const expected =
      "Message\nconfirm\nMessageId\nm-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription\n" +
      "Timestamp\n2026-01-02T03:04:05.678Z\nToken\ntok\nTopicArn\narn:aws:sns:us-east-1:111111111111:rolelink\n";
    expect(snsStringToSign(fields)).toBe(expected + "Type\nSubscriptionConfirmation\n");
    expect(snsStringToSign({ ...fields, Type: "UnsubscribeConfirmation" })).toBe(expected + "Type\nUnsubscribeConfirmation\n");
  });
});
