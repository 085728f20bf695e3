/**
 * The sandbox signs as SNS does, not merely as our verifier expects: its
 * deliveries pass AWS's own `sns-validator` too. No network: sns-validator's
 * certificate fetch (https.get) is answered from the sandbox over loopback.
 */
import { randomBytes } from "node:crypto";
import { createServer, get as httpGet, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createCertificateFetcher } from "@/lib/sns/certificates";
import { verifySnsMessage } from "@/lib/sns/verify";
import { CERTIFICATE_PATH } from "./sns-delivery";
import { startSandbox } from "./server";
import { waitFor } from "./test-helpers";

const require = createRequire(import.meta.url);
type Validator = { validate(message: unknown, cb: (error: Error | null) => void): void };
const MessageValidator = require("sns-validator") as new () => Validator;

const REGION = "eu-west-1";
const TOPIC = `arn:aws:sns:${REGION}:111111111111:rolelink`;
const cleanup: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** An SNS endpoint that keeps every body it is sent and answers 200. */
async function startCapture(): Promise<{ endpoint: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sns`, bodies };
}

/**
 * sns-validator fetches only https URLs on AWS hosts, and the sandbox is plain
 * http on loopback: answer exactly `awsUrl` from `loopbackUrl`, refuse any other.
 */
function serveCertificateAs(awsUrl: string, loopbackUrl: string): { fetched: string[] } {
  expect(new URL(loopbackUrl).hostname).toBe("127.0.0.1");
  const https = require("node:https") as { get: unknown };
  const original = https.get;
  const fetched: string[] = [];
  https.get = (url: unknown, callback: (res: IncomingMessage) => void) => {
    fetched.push(String(url));
    if (String(url) !== awsUrl) throw new Error(`sns-validator tried to fetch ${String(url)}`);
    return httpGet(loopbackUrl, callback);
  };
  cleanup.push(() => void (https.get = original));
  return { fetched };
}

function validatorVerdict(message: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      new MessageValidator().validate({ ...message }, (error) => resolve(error ? error.message : "valid"));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

describe.each(["1", "2"] as const)("sandbox deliveries signed with SignatureVersion %s", (version) => {
  it("pass AWS's sns-validator and the app's verifier, and fail both once tampered with", async () => {
    const capture = await startCapture();
    const sandbox = await startSandbox({
      port: 0,
      appSnsEndpoint: capture.endpoint,
      vendorAccountId: "111111111111",
      topicArns: [TOPIC],
      baseAccessKeyId: "AKIASANDBOXTEST00001",
      signatureVersion: version,
    });
    cleanup.push(sandbox.stop);
    await waitFor(() => capture.bodies.length === 1 || undefined);
    const subscription = sandbox.state.delivery.listSubscriptions()[0];
    sandbox.state.delivery.confirm(TOPIC, subscription?.token ?? "");
    await sandbox.state.delivery.publish(TOPIC, "AWS CloudFormation custom resource request", JSON.stringify({ RequestType: "Create" }));
    const [confirmation, notification] = capture.bodies.map((body) => JSON.parse(body) as Record<string, string>);
    expect([confirmation?.Type, notification?.Type]).toEqual(["SubscriptionConfirmation", "Notification"]);

    // SigningCertURL is not part of the string to sign: naming AWS's host for sns-validator changes no signed byte.
    // A fresh name per sandbox, as sns-validator caches certificates by URL for the life of the process.
    const awsUrl = `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString("hex")}.pem`;
    const served = serveCertificateAs(awsUrl, new URL(CERTIFICATE_PATH, sandbox.origin).href);
    const fetchCertificate = createCertificateFetcher({ sandboxUrl: sandbox.origin });
    for (const message of [confirmation!, notification!]) {
      expect(message.SignatureVersion).toBe(version);
      expect(await validatorVerdict({ ...message, SigningCertURL: awsUrl }), message.Type).toBe("valid");
      const ours = verifySnsMessage(message, { allowedTopics: [TOPIC], sandboxUrl: sandbox.origin, fetchCertificate });
      await expect(ours, message.Type).resolves.toMatchObject({ Type: message.Type, region: REGION });

      const tampered = { ...message, Message: `${message.Message} ` };
      expect(await validatorVerdict({ ...tampered, SigningCertURL: awsUrl })).toBe("The message signature is invalid.");
      const oursTampered = verifySnsMessage(tampered, { allowedTopics: [TOPIC], sandboxUrl: sandbox.origin, fetchCertificate });
      await expect(oursTampered).rejects.toMatchObject({ reason: "bad_signature" });
    }
    expect(new Set(served.fetched)).toEqual(new Set([awsUrl]));
  });
});
