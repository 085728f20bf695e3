import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "selfsigned";
import { CertificateError, createCertificateFetcher, isSnsSigningSubject, MAX_CERTIFICATE_BYTES, parseCertificate } from "./certificates";

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

  it("reads the subject's common name", () => {
    expect(parseCertificate(PEM).commonName).toBe("sns.amazonaws.com");
  });

  it("accepts whitespace around the one certificate, CRLF line ends included", () => {
    expect(parseCertificate(`\n${PEM}  \n\n`).commonName).toBe("sns.amazonaws.com");
    expect(parseCertificate(PEM.replace(/\n/g, "\r\n")).commonName).toBe("sns.amazonaws.com");
  });

  it.each([
    ["a bundle of two certificates", () => PEM + PEM],
    ["two certificates on touching lines", () => PEM.trimEnd() + "\n" + PEM],
    ["trailing text", () => PEM + "junk\n"],
    ["leading text", () => "hello\n" + PEM],
    ["a private key after the certificate", () => PEM + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
  ])("refuses %s (X509Certificate alone would read only the first)", (_label, pem) => {
    expect(() => new X509Certificate(pem())).not.toThrow();
    expect(() => parseCertificate(pem())).toThrow(expect.objectContaining({ kind: "invalid" }));
  });

  it("refuses a certificate whose key is not RSA (SNS signs with RSA; an EC key would verify another algorithm)", async () => {
    const ec = await generate([{ name: "commonName", value: "sns.amazonaws.com" }], { keyType: "ec", algorithm: "sha256" });
    expect(new X509Certificate(ec.cert).publicKey.asymmetricKeyType).toBe("ec");
    expect(() => parseCertificate(ec.cert)).toThrow(
      expect.objectContaining({ kind: "invalid", message: "SNS certificates carry RSA keys" }),
    );
  });

  it("has no common name when the subject has none or several", async () => {
    const options = { keySize: 2048, algorithm: "sha256" } as const;
    const none = await generate([{ name: "organizationName", value: "sns.amazonaws.com" }], options);
    const two = await generate(
      [
        { name: "commonName", value: "sns.amazonaws.com" },
        { name: "commonName", value: "x" },
      ],
      options,
    );
    expect(parseCertificate(none.cert).commonName).toBeUndefined();
    expect(parseCertificate(two.cert).commonName).toBeUndefined();
  });
});

describe("isSnsSigningSubject", () => {
  it("accepts sns.amazonaws.com and the topic region's sns-signing name", () => {
    expect(isSnsSigningSubject("sns.amazonaws.com", "us-east-1")).toBe(true);
    expect(isSnsSigningSubject("sns-signing.ap-southeast-5.amazonaws.com", "ap-southeast-5")).toBe(true);
  });

  it.each([
    ["no name", undefined],
    ["another region's signing name", "sns-signing.eu-west-1.amazonaws.com"],
    ["a suffix", "sns.amazonaws.com.attacker.test"],
    ["a prefix", "xsns.amazonaws.com"],
    ["upper case", "SNS.amazonaws.com"],
    ["a wildcard", "*.amazonaws.com"],
    ["the SNS API host", "sns.us-east-1.amazonaws.com"],
  ])("refuses %s", (_label, name) => {
    expect(isSnsSigningSubject(name, "us-east-1")).toBe(false);
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
