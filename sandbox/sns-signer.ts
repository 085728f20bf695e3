/**
 * The local AWS sandbox's stand-in for SNS's signing key: a self-signed RSA
 * certificate and envelopes signed exactly as SNS signs them, so the app
 * verifies sandbox messages with the very same code path as AWS's.
 * Sandbox and tests only: production code must never import this.
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { generate } from "selfsigned";
import type { SnsEnvelope, SnsSignatureVersion } from "@/lib/sns/envelope";
import { snsStringToSign } from "@/lib/sns/string-to-sign";

export type SigningIdentity = { privateKeyPem: string; certificatePem: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An envelope before signing: everything but SignatureVersion and Signature. */
export type UnsignedSnsEnvelope = DistributiveOmit<SnsEnvelope, "SignatureVersion" | "Signature">;

const DAY_MS = 24 * 60 * 60 * 1000;

/** RSA 2048, CN sns.amazonaws.com like AWS's, valid from yesterday (clock skew) for ten years. */
export async function createSigningIdentity(): Promise<SigningIdentity> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const notAfterDate = new Date(notBeforeDate.getTime() + 10 * 365 * DAY_MS);
  const pems = await generate([{ name: "commonName", value: "sns.amazonaws.com" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
  });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

// The sandbox signs every delivery with one key: parse its PEM once.
const keys = new Map<string, KeyObject>();

function privateKey(pem: string): KeyObject {
  let key = keys.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    keys.set(pem, key);
  }
  return key;
}

/** Returns the complete signed envelope (the given fields plus SignatureVersion and Signature). */
export function signEnvelope<T extends UnsignedSnsEnvelope>(
  fields: T,
  privateKeyPem: string,
  version: SnsSignatureVersion = "2",
): T & { SignatureVersion: SnsSignatureVersion; Signature: string } {
  const signature = sign(
    version === "1" ? "sha1" : "sha256",
    Buffer.from(snsStringToSign(fields), "utf8"),
    privateKey(privateKeyPem),
  ).toString("base64");
  return { ...fields, SignatureVersion: version, Signature: signature };
}
