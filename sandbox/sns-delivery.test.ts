/** SNS delivery edge cases: an app that boots after the sandbox, SignatureVersion 1, endpoints that hang. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isTrustedSigningCertUrl } from "@/lib/sns/trusted-urls";
import { CERTIFICATE_PATH } from "./sns-delivery";
import { startSandbox, type Sandbox } from "./server";
import { startFakeApp, waitFor } from "./test-helpers";

const TOPIC = "arn:aws:sns:eu-west-1:111111111111:rolelink";
const base = { vendorAccountId: "111111111111", topicArns: [TOPIC], baseAccessKeyId: "AKIASANDBOXTEST00001", port: 0 };
const cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("SNS delivery", () => {
  it("names its certificate like AWS does, so the app holds the sandbox to AWS's path rule", async () => {
    expect(CERTIFICATE_PATH).toMatch(/^SimpleNotificationService-[0-9a-f]{32}\.pem$/);
    const app = await startFakeApp({ allowedTopics: [TOPIC] });
    cleanup.push(app.stop);
    const sandbox = await startSandbox({ ...base, appSnsEndpoint: app.endpoint });
    cleanup.push(sandbox.stop);
    app.setSandboxOrigin(sandbox.origin);
    // Answered (after the fake app's SubscribeURL visit), so stopping the sandbox cuts nothing short.
    await waitFor(() => sandbox.state.delivery.listDeliveries()[0]?.state === "delivered" || undefined);
    const first = await waitFor(() => app.received[0]);
    const { SigningCertURL } = JSON.parse(first.body) as { SigningCertURL: string };
    expect(SigningCertURL).toBe(`${sandbox.origin}${CERTIFICATE_PATH}`);
    expect(isTrustedSigningCertUrl(SigningCertURL, "eu-west-1", sandbox.origin)).toBe(true);
    expect(first.verified).toMatchObject({ Type: "SubscriptionConfirmation", TopicArn: TOPIC });
    const served = await fetch(SigningCertURL);
    expect(await served.text()).toBe(sandbox.state.certificatePem);
  });

  it("keeps offering the confirmation until the app is up, then signs with SignatureVersion 1 when asked", async () => {
    const port = await freePort();
    const sandbox: Sandbox = await startSandbox({
      ...base,
      appSnsEndpoint: `http://127.0.0.1:${port}/api/sns`,
      signatureVersion: "1",
      confirmationRetryMs: 50,
    });
    cleanup.push(sandbox.stop);
    await waitFor(() => sandbox.state.delivery.listDeliveries()[0]?.attempts.length === 2 || undefined);
    expect(sandbox.state.delivery.listSubscriptions()[0]?.status).toBe("pending-confirmation");

    const app = await startFakeApp({ allowedTopics: [TOPIC], port });
    cleanup.push(app.stop);
    app.setSandboxOrigin(sandbox.origin);
    await waitFor(() => sandbox.state.delivery.listSubscriptions()[0]?.status === "confirmed" || undefined);
    expect(app.received[0]?.verified).toMatchObject({ Type: "SubscriptionConfirmation", SignatureVersion: "1" });
  });

  it("publishes nothing to a topic whose subscription is not confirmed", async () => {
    const sandbox = await startSandbox({
      ...base,
      appSnsEndpoint: `http://127.0.0.1:${await freePort()}/api/sns`,
      confirmationRetryMs: 60_000,
    });
    cleanup.push(sandbox.stop);
    const delivery = await sandbox.state.delivery.publish(TOPIC, undefined, "hello");
    expect(delivery).toMatchObject({ state: "not-sent", attempts: [] });
  });

  it("retries an endpoint that does not answer within the delivery timeout, then gives up", async () => {
    const hanging = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          hanging.closeAllConnections();
          hanging.close(() => resolve());
        }),
    );
    const { port } = hanging.address() as AddressInfo;
    const sandbox = await startSandbox({
      ...base,
      appSnsEndpoint: `http://127.0.0.1:${port}/api/sns`,
      deliveryTimeoutMs: 100,
      retryDelaysMs: [10, 10],
      confirmationWindowMs: 0,
    });
    cleanup.push(sandbox.stop);
    const confirmation = await waitFor(() => {
      const first = sandbox.state.delivery.listDeliveries()[0];
      return first?.state === "failed" ? first : undefined;
    });
    expect(confirmation.attempts.map((a) => a.error)).toEqual(["timed out"]);
    // Pretend the app confirmed, to watch a Notification's retries.
    const sub = sandbox.state.delivery.listSubscriptions()[0];
    sandbox.state.delivery.confirm(TOPIC, sub?.token ?? "");
    const notification = await sandbox.state.delivery.publish(TOPIC, "s", "m");
    expect(notification.state).toBe("failed");
    expect(notification.attempts.map((a) => a.error)).toEqual(["timed out", "timed out", "timed out"]);
  });
});
