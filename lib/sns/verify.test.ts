import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";
import { describe, expect, it } from "vitest";
import * as signing from "@/test/sns-signing";
import { createTestFetcher } from "@/test/sns-signing";
import { regionOfTopicArn } from "./trusted-urls";
import { SnsVerificationError, verifySnsMessage, type SnsVerificationReason, type VerifySnsOptions } from "./verify";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/sns");
const AWS_PEM = readFileSync(path.join(FIXTURES, "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"), "utf8");
const FIXTURE_NAMES = [
  "php-notification-v1-no-subject.json",
  "php-notification-v2-no-subject.json",
  "php-notification-v1-with-subject.json",
  "php-notification-v2-with-subject.json",
];

type Fixture = Record<string, string>;

const CERT_FILE = `SimpleNotificationService-${"0123456789abcdef".repeat(2)}.pem`;
/** AWS's certificate URL shape for the topic's region (the shared helper's default predates the path rule). */
const certUrlFor = (topicArn = signing.TEST_TOPIC_ARN) => `https://sns.${regionOfTopicArn(topicArn)}.amazonaws.com/${CERT_FILE}`;
const signedNotification = (input: Parameters<typeof signing.signedNotification>[0]) =>
  signing.signedNotification({ certUrl: certUrlFor(input.topicArn), ...input });
const signedSubscriptionConfirmation = (input: Parameters<typeof signing.signedSubscriptionConfirmation>[0] = {}) =>
  signing.signedSubscriptionConfirmation({ certUrl: certUrlFor(input.topicArn), ...input });

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as Fixture;
}

/** Options under which an untouched fixture verifies: its topic allowed, the clock at its Timestamp. */
function fixtureOptions(message: Fixture, overrides: VerifySnsOptions = {}): VerifySnsOptions {
  return {
    fetchCertificate: async () => AWS_PEM,
    now: new Date(Date.parse(message.Timestamp!) + 1_000),
    allowedTopics: [message.TopicArn!],
    sandboxUrl: undefined,
    ...overrides,
  };
}

async function reasonOf(promise: Promise<unknown>): Promise<SnsVerificationReason | "verified"> {
  try {
    await promise;
    return "verified";
  } catch (error) {
    if (error instanceof SnsVerificationError) return error.reason;
    throw error;
  }
}

describe("verifySnsMessage with real AWS messages", () => {
  it.each(FIXTURE_NAMES)("verifies %s", async (name) => {
    const message = fixture(name);
    const verified = await verifySnsMessage(message, fixtureOptions(message));
    expect(verified).toMatchObject({ Type: "Notification", MessageId: message.MessageId, Message: "Hello world", region: "us-east-2" });
    expect(verified.Type === "Notification" && verified.Subject).toBe(message.Subject ?? undefined);
  });

  it.each(FIXTURE_NAMES)("rejects %s once any signed field changes", async (name) => {
    const message = fixture(name);
    const renamedTopic = message.TopicArn!.replace("publish-and-verify", "publish-and-verifx");
    const tampered: [Fixture, VerifySnsOptions?][] = [
      [{ ...message, Message: "Hello world!" }],
      [{ ...message, MessageId: message.MessageId!.replace(/^./, "0") }],
      [{ ...message, Subject: message.Subject ? message.Subject + "." : "Hello world" }],
      [{ ...message, Timestamp: message.Timestamp!.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)) }],
      [{ ...message, TopicArn: renamedTopic }, { allowedTopics: [renamedTopic] }],
      [{ ...message, SignatureVersion: message.SignatureVersion === "1" ? "2" : "1" }],
    ];
    for (const [changed, overrides] of tampered) {
      expect(await reasonOf(verifySnsMessage(changed, fixtureOptions(message, overrides)))).toBe("bad_signature");
    }
  });

  it("rejects a real message checked against another certificate valid at its Timestamp", async () => {
    const message = fixture("php-notification-v2-with-subject.json");
    const other = await generate([{ name: "commonName", value: "sns.amazonaws.com" }], {
      keySize: 2048,
      algorithm: "sha256",
      notBeforeDate: new Date("2020-01-01T00:00:00Z"),
      notAfterDate: new Date("2030-01-01T00:00:00Z"),
    });
    const options = fixtureOptions(message, { fetchCertificate: async () => other.cert });
    expect(await reasonOf(verifySnsMessage(message, options))).toBe("bad_signature");
  });
});

