/**
 * SNS signing certificates: the outbound fetch and the parse into a public key.
 * Callers must check the URL is trusted first (trusted-urls.ts); certificate-cache.ts
 * keeps the results.
 */
import { X509Certificate, type KeyObject } from "node:crypto";

export type SigningCertificate = {
  publicKey: KeyObject;
  validFrom: Date;
  validTo: Date;
  /** The subject's one CN, or undefined when it has none or several. */
  commonName: string | undefined;
};

/** Returns the PEM text at a (trusted) certificate URL. */
export type CertificateFetcher = (url: URL) => Promise<string>;

export class CertificateError extends Error {
  constructor(
    /**
     * unavailable: could not get it (worth a retry later); invalid: got it, but it is no usable
     * certificate; busy: not fetched, as enough other fetches were running (worth a retry later).
     */
    public readonly kind: "unavailable" | "invalid" | "busy",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CertificateError";
  }
}

export const CERTIFICATE_FETCH_TIMEOUT_MS = 5_000;
/** AWS's certificates are ~1.7 KB; anything far bigger is not one. */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new CertificateError("invalid", `certificate larger than ${maxBytes} bytes`);
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new CertificateError("invalid", `certificate larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The production fetcher: HTTPS only (plain http only to the loopback sandbox
 * origin), no redirects, a timeout covering headers and body, and a size cap.
 */
export function createCertificateFetcher(
  options: { sandboxUrl?: string; timeoutMs?: number; maxBytes?: number; fetch?: typeof fetch } = {},
): CertificateFetcher {
  const { timeoutMs = CERTIFICATE_FETCH_TIMEOUT_MS, maxBytes = MAX_CERTIFICATE_BYTES, fetch: doFetch = fetch } = options;
  const sandboxOrigin = options.sandboxUrl ? new URL(options.sandboxUrl).origin : undefined;
  return async (url) => {
    if (url.protocol !== "https:" && url.origin !== sandboxOrigin) {
      throw new CertificateError("unavailable", "certificates are fetched over https only");
    }
    try {
      const response = await doFetch(url, { redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        throw new CertificateError("unavailable", `certificate fetch answered HTTP ${response.status}`);
      }
      return await readCapped(response, maxBytes);
    } catch (error) {
      if (error instanceof CertificateError) throw error;
      throw new CertificateError("unavailable", "certificate fetch failed", { cause: error });
    }
  };
}

/**
 * One PEM block and nothing around it but whitespace. X509Certificate reads the first
 * certificate of a bundle and ignores the rest, so without this a response carrying several
 * (or trailing text) would pass; AWS serves exactly one.
 */
const SINGLE_PEM_CERTIFICATE = /^\s*-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END CERTIFICATE-----\s*$/;

/**
 * From Node's parse of the subject, not from the printed `subject` string, where an
 * attribute value containing a newline can pose as a second `CN=` line. A repeated CN
 * comes back as an array: no single name, so undefined.
 */
function commonNameOf(cert: X509Certificate): string | undefined {
  const subject = cert.toLegacyObject().subject as Record<string, unknown> | undefined;
  const cn = subject?.CN;
  return typeof cn === "string" ? cn : undefined;
}

export function parseCertificate(pem: string): SigningCertificate {
  if (!SINGLE_PEM_CERTIFICATE.test(pem)) throw new CertificateError("invalid", "not exactly one PEM certificate");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (error) {
    throw new CertificateError("invalid", "not an X.509 certificate", { cause: error });
  }
  const publicKey = cert.publicKey;
  if (publicKey.asymmetricKeyType !== "rsa") throw new CertificateError("invalid", "SNS certificates carry RSA keys");
  // Node 20 only has the OpenSSL strings ("Sep  7 00:00:00 2021 GMT"), which Date parses.
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) {
    throw new CertificateError("invalid", "certificate validity dates unreadable");
  }
  return { publicKey, validFrom, validTo, commonName: commonNameOf(cert) };
}

/**
 * The subject names SNS signs with (PROTOCOL.md): `sns.amazonaws.com`, and for newer
 * regions `sns-signing.<region>.amazonaws.com`, the region being the topic's own.
 */
export function isSnsSigningSubject(commonName: string | undefined, region: string): boolean {
  return commonName === "sns.amazonaws.com" || commonName === "sns-signing." + region + ".amazonaws.com";
}
