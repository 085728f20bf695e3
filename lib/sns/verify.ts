/**
 * Verifies an inbound SNS message end to end: shape, topic, replay window,
 * certificate origin and validity, then the RSA signature. Nothing about a
 * message may be trusted (or acted on) before this resolves.
 */
import { verify as verifySignature } from "node:crypto";
import { getEnv } from "@/lib/env";
import { CertificateError, certificateCacheFor, createCertificateFetcher, type CertificateFetcher } from "./certificates";
import { snsEnvelopeSchema, type SnsEnvelope } from "./envelope";
import { snsStringToSign } from "./string-to-sign";
import { regionOfTopicArn, trustedSigningCertUrl } from "./trusted-urls";

export type SnsVerificationReason =
  | "malformed"
  | "unsupported_signature_version"
  | "topic_not_allowed"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "untrusted_certificate_url"
  | "certificate_unavailable"
  | "certificate_invalid"
  | "certificate_not_valid_at_timestamp"
  | "bad_signature"
  | "untrusted_subscribe_url";

export class SnsVerificationError extends Error {
  constructor(
    public readonly reason: SnsVerificationReason,
    message: string = reason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SnsVerificationError";
  }

  /** Only a certificate we could not fetch is worth SNS retrying (5xx); every other reason is final (4xx). */
  get retryable(): boolean {
    return this.reason === "certificate_unavailable";
  }
}

/** A message whose signature checked out, with its topic's region. */
export type VerifiedSnsMessage = SnsEnvelope & { region: string };

export type VerifySnsOptions = {
  fetchCertificate?: CertificateFetcher;
  now?: Date;
  allowedTopics?: readonly string[];
  sandboxUrl?: string;
};

/** SNS retries for at most an hour; anything older is a replay. */
export const MAX_MESSAGE_AGE_MS = 60 * 60 * 1000;
/** Tolerated clock skew for messages stamped in our future. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

const defaultFetchers = new Map<string, CertificateFetcher>();

/** One long-lived default fetcher per sandbox setting, so its certificate cache lives as long as the process. */
function defaultFetcher(sandboxUrl: string | undefined): CertificateFetcher {
  const key = sandboxUrl ?? "";
  let fetcher = defaultFetchers.get(key);
  if (!fetcher) {
    fetcher = createCertificateFetcher({ sandboxUrl });
    defaultFetchers.set(key, fetcher);
  }
  return fetcher;
}

function shapeError(message: unknown): SnsVerificationError {
  const version =
    typeof message === "object" && message !== null ? (message as Record<string, unknown>).SignatureVersion : undefined;
  if (typeof version === "string" && version !== "1" && version !== "2") {
    return new SnsVerificationError("unsupported_signature_version", "unsupported SignatureVersion");
  }
  return new SnsVerificationError("malformed", "not a valid SNS message");
}

export async function verifySnsMessage(message: unknown, options: VerifySnsOptions = {}): Promise<VerifiedSnsMessage> {
  const parsed = snsEnvelopeSchema.safeParse(message);
  if (!parsed.success) throw shapeError(message);
  const envelope = parsed.data;

  const allowedTopics = options.allowedTopics ?? getEnv().SNS_TOPIC_ARNS;
  if (!allowedTopics.includes(envelope.TopicArn)) throw new SnsVerificationError("topic_not_allowed");
  const region = regionOfTopicArn(envelope.TopicArn);
  if (region === undefined) throw new SnsVerificationError("malformed", "TopicArn has no region");

  const timestamp = Date.parse(envelope.Timestamp);
  const now = (options.now ?? new Date()).getTime();
  if (now - timestamp > MAX_MESSAGE_AGE_MS) throw new SnsVerificationError("timestamp_too_old");
  if (timestamp - now > MAX_FUTURE_SKEW_MS) throw new SnsVerificationError("timestamp_in_future");

  const sandboxUrl = "sandboxUrl" in options ? options.sandboxUrl : getEnv().AWS_SANDBOX_URL;
  const certUrl = trustedSigningCertUrl(envelope.SigningCertURL, region, sandboxUrl);
  if (!certUrl) throw new SnsVerificationError("untrusted_certificate_url");

  const cache = certificateCacheFor(options.fetchCertificate ?? defaultFetcher(sandboxUrl));
  let certificate = cache.peek(certUrl.href);
  if (!certificate) {
    try {
      certificate = await cache.get(certUrl);
    } catch (error) {
      const reason = error instanceof CertificateError && error.kind === "invalid" ? "certificate_invalid" : "certificate_unavailable";
      throw new SnsVerificationError(reason, "signing certificate " + reason.slice("certificate_".length), { cause: error });
    }
  }
  // Checked against the message's own Timestamp: that is when AWS signed it.
  if (timestamp < certificate.validFrom.getTime() || timestamp > certificate.validTo.getTime()) {
    throw new SnsVerificationError("certificate_not_valid_at_timestamp");
  }

  const ok = verifySignature(
    envelope.SignatureVersion === "1" ? "sha1" : "sha256",
    Buffer.from(snsStringToSign(envelope), "utf8"),
    certificate.publicKey,
    Buffer.from(envelope.Signature, "base64"),
  );
  if (!ok) throw new SnsVerificationError("bad_signature");

  const verified = envelope as VerifiedSnsMessage;
  verified.region = region;
  return verified;
}