describe("verifySnsMessage with sandbox-signed messages", () => {
  it("verifies them through the same path, with the environment's defaults for topics", async () => {
    const { fetchCertificate } = createTestFetcher();
    for (const version of ["1", "2"] as const) {
      const message = await signedNotification({ message: "{}", subject: "AWS CloudFormation custom resource request", version });
      await expect(verifySnsMessage(message, { fetchCertificate })).resolves.toMatchObject({ region: "us-east-1", Message: "{}" });
    }
    const confirmation = await signedSubscriptionConfirmation();
    await expect(verifySnsMessage(confirmation, { fetchCertificate })).resolves.toMatchObject({ Type: "SubscriptionConfirmation" });
  });

  it("fetches a certificate once for concurrent messages and never again after", async () => {
    const { fetchCertificate, urls } = createTestFetcher();
    const messages = await Promise.all(Array.from({ length: 8 }, (_, i) => signedNotification({ message: `m${i}` })));
    await Promise.all(messages.map((m) => verifySnsMessage(m, { fetchCertificate })));
    expect(urls).toHaveLength(1);
    await verifySnsMessage(await signedNotification({ message: "later" }), { fetchCertificate });
    expect(urls).toHaveLength(1);
  });

  it("ignores unknown keys and accepts a null Subject", async () => {
    const { fetchCertificate } = createTestFetcher();
    const message = { ...(await signedNotification({ message: "x", subject: null })), region: "evil-1", Extra: 1 };
    const verified = await verifySnsMessage(JSON.parse(JSON.stringify(message)), { fetchCertificate });
    expect(verified.region).toBe("us-east-1");
    expect("Extra" in verified).toBe(false);
  });
});

