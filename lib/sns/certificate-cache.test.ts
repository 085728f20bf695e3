import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CertificateCache, MAX_FETCHES_IN_FLIGHT, NEGATIVE_CACHE_MS } from "./certificate-cache";
import { CertificateError } from "./certificates";

const PEM = readFileSync(
  path.resolve(import.meta.dirname, "../../test/fixtures/sns/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"),
  "utf8",
);

const certUrl = (hex = randomBytes(16).toString("hex")) =>
  new URL(`https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${hex}.pem`);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fetcher that records each outbound request and answers with `answer` after a short delay. */
function recordingFetcher(answer: (url: URL) => string | Error) {
  const fetched: string[] = [];
  const fetcher = async (url: URL) => {
    fetched.push(url.href);
    await delay(10);
    const result = answer(url);
    if (result instanceof Error) throw result;
    return result;
  };
  return { fetched, fetcher };
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof CertificateError ? error.kind : "other";
  }
}

describe("CertificateCache", () => {
  const url = certUrl();

  it("coalesces concurrent fetches of one URL and serves later ones from memory", async () => {
    const { fetched, fetcher } = recordingFetcher(() => PEM);
    const cache = new CertificateCache(fetcher);
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get(url)));
    expect(fetched).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
    expect(cache.peek(url.href)).toBe(results[0]);
    await cache.get(new URL(url));
    expect(fetched).toHaveLength(1);
  });

  it("stays bounded, evicting the oldest URL", async () => {
    const cache = new CertificateCache(async () => PEM, { maxEntries: 2 });
    const urls = [certUrl(), certUrl(), certUrl()];
    for (const u of urls) await cache.get(u);
    expect(urls.map((u) => cache.peek(u.href) !== undefined)).toEqual([false, true, true]);
  });
});

describe("CertificateCache negative cache", () => {
  const failures: Array<[kind: string, failure: () => string | Error]> = [
    ["unavailable", () => new Error("network down")],
    ["invalid", () => "<html>not a certificate</html>"],
  ];
  it.each(failures)("remembers a failed URL (%s) for the window, then fetches it again", async (kind, failure) => {
    let clock = 1_000_000;
    let failing = true;
    const { fetched, fetcher } = recordingFetcher(() => (failing ? failure() : PEM));
    const cache = new CertificateCache(fetcher, { now: () => clock });
    const url = certUrl();

    expect(await outcome(cache.get(url))).toBe(kind);
    failing = false;
    clock += NEGATIVE_CACHE_MS - 1;
    expect(await outcome(cache.get(url))).toBe(kind);
    expect(fetched).toHaveLength(1);
    expect(cache.peek(url.href)).toBeUndefined();

    clock += 1;
    expect(await outcome(cache.get(url))).toBe("ok");
    expect(fetched).toHaveLength(2);
  });

  it("remembers failures per URL: another URL is still fetched", async () => {
    const { fetched, fetcher } = recordingFetcher((u) => (u.href.includes("0000") ? new Error("404") : PEM));
    const cache = new CertificateCache(fetcher, { now: () => 0 });
    expect(await outcome(cache.get(certUrl("0".repeat(32))))).toBe("unavailable");
    expect(await outcome(cache.get(certUrl("a".repeat(32))))).toBe("ok");
    expect(fetched).toHaveLength(2);
  });
});

describe("CertificateCache in-flight bound", () => {
  it(`runs at most ${MAX_FETCHES_IN_FLIGHT} fetches at once and refuses more as busy, without queueing them`, async () => {
    const { fetched, fetcher } = recordingFetcher(() => new Error("404"));
    const cache = new CertificateCache(fetcher);
    const urls = Array.from({ length: 50 }, () => certUrl());
    const outcomes = await Promise.all(urls.map((u) => outcome(cache.get(u))));
    expect(fetched).toHaveLength(MAX_FETCHES_IN_FLIGHT);
    expect(outcomes.filter((o) => o === "unavailable")).toHaveLength(MAX_FETCHES_IN_FLIGHT);
    expect(outcomes.filter((o) => o === "busy")).toHaveLength(urls.length - MAX_FETCHES_IN_FLIGHT);
    await delay(50);
    expect(fetched).toHaveLength(MAX_FETCHES_IN_FLIGHT);
  });

  it("lets a busy-refused URL through once a slot frees (busy is not remembered as a failure)", async () => {
    const { fetched, fetcher } = recordingFetcher(() => PEM);
    const cache = new CertificateCache(fetcher, { maxInFlight: 1 });
    const [first, second] = [certUrl(), certUrl()];
    const running = cache.get(first);
    expect(await outcome(cache.get(second))).toBe("busy");
    await running;
    expect(await outcome(cache.get(second))).toBe("ok");
    expect(fetched).toEqual([first.href, second.href]);
  });

  it("joins a fetch already in flight even when every slot is taken", async () => {
    const { fetched, fetcher } = recordingFetcher(() => PEM);
    const cache = new CertificateCache(fetcher, { maxInFlight: 1 });
    const url = certUrl();
    const outcomes = await Promise.all([outcome(cache.get(url)), outcome(cache.get(url))]);
    expect(outcomes).toEqual(["ok", "ok"]);
    expect(fetched).toHaveLength(1);
  });
});
