import { describe, expect, it } from "vitest";
import { checkEndpointUrl, isForbiddenAddress, policyFor } from "./target-policy";
import { sendWebhook } from "./send";

const production = policyFor("production");

describe("webhook target policy", () => {
  it("in production refuses loopback, link-local (metadata), private, CGNAT and mapped addresses", () => {
    for (const address of [
      "127.0.0.1",
      "169.254.169.254",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "not-an-ip",
    ]) {
      expect(isForbiddenAddress(address, production), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
      expect(isForbiddenAddress(address, production), address).toBe(false);
  });

  it("in production accepts only https URLs without credentials, to public hosts", () => {
    expect(checkEndpointUrl("https://hooks.example.com/rolelink", production).ok).toBe(true);
    for (const url of [
      "http://hooks.example.com/x",
      "https://user:pw@hooks.example.com/",
      "https://127.0.0.1/x",
      "https://[::1]/x",
      "https://169.254.169.254/latest",
      "https://localhost/x",
      "https://db.internal/x",
      "ftp://x.example.com/",
      "not a url",
    ]) {
      expect(checkEndpointUrl(url, production).ok, url).toBe(false);
    }
  });

  it("allows loopback http receivers in development and test only", () => {
    expect(checkEndpointUrl("http://127.0.0.1:9000/hooks", policyFor("test")).ok).toBe(true);
    expect(checkEndpointUrl("http://127.0.0.1:9000/hooks", policyFor("development")).ok).toBe(true);
    expect(checkEndpointUrl("http://127.0.0.1:9000/hooks", policyFor(undefined)).ok).toBe(false);
  });

  it("a production build served on loopback only (where the sandbox is trusted) may reach loopback receivers, and nothing else internal", () => {
    const loopbackOnly = policyFor("production", "http://localhost:3000");
    for (const url of [
      "http://127.0.0.1:4590/webhook-inbox/hooks",
      "http://localhost:4590/hooks",
      "http://[::1]:4590/hooks",
      "https://127.0.0.1/x",
    ]) {
      expect(checkEndpointUrl(url, loopbackOnly).ok, url).toBe(true);
    }
    for (const url of [
      "http://hooks.example.com/x",
      "https://169.254.169.254/latest",
      "http://10.1.2.3/x",
      "https://192.168.1.1/x",
      "https://db.internal/x",
      "http://[fe80::1]/x",
    ]) {
      expect(checkEndpointUrl(url, loopbackOnly).ok, url).toBe(false);
    }
    expect(isForbiddenAddress("127.0.0.1", loopbackOnly)).toBe(false);
    expect(isForbiddenAddress("::ffff:127.0.0.1", loopbackOnly)).toBe(false);
    for (const address of ["169.254.169.254", "10.0.0.1", "fd00::1"]) expect(isForbiddenAddress(address, loopbackOnly), address).toBe(true);
    // A public origin: no loopback receivers at all.
    expect(checkEndpointUrl("http://127.0.0.1:4590/hooks", policyFor("production", "https://rolelink.example.com")).ok).toBe(false);
    expect(isForbiddenAddress("127.0.0.1", policyFor("production", "https://rolelink.example.com"))).toBe(true);
  });

  it("checks the resolved address at connect time: a public-looking name that resolves to loopback is never reached", async () => {
    // "localhost" stands in for a rebinding name: it passes no check of its own here, only the connect-time lookup stops it.
    const result = await sendWebhook(new URL("https://localhost:9/x"), "{}", {}, { policy: production, timeoutMs: 2_000 });
    expect(result).toMatchObject({ statusCode: null, error: "the endpoint's host resolves to a forbidden address" });
  });
});
