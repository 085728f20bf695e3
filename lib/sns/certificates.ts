/**
 * SNS signing certificates: fetched once per URL, parsed once into a public key,
 * then served from memory. Callers must check the URL is trusted first.
 */
import { X509Certificate, type KeyObject } from "node:crypto";

export type SigningCertificate = { publicKey: KeyObject; validFrom: Date; validTo: Date };

/** Returns the PEM text at a (trusted) certificate URL. */
export type CertificateFetcher = (url: URL) => Promise<string>;

export class CertificateError extends Error {
  constructor(
    /** unavailable: could not get it (worth a retry later); invalid: got it, but it is no usable certificate. */
    public readonly kind: "unavailable" | "invalid",
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

export function parseCertificate(pem: string): SigningCertificate {
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
  return { publicKey, validFrom, validTo };
}

/** Parsed certificates by URL for one fetcher, with concurrent fetches of a URL sharing one request. */
export class CertificateCache {
  private readonly parsed = new Map<string, SigningCertificate>();
  private readonly inFlight = new Map<string, Promise<SigningCertificate>>();

  constructor(
    private readonly fetcher: CertificateFetcher,
    private readonly maxEntries = 32,
  ) {}

  /** The hot path: a synchronous hit, no promise. */
  peek(href: string): SigningCertificate | undefined {
    return this.parsed.get(href);
  }

  get(url: URL): Promise<SigningCertificate> {
    const href = url.href;
    const hit = this.parsed.get(href);
    if (hit) return Promise.resolve(hit);
    let pending = this.inFlight.get(href);
    if (!pending) {
      pending = this.load(url).finally(() => this.inFlight.delete(href));
      this.inFlight.set(href, pending);
    }
    return pending;
  }

  private async load(url: URL): Promise<SigningCertificate> {
    let pem: string;
    try {
      // A copy: the fetcher gets a URL it may not alter in anyone else's hands.
      pem = await this.fetcher(new URL(url.href));
    } catch (error) {
      if (error instanceof CertificateError) throw error;
      throw new CertificateError("unavailable", "certificate fetch failed", { cause: error });
    }
    const certificate = parseCertificate(pem);
    // Bounded: AWS rotates certificates rarely, so a handful of URLs is normal; evict the oldest.
    if (this.parsed.size >= this.maxEntries) {
      const oldest = this.parsed.keys().next();
      if (!oldest.done) this.parsed.delete(oldest.value);
    }
    this.parsed.set(url.href, certificate);
    return certificate;
  }
}

const caches = new WeakMap<CertificateFetcher, CertificateCache>();

/** One cache per fetcher, so an injected fetcher never sees certificates another one fetched. */
export function certificateCacheFor(fetcher: CertificateFetcher): CertificateCache {
  let cache = caches.get(fetcher);
  if (!cache) {
    cache = new CertificateCache(fetcher);
    caches.set(fetcher, cache);
  }
  return cache;
}
