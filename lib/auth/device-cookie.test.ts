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

describe("the token", () => {
  it("is v1.<nonce>.<HMAC-SHA256 of email and nonce> under HKDF(NEXTAUTH_SECRET, salt rolelink, info device-cookie-v1)", () => {
    const token = issueDeviceToken(EMAIL);
    const [version, nonce, mac] = token.split(".");
    expect(version).toBe("v1");
    expect(Buffer.from(nonce!, "base64url")).toHaveLength(16);
    // Computed here from the documented derivation: the key is this purpose's own, not another seal's.
    const key = Buffer.from(hkdfSync("sha256", process.env.NEXTAUTH_SECRET!, "rolelink", "device-cookie-v1", 32));
    expect(mac).toBe(createHmac("sha256", key).update(`${EMAIL}\n${nonce}`).digest("base64url"));
    expect(token).not.toContain("ada");
  });

  it("names the device (its nonce) for the email it was issued for, whatever the case and spaces", () => {
    const token = issueDeviceToken("  Ada@Example.COM ");
    expect(knownDeviceFor(token, EMAIL)).toBe(token.split(".")[1]);
    expect(knownDeviceFor(token, "ADA@example.com")).toBe(token.split(".")[1]);
    expect(issueDeviceToken(EMAIL)).not.toBe(issueDeviceToken(EMAIL));
  });

  it("names nothing for another email, another version, a changed nonce or MAC, a missing part, or an over-long value", () => {
    const token = issueDeviceToken(EMAIL);
    const [, nonce, mac] = token.split(".");
    for (const forged of [
      issueDeviceToken("eve@example.com"),
      `v2.${nonce}.${mac}`,
      `.${nonce}.${mac}`,
      `v1.${nonce}x.${mac}`,
      `v1.${nonce}.${mac!.slice(1)}`,
      `v1..${mac}`,
      `v1.${nonce}.`,
      `v1.${nonce}`,
      `${token}${"A".repeat(201 - token.length)}`,
      "",
      null,
      undefined,
    ])
      expect(knownDeviceFor(forged, EMAIL)).toBeNull();
  });
});

it("is never issued without NEXTAUTH_SECRET (there is no default key)", () => {
  const saved = process.env.NEXTAUTH_SECRET;
  delete process.env.NEXTAUTH_SECRET;
  try {
    expect(() => issueDeviceToken(EMAIL)).toThrow("NEXTAUTH_SECRET is not set");
  } finally {
    process.env.NEXTAUTH_SECRET = saved;
  }
});

describe("the cookie", () => {
  it("is read from a Cookie header among others, by its exact name", () => {
    const token = issueDeviceToken(EMAIL);
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
