/**
 * Verifies an inbound SNS message end to end: shape, signature version, topic,
 * replay window, certificate origin, subject and validity, then the RSA
 * signature. Nothing about a message may be trusted (or acted on) before this
 * resolves.
 */
import { verify as verifySignature } from "node:crypto";
import { getEnv } from "@/lib/env";
import { certificateCacheFor } from "./certificate-cache";
import { CertificateError, createCertificateFetcher, isSnsSigningSubject, type CertificateFetcher } from "./certificates";
import { snsEnvelopeSchema, type SnsEnvelope, type SnsSignatureVersion } from "./envelope";
import { snsStringToSign } from "./string-to-sign";
import { regionOfTopicArn, trustedSigningCertUrl } from "./trusted-urls";

export type SnsVerificationReason =
  | "malformed"
  | "unsupported_signature_version"
  | "signature_version_too_low"
  | "topic_not_allowed"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "untrusted_certificate_url"
  | "certificate_unavailable"
  | "certificate_fetch_busy"
  | "certificate_invalid"
  | "untrusted_certificate_subject"
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

  /** Only a certificate we could not fetch (yet) is worth SNS retrying (5xx); every other reason is final (4xx). */
  get retryable(): boolean {
    return this.reason === "certificate_unavailable" || this.reason === "certificate_fetch_busy";
  }
}

/** A message whose signature checked out, with its topic's region. */
export type VerifiedSnsMessage = SnsEnvelope & { region: string };

export type VerifySnsOptions = {
  fetchCertificate?: CertificateFetcher;
  now?: Date;
  allowedTopics?: readonly string[];
  sandboxUrl?: string;
  /** Lowest SignatureVersion accepted; default SNS_MIN_SIGNATURE_VERSION. */
  minSignatureVersion?: SnsSignatureVersion;
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

function certificateReason(error: unknown): SnsVerificationReason {
  if (!(error instanceof CertificateError)) return "certificate_unavailable";
  return error.kind === "invalid" ? "certificate_invalid" : error.kind === "busy" ? "certificate_fetch_busy" : "certificate_unavailable";
}

function shapeError(message: unknown): SnsVerificationError {
  const version = typeof message === "object" && message !== null ? (message as Record<string, unknown>).SignatureVersion : undefined;
  if (typeof version === "string" && version !== "1" && version !== "2") {
    return new SnsVerificationError("unsupported_signature_version", "unsupported SignatureVersion");
  }
  return new SnsVerificationError("malformed", "not a valid SNS message");
}

export async function verifySnsMessage(message: unknown, options: VerifySnsOptions = {}): Promise<VerifiedSnsMessage> {
  const parsed = snsEnvelopeSchema.safeParse(message);
  if (!parsed.success) throw shapeError(message);
  const envelope = parsed.data;

  // SHA1withRSA: refused once the topics sign with SHA256 (the vendor setup pins version 2).
  const minVersion = options.minSignatureVersion ?? getEnv().SNS_MIN_SIGNATURE_VERSION;
  if (Number(envelope.SignatureVersion) < Number(minVersion)) throw new SnsVerificationError("signature_version_too_low");

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
      throw new SnsVerificationError(certificateReason(error), "signing certificate not usable", { cause: error });
    }
  }
  // Per message, not per URL: the sandbox serves one certificate for every region.
  if (!isSnsSigningSubject(certificate.commonName, region)) throw new SnsVerificationError("untrusted_certificate_subject");
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
