import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestFetcher,
  signedNotification,
  signedSubscriptionConfirmation,
  testSubscribeUrl,
  TEST_TOPIC_ARN,
} from "@/test/sns-signing";
import { confirmSubscription } from "./subscription";
import { verifySnsMessage, type VerifiedSnsMessage } from "./verify";

const SUBSCRIPTION_ARN = `${TEST_TOPIC_ARN}:8a21d249-4329-4871-acc6-7be709c6ea7f`;
const RESPONSE = `<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ConfirmSubscriptionResult>
    <SubscriptionArn>${SUBSCRIPTION_ARN}</SubscriptionArn>
  </ConfirmSubscriptionResult>
  <ResponseMetadata><RequestId>075ecce8-8dac-11e1-bf80-f781d96e39b0</RequestId></ResponseMetadata>
</ConfirmSubscriptionResponse>`;

describe("confirmSubscription against a loopback SNS", () => {
  let server: Server;
  let sandboxUrl: string;
  const requests: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      const url = new URL(req.url ?? "/", "http://x");
      const token = url.searchParams.get("Token");
      if (token === "slow") return void setTimeout(() => res.end(RESPONSE), 2_000);
      if (token === "redirect") return void res.writeHead(302, { location: "/?Action=ConfirmSubscription" }).end();
      if (token === "expired") return void res.writeHead(403).end("<ErrorResponse/>");
      res.writeHead(200, { "content-type": "text/xml" }).end(RESPONSE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function confirmation(
    token: string,
    subscribeUrl = testSubscribeUrl(TEST_TOPIC_ARN, token, sandboxUrl),
  ): Promise<VerifiedSnsMessage> {
    const message = await signedSubscriptionConfirmation({ token, subscribeUrl });
    return verifySnsMessage(message, { fetchCertificate: createTestFetcher().fetchCertificate, sandboxUrl });
  }

  it("GETs the SubscribeURL and returns the SubscriptionArn SNS answered", async () => {
    requests.length = 0;
    const message = await confirmation("good-token");
    await expect(confirmSubscription(message, { sandboxUrl })).resolves.toEqual({ subscriptionArn: SUBSCRIPTION_ARN });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe("GET");
    expect(new URL(requests[0]?.url ?? "", sandboxUrl).searchParams.get("Token")).toBe("good-token");
  });

  it("never calls a SubscribeURL that is not SNS's for this topic", async () => {
    requests.length = 0;
    const otherTopic = testSubscribeUrl("arn:aws:sns:us-east-1:111111111111:other", "t", sandboxUrl);
    const message = await confirmation("t", otherTopic);
    await expect(confirmSubscription(message, { sandboxUrl })).rejects.toMatchObject({ reason: "untrusted_subscribe_url" });
    // Without the sandbox configured, the loopback URL is just another host.
    await expect(confirmSubscription(await confirmation("t"))).rejects.toMatchObject({ reason: "untrusted_subscribe_url" });
    expect(requests).toHaveLength(0);
  });

  it("refuses a Notification", async () => {
    const notification = await verifySnsMessage(await signedNotification({ message: "x" }), {
      fetchCertificate: createTestFetcher().fetchCertificate,
    });
    await expect(confirmSubscription(notification, { sandboxUrl })).rejects.toMatchObject({ reason: "malformed" });
  });

  it("fails (retryably) on a timeout, a redirect or an HTTP error", async () => {
    const started = Date.now();
    await expect(confirmSubscription(await confirmation("slow"), { sandboxUrl, timeoutMs: 200 })).rejects.toMatchObject({
      code: "unavailable",
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect(confirmSubscription(await confirmation("redirect"), { sandboxUrl })).rejects.toMatchObject({ code: "unavailable" });
    await expect(confirmSubscription(await confirmation("expired"), { sandboxUrl })).rejects.toMatchObject({ code: "unavailable" });
  });
});
