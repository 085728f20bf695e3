/** The device cookie's token and its cookie, as a browser and an attacker see them. */
import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceCookieName,
  deviceCookieOptions,
  deviceSetCookieHeader,
  deviceTokenFrom,
  issueDeviceToken,
  knownDeviceFor,
} from "./device-cookie";

const EMAIL = "ada@example.com";
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
const NOW = new Date("2026-12-02T12:00:00Z");
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("the token", () => {
  it("is v1.<nonce>.<issued at>.<HMAC-SHA256 of email, nonce, issue time and password hash> under HKDF(NEXTAUTH_SECRET, rolelink, device-cookie-v1)", () => {
    const token = issueDeviceToken(EMAIL, HASH, NOW);
    const [version, nonce, issued, mac] = token.split(".");
    expect(version).toBe("v1");
    expect(Buffer.from(nonce!, "base64url")).toHaveLength(16);
    expect(parseInt(issued!, 36)).toBe(NOW.getTime() / 1000);
    // Computed here from the documented derivation: the key is this purpose's own, not another seal's.
    const key = Buffer.from(hkdfSync("sha256", process.env.NEXTAUTH_SECRET!, "rolelink", "device-cookie-v1", 32));
    expect(mac).toBe(
      createHmac("sha256", key)
        .update(`${EMAIL}\n${nonce}\n${NOW.getTime() / 1000}\n${HASH}`)
        .digest("base64url"),
    );
    expect(token).not.toContain("ada");
    expect(token).not.toContain("argon2");
  });

  it("names the device (its nonce) for the email and password it was issued under, whatever the case and spaces", () => {
    const token = issueDeviceToken("  Ada@Example.COM ", HASH, NOW);
    expect(knownDeviceFor(token, EMAIL, HASH, NOW)).toBe(token.split(".")[1]);
    expect(knownDeviceFor(token, "ADA@example.com", HASH, NOW)).toBe(token.split(".")[1]);
    expect(issueDeviceToken(EMAIL, HASH, NOW)).not.toBe(issueDeviceToken(EMAIL, HASH, NOW));
  });

  it("expires with the cookie, and is not accepted from the future beyond 5 minutes of clock skew", () => {
    const token = issueDeviceToken(EMAIL, HASH, NOW);
    expect(knownDeviceFor(token, EMAIL, HASH, at(DEVICE_COOKIE_MAX_AGE_SECONDS))).not.toBeNull();
    expect(knownDeviceFor(token, EMAIL, HASH, at(DEVICE_COOKIE_MAX_AGE_SECONDS + 1))).toBeNull();
    expect(knownDeviceFor(token, EMAIL, HASH, at(-300))).not.toBeNull();
    expect(knownDeviceFor(token, EMAIL, HASH, at(-301))).toBeNull();
  });

  it("names nothing under another password, for another email, with another version, issue time, nonce or MAC, a missing or extra part, or an over-long value", () => {
    const token = issueDeviceToken(EMAIL, HASH, NOW);
    const [, nonce, issued, mac] = token.split(".");
    expect(knownDeviceFor(token, EMAIL, `${HASH}x`, NOW)).toBeNull();
    for (const forged of [
      issueDeviceToken("eve@example.com", HASH, NOW),
      `v2.${nonce}.${issued}.${mac}`,
      `.${nonce}.${issued}.${mac}`,
      `v1.${nonce}x.${issued}.${mac}`,
      `v1.${nonce}.${(parseInt(issued!, 36) - 1).toString(36)}.${mac}`,
      `v1.${nonce}.${issued!.toUpperCase()}.${mac}`,
      `v1.${nonce}.${issued}.${mac!.slice(1)}`,
      `v1..${issued}.${mac}`,
      `v1.${nonce}..${mac}`,
      `v1.${nonce}.${issued}.`,
      `v1.${nonce}.${mac}`,
      `${token}.extra`,
      `${token}${"A".repeat(201 - token.length)}`,
      "",
      null,
      undefined,
    ])
      expect(knownDeviceFor(forged, EMAIL, HASH, NOW)).toBeNull();
  });
});

it("is never issued without NEXTAUTH_SECRET (there is no default key)", () => {
  const saved = process.env.NEXTAUTH_SECRET;
  delete process.env.NEXTAUTH_SECRET;
  try {
    expect(() => issueDeviceToken(EMAIL, HASH)).toThrow("NEXTAUTH_SECRET is not set");
  } finally {
    process.env.NEXTAUTH_SECRET = saved;
  }
});

describe("the cookie", () => {
  it("is read from a Cookie header among others, by its exact name", () => {
    const token = issueDeviceToken(EMAIL, HASH);
    const http = "http://localhost:3000";
    expect(deviceTokenFrom(`a=1; rolelink-device=${token}; b=2`, http)).toBe(token);
    expect(deviceTokenFrom(`rolelink-device=${token}`, http)).toBe(token);
    expect(deviceTokenFrom(`xrolelink-device=${token}; rolelink-devicex=1`, http)).toBeNull();
    expect(deviceTokenFrom("rolelink-device=", http)).toBeNull();
    expect(deviceTokenFrom("", http)).toBeNull();
    expect(deviceTokenFrom(null, http)).toBeNull();
    // Over https only the __Host- cookie counts (a sibling subdomain cannot plant one).
    expect(deviceTokenFrom(`rolelink-device=${token}`, "https://rolelink.example")).toBeNull();
    expect(deviceTokenFrom(`__Host-rolelink-device=${token}`, "https://rolelink.example")).toBe(token);
  });

  it("is HttpOnly, SameSite=Lax, whole-site and kept half a year; Secure and __Host- over https", () => {
    expect(DEVICE_COOKIE_MAX_AGE_SECONDS).toBe(15_552_000);
    expect(deviceCookieName("http://localhost:3000")).toBe("rolelink-device");
    expect(deviceCookieOptions("http://localhost:3000")).toEqual({
      httpOnly: true,
      secure: false,
      sameSite: "lax",
      path: "/",
      maxAge: 15_552_000,
    });
    expect(deviceSetCookieHeader("v1.n.m", "http://localhost:3000")).toBe(
      "rolelink-device=v1.n.m; Path=/; Max-Age=15552000; HttpOnly; SameSite=Lax",
    );
    expect(deviceCookieOptions("https://rolelink.example")).toMatchObject({ secure: true });
    expect(deviceSetCookieHeader("v1.n.m", "https://rolelink.example")).toBe(
      "__Host-rolelink-device=v1.n.m; Path=/; Max-Age=15552000; HttpOnly; SameSite=Lax; Secure",
    );
  });
});
