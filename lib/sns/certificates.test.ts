import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateCache, CertificateError, createCertificateFetcher, MAX_CERTIFICATE_BYTES, parseCertificate } from "./certificates";

const PEM = readFileSync(
  path.resolve(import.meta.dirname, "../../test/fixtures/sns/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"),
  "utf8",
);

describe("parseCertificate", () => {
  it("parses AWS's certificate into an RSA key and its validity", () => {
    const cert = parseCertificate(PEM);
    expect(cert.publicKey.asymmetricKeyType).toBe("rsa");
    expect(cert.validFrom.toISOString()).toBe("2021-09-07T00:00:00.000Z");
    expect(cert.validTo.toISOString()).toBe("2022-08-17T23:59:59.000Z");
  });

  it("refuses what is not a certificate", () => {
    expect(() => parseCertificate("<html>hello</html>")).toThrow(CertificateError);
    expect(() => parseCertificate(PEM.replace(/[A-Za-z]{20}/, "A".repeat(20)))).toThrow(CertificateError);
  });
});

describe("CertificateCache", () => {
  const url = new URL("https://sns.us-east-1.amazonaws.com/a.pem");

  it("coalesces concurrent fetches of one URL and serves later ones from memory", async () => {
    let fetches = 0;
    const cache = new CertificateCache(async () => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return PEM;
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get(url)));
    expect(fetches).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(cache.peek(url.href)).toBe(results[0]);
    await cache.get(new URL(url));
    expect(fetches).toBe(1);
  });

  it("does not cache a failed fetch", async () => {
    let fetches = 0;
    const cache = new CertificateCache(async () => {
      fetches += 1;
      if (fetches === 1) throw new Error("network down");
      return PEM;
    });
    await expect(cache.get(url)).rejects.toMatchObject({ kind: "unavailable" });
    expect(cache.peek(url.href)).toBeUndefined();
    await expect(cache.get(url)).resolves.toHaveProperty("publicKey");
    expect(fetches).toBe(2);
  });

  it("stays bounded, evicting the oldest URL", async () => {
    const cache = new CertificateCache(async () => PEM, 2);
    const urls = ["a", "b", "c"].map((n) => new URL(`https://sns.us-east-1.amazonaws.com/${n}.pem`));
    for (const u of urls) await cache.get(u);
    expect(urls.map((u) => cache.peek(u.href) !== undefined)).toEqual([false, true, true]);
  });
});

describe("createCertificateFetcher against a loopback server", () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/cert.pem") return void res.end(PEM);
      if (req.url === "/slow.pem") return void setTimeout(() => res.end(PEM), 2_000);
      if (req.url === "/huge.pem") return void res.end("A".repeat(MAX_CERTIFICATE_BYTES + 1));
      if (req.url === "/chunked-huge.pem") {
        res.write("A".repeat(MAX_CERTIFICATE_BYTES));
        return void setTimeout(() => res.end("A".repeat(1024)), 10);
      }
      if (req.url === "/redirect.pem") return void res.writeHead(302, { location: "/cert.pem" }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const at = (p: string) => new URL(p, origin);

  it("fetches the PEM from the sandbox origin", async () => {
    const fetcher = createCertificateFetcher({ sandboxUrl: `${origin}/` });
    await expect(fetcher(at("/cert.pem"))).resolves.toBe(PEM);
  });

  it("refuses plain http anywhere but the sandbox origin", async () => {
    await expect(createCertificateFetcher()(at("/cert.pem"))).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("gives up after the timeout", async () => {
    const fetcher = createCertificateFetcher({ sandboxUrl: origin, timeoutMs: 200 });
    const started = Date.now();
    await expect(fetcher(at("/slow.pem"))).rejects.toMatchObject({ kind: "unavailable" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("caps the size, whether declared or streamed", async () => {
    const fetcher = createCertificateFetcher({ sandboxUrl: origin });
    await expect(fetcher(at("/huge.pem"))).rejects.toMatchObject({ kind: "invalid" });
    await expect(fetcher(at("/chunked-huge.pem"))).rejects.toMatchObject({ kind: "invalid" });
  });

  it("does not follow redirects and reports HTTP errors", async () => {
    const fetcher = createCertificateFetcher({ sandboxUrl: origin });
    await expect(fetcher(at("/redirect.pem"))).rejects.toMatchObject({ kind: "unavailable" });
    await expect(fetcher(at("/missing.pem"))).rejects.toMatchObject({ kind: "unavailable" });
  });
});
