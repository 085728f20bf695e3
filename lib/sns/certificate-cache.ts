/**
 * Parsed SNS signing certificates by URL. A message names its own certificate URL,
 * so this is also what bounds the outbound requests forged messages can cause:
 * concurrent fetches of one URL share a request, a URL that failed is not fetched
 * again for a while, and only a few fetches run at once.
 */
import { CertificateError, parseCertificate, type CertificateFetcher, type SigningCertificate } from "./certificates";

/** How long a failed URL is answered from memory. The vendor topics retry for ~7 minutes, so a real outage still recovers. */
export const NEGATIVE_CACHE_MS = 60_000;
/** AWS serves one certificate URL per region: more than a few fetches at once is a flood, not traffic. */
export const MAX_FETCHES_IN_FLIGHT = 4;
/** Each forged URL that failed is remembered: cap the memory that costs. */
const MAX_REMEMBERED_FAILURES = 1_024;

export type CertificateCacheOptions = {
  maxEntries?: number;
  maxInFlight?: number;
  negativeCacheMs?: number;
  /** The clock for the negative cache (tests). */
  now?: () => number;
};

type Failure = { kind: CertificateError["kind"]; until: number };

export class CertificateCache {
  private readonly parsed = new Map<string, SigningCertificate>();
  private readonly inFlight = new Map<string, Promise<SigningCertificate>>();
  private readonly failures = new Map<string, Failure>();
  private readonly maxEntries: number;
  private readonly maxInFlight: number;
  private readonly negativeCacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetcher: CertificateFetcher,
    options: CertificateCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 32;
    this.maxInFlight = options.maxInFlight ?? MAX_FETCHES_IN_FLIGHT;
    this.negativeCacheMs = options.negativeCacheMs ?? NEGATIVE_CACHE_MS;
    // Read through Date each time (not a stored Date.now), so a test's fake clock applies.
    this.now = options.now ?? (() => Date.now());
  }

  /** The hot path: a synchronous hit, no promise. */
  peek(href: string): SigningCertificate | undefined {
    return this.parsed.get(href);
  }

  get(url: URL): Promise<SigningCertificate> {
    const href = url.href;
    const hit = this.parsed.get(href);
    if (hit) return Promise.resolve(hit);
    const pending = this.inFlight.get(href);
    if (pending) return pending;
    const failure = this.recentFailure(href);
    if (failure) return Promise.reject(new CertificateError(failure.kind, "certificate failed recently; not fetched again yet"));
    // Refused rather than queued: a queue would still make every forged URL cost a request, only later.
    if (this.inFlight.size >= this.maxInFlight) {
      return Promise.reject(new CertificateError("busy", "too many certificate fetches in flight"));
    }
    const started = this.load(url).finally(() => this.inFlight.delete(href));
    this.inFlight.set(href, started);
    return started;
  }

  private async load(url: URL): Promise<SigningCertificate> {
    let certificate: SigningCertificate;
    try {
      // A copy: the fetcher gets a URL it may not alter in anyone else's hands.
      certificate = parseCertificate(await this.fetcher(new URL(url.href)));
    } catch (error) {
      const failure =
        error instanceof CertificateError ? error : new CertificateError("unavailable", "certificate fetch failed", { cause: error });
      this.rememberFailure(url.href, failure.kind);
      throw failure;
    }
    // Bounded: AWS rotates certificates rarely, so a handful of URLs is normal; evict the oldest.
    if (this.parsed.size >= this.maxEntries) {
      const oldest = this.parsed.keys().next();
      if (!oldest.done) this.parsed.delete(oldest.value);
    }
    this.parsed.set(url.href, certificate);
    return certificate;
  }

  private recentFailure(href: string): Failure | undefined {
    const failure = this.failures.get(href);
    if (failure && failure.until <= this.now()) {
      this.failures.delete(href);
      return undefined;
    }
    return failure;
  }

  private rememberFailure(href: string, kind: Failure["kind"]): void {
    // Insertion order is expiry order (one TTL for all): the first key is the one to drop.
    this.failures.delete(href);
    if (this.failures.size >= MAX_REMEMBERED_FAILURES) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(href, { kind, until: this.now() + this.negativeCacheMs });
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
