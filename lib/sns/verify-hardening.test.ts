/**
 * verifySnsMessage's refusals beyond the signature itself: the minimum
 * SignatureVersion, the certificate's subject and shape, and the bound on
 * outbound certificate fetches a flood of forged messages can cause.
 */
import { createPublicKey, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";
import { describe, expect, it } from "vitest";
import * as signing from "@/test/sns-signing";
import { MAX_FETCHES_IN_FLIGHT } from "./certificate-cache";
import { SnsVerificationError, verifySnsMessage, type SnsVerificationReason, type VerifySnsOptions } from "./verify";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/sns");
const AWS_PEM = readFileSync(path.join(FIXTURES, "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"), "utf8");
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as Record<string, string>;

const hexUrl = (hex: string, region = "us-east-1") => `https://sns.${region}.amazonaws.com/SimpleNotificationService-${hex}.pem`;
const CERT_URL = hexUrl("0123456789abcdef".repeat(2));
const notification = (input: Parameters<typeof signing.signedNotification>[0]) =>
  signing.signedNotification({ certUrl: CERT_URL, ...input });

async function reasonOf(promise: Promise<unknown>): Promise<SnsVerificationReason | "verified"> {
  try {
    await promise;
    return "verified";
  } catch (error) {
    if (error instanceof SnsVerificationError) return error.reason;
    throw error;
  }
}

/** A certificate for the test signing key (so only its subject differs from the good one). */
async function testKeyCertificate(attrs: { name: string; value: string }[]): Promise<string> {
  const { privateKeyPem } = await signing.testSigningIdentity();
  const publicKey = createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(Date.now() + 24 * 3600_000);
  const pems = await generate(attrs, {
    keyPair: { privateKey: privateKeyPem, publicKey },
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
  });
  return pems.cert;
}

describe("minimum SignatureVersion", () => {
  it.each([
    ["1", "1", "verified"],
    ["2", "1", "verified"],
    ["2", "2", "verified"],
    ["1", "2", "signature_version_too_low"],
  ] as const)("version %s with minimum %s: %s", async (version, minSignatureVersion, expected) => {
    const { fetchCertificate, urls } = signing.createTestFetcher();
    const message = await notification({ message: "x", version });
    expect(await reasonOf(verifySnsMessage(message, { fetchCertificate, minSignatureVersion }))).toBe(expected);
    if (expected !== "verified") expect(urls).toHaveLength(0);
  });

  it("is final (403-class), not a retry", async () => {
    const error = await verifySnsMessage(await notification({ message: "x", version: "1" }), { minSignatureVersion: "2" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: "signature_version_too_low", retryable: false });
  });

  it("applies to AWS's own version-1 messages too, and lets their version-2 ones through", async () => {
    for (const [name, expected] of [
      ["php-notification-v1-with-subject.json", "signature_version_too_low"],
      ["php-notification-v2-with-subject.json", "verified"],
    ] as const) {
      const message = fixture(name);
      const options: VerifySnsOptions = {
        fetchCertificate: async () => AWS_PEM,
        now: new Date(Date.parse(message.Timestamp!) + 1_000),
        allowedTopics: [message.TopicArn!],
        sandboxUrl: undefined,
        minSignatureVersion: "2",
      };
      expect(await reasonOf(verifySnsMessage(message, options)), name).toBe(expected);
    }
  });
});

describe("the signing certificate's subject and shape", () => {
  const verifyWith = async (pem: string, topicArn?: string) =>
    reasonOf(
      verifySnsMessage(
        await notification({ message: "x", topicArn, certUrl: topicArn ? hexUrl("ab".repeat(16), "eu-west-1") : CERT_URL }),
        { fetchCertificate: async () => pem },
      ),
    );

  it("accepts sns.amazonaws.com and the topic region's sns-signing name", async () => {
    expect(await verifyWith(await testKeyCertificate([{ name: "commonName", value: "sns.amazonaws.com" }]))).toBe("verified");
    expect(await verifyWith(await testKeyCertificate([{ name: "commonName", value: "sns-signing.us-east-1.amazonaws.com" }]))).toBe(
      "verified",
    );
  });

  it.each([
    ["another name", [{ name: "commonName", value: "attacker.test" }]],
    ["another region's signing name", [{ name: "commonName", value: "sns-signing.eu-west-1.amazonaws.com" }]],
    ["no CN at all", [{ name: "organizationName", value: "sns.amazonaws.com" }]],
    [
      "two CNs",
      [
        { name: "commonName", value: "sns.amazonaws.com" },
        { name: "commonName", value: "attacker.test" },
      ],
    ],
  ])("untrusted_certificate_subject: %s, though the key signed the message", async (_label, attrs) => {
    expect(await verifyWith(await testKeyCertificate(attrs))).toBe("untrusted_certificate_subject");
  });

  it("checks the name against each message's region (one sandbox certificate serves every region)", async () => {
    const euTopic = "arn:aws:sns:eu-west-1:111111111111:rolelink";
    const usSigning = await testKeyCertificate([{ name: "commonName", value: "sns-signing.us-east-1.amazonaws.com" }]);
    expect(await verifyWith(usSigning, euTopic)).toBe("untrusted_certificate_subject");
  });

  it("certificate_invalid: a bundle of several certificates, or text after the one", async () => {
    const { certificatePem } = await signing.testSigningIdentity();
    expect(await verifyWith(`${certificatePem}\n\n`)).toBe("verified");
    expect(await verifyWith(`${certificatePem}\n${AWS_PEM}`)).toBe("certificate_invalid");
    expect(await verifyWith(`${certificatePem}\n<html>hello</html>\n`)).toBe("certificate_invalid");
  });
});

describe("a flood of forged certificate URLs", () => {
  it(`costs at most ${MAX_FETCHES_IN_FLIGHT} outbound fetches, and a failed URL is not fetched again for a while`, async () => {
    const fetched: string[] = [];
    // AWS's host answers an unknown certificate name with an error, after a network round trip.
    const fetchCertificate = async (url: URL) => {
      fetched.push(url.href);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("HTTP 404");
    };
    const now = new Date();
    const messages = await Promise.all(
      Array.from({ length: 200 }, () =>
        notification({ message: "forged", timestamp: now, certUrl: hexUrl(randomBytes(16).toString("hex")) }),
      ),
    );
    expect(new Set(messages.map((m) => m.SigningCertURL)).size).toBe(200);

    const refused = (e: unknown) => e as SnsVerificationError;
    const verified = () => {
      throw new Error("a forged message verified");
    };
    const errors = await Promise.all(messages.map((m) => verifySnsMessage(m, { fetchCertificate, now }).then(verified, refused)));
    expect(fetched.length).toBe(MAX_FETCHES_IN_FLIGHT);
    const reasons = errors.map((e) => e.reason);
    expect(reasons.filter((r) => r === "certificate_unavailable")).toHaveLength(MAX_FETCHES_IN_FLIGHT);
    expect(reasons.filter((r) => r === "certificate_fetch_busy")).toHaveLength(200 - MAX_FETCHES_IN_FLIGHT);
    // Both are "try later" for SNS (a 5xx), never a final 4xx for what may be AWS's own message.
    expect(errors.every((e) => e.retryable)).toBe(true);

    // The same forged URLs again, now one at a time: the failed ones are remembered, the rest cost one fetch each.
    const failedUrls = new Set(fetched);
    const again = messages.filter((m) => failedUrls.has(m.SigningCertURL));
    for (const message of again) {
      expect(await reasonOf(verifySnsMessage(message, { fetchCertificate, now }))).toBe("certificate_unavailable");
    }
    expect(fetched.length).toBe(MAX_FETCHES_IN_FLIGHT);
  });
});