describe("verifySnsMessage reasons", () => {
  const HOUR = 60 * 60 * 1000;

  async function check(
    build: () => unknown,
    options: Omit<VerifySnsOptions, "fetchCertificate"> & { fetchCertificate?: VerifySnsOptions["fetchCertificate"] } = {},
  ) {
    const test = createTestFetcher();
    const reason = await reasonOf(verifySnsMessage(await build(), { fetchCertificate: test.fetchCertificate, ...options }));
    return { reason, fetched: test.urls.length };
  }
  const now = new Date();
  const base = () => signedNotification({ message: "hello", timestamp: now });

  it.each([
    ["a string", () => "hello"],
    ["null", () => null],
    ["an unknown Type", async () => ({ ...(await base()), Type: "Other" })],
    ["a missing MessageId", async () => ({ ...(await base()), MessageId: undefined })],
    ["a non-string Message", async () => ({ ...(await base()), Message: 42 })],
    ["a bad Timestamp", async () => ({ ...(await base()), Timestamp: "yesterday" })],
    ["an oversized Signature", async () => ({ ...(await base()), Signature: "A".repeat(4096) })],
    ["a confirmation without Token", async () => ({ ...(await signedSubscriptionConfirmation()), Token: undefined })],
  ])("malformed: %s", async (_label, build) => {
    expect(await check(build, { now })).toEqual({ reason: "malformed", fetched: 0 });
  });

  it("unsupported_signature_version", async () => {
    expect(await check(async () => ({ ...(await base()), SignatureVersion: "3" }), { now })).toEqual({
      reason: "unsupported_signature_version",
      fetched: 0,
    });
  });

  it("topic_not_allowed", async () => {
    const other = () => signedNotification({ message: "x", topicArn: "arn:aws:sns:us-east-1:222222222222:rolelink" });
    expect(await check(other)).toEqual({ reason: "topic_not_allowed", fetched: 0 });
    expect(await check(base, { allowedTopics: ["arn:aws:sns:eu-west-1:111111111111:rolelink"], now })).toMatchObject({
      reason: "topic_not_allowed",
    });
  });

  it("timestamp_too_old and timestamp_in_future, at the window's edges", async () => {
    expect(await check(base, { now: new Date(now.getTime() + HOUR) })).toMatchObject({ reason: "verified" });
    expect(await check(base, { now: new Date(now.getTime() + HOUR + 1) })).toEqual({ reason: "timestamp_too_old", fetched: 0 });
    expect(await check(base, { now: new Date(now.getTime() - 5 * 60_000) })).toMatchObject({ reason: "verified" });
    expect(await check(base, { now: new Date(now.getTime() - 5 * 60_000 - 1) })).toEqual({ reason: "timestamp_in_future", fetched: 0 });
  });

  it("untrusted_certificate_url, never fetched", async () => {
    for (const certUrl of [
      `https://attacker.test/${CERT_FILE}`,
      `https://sns.us-east-1.amazonaws.com@attacker.test/${CERT_FILE}`,
      `https://sns.eu-west-1.amazonaws.com/${CERT_FILE}`,
      `http://127.0.0.1:4590/${CERT_FILE}`,
      // On AWS's own host: any path but AWS's certificate file name (its API answers `.pem` URLs with text we choose).
      "https://sns.us-east-1.amazonaws.com/cert.pem",
      `https://sns.us-east-1.amazonaws.com/${CERT_FILE}?Action=Publish`,
      `https://sns.us-east-1.amazonaws.com/${CERT_FILE}#`,
    ]) {
      expect(await check(() => signedNotification({ message: "x", certUrl }), { sandboxUrl: undefined }), certUrl).toEqual({
        reason: "untrusted_certificate_url",
        fetched: 0,
      });
    }
  });

  it("trusts a sandbox certificate URL only with a sandbox configured, and only on AWS's path", async () => {
    const sandboxUrl = "http://127.0.0.1:4590/";
    const build = (certUrl: string) => () => signedNotification({ message: "x", certUrl });
    expect(await check(build(`${sandboxUrl}${CERT_FILE}`), { sandboxUrl })).toEqual({ reason: "verified", fetched: 1 });
    for (const certUrl of [`${sandboxUrl}sns/cert.pem`, `${sandboxUrl}sns/${CERT_FILE}`, `${sandboxUrl}${CERT_FILE}?x`]) {
      expect(await check(build(certUrl), { sandboxUrl }), certUrl).toEqual({ reason: "untrusted_certificate_url", fetched: 0 });
    }
  });

  it("certificate_unavailable and certificate_invalid", async () => {
    const down = async () => {
      throw new Error("ECONNREFUSED");
    };
    const unavailable = await verifySnsMessage(await base(), { fetchCertificate: down, now }).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ reason: "certificate_unavailable", retryable: true });
    expect(await check(base, { now, fetchCertificate: async () => "not a certificate" })).toMatchObject({ reason: "certificate_invalid" });
  });

  it("certificate_not_valid_at_timestamp", async () => {
    // The test certificate starts yesterday; a message signed two days ago predates it.
    const old = new Date(Date.now() - 2 * 24 * HOUR);
    const build = () => signedNotification({ message: "x", timestamp: old });
    expect(await check(build, { now: new Date(old.getTime() + 60_000) })).toMatchObject({ reason: "certificate_not_valid_at_timestamp" });
  });

  it("bad_signature", async () => {
    expect(await check(async () => ({ ...(await base()), Message: "HELLO" }), { now })).toEqual({ reason: "bad_signature", fetched: 1 });
    expect(await check(async () => ({ ...(await base()), Signature: "not base64!" }), { now })).toMatchObject({ reason: "bad_signature" });
  });
});
