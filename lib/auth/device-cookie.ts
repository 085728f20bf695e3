/**
 * Device cookies, OWASP's answer to lockout as a denial of service: after a
 * successful sign-in (or password reset) the browser keeps a signed token that
 * names, by MAC only, the email it signed in as. Sign-in attempts from a browser
 * holding a valid token for that email count against the device's own limit,
 * not the email's, so a stranger guessing at an email locks out strangers and
 * never the owner's known browsers. The token authorizes nothing by itself: the
 * password, and an admin's second factor, are still required.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/** Half a year: a browser the owner uses at least that often stays known. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

function key(): Buffer {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "rolelink", "device-cookie-v1", 32));
}

function mac(email: string, nonce: string): Buffer {
  return createHmac("sha256", key()).update(`${email.trim().toLowerCase()}\n${nonce}`).digest();
}

/** The app's own origin decides the cookie's name and Secure flag (a parameter so tests can name an https one). */
function secure(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

/** `__Host-` (Secure, whole site, no Domain) wherever the app is served over https. */
export function deviceCookieName(appUrl = getEnv().APP_URL): string {
  return secure(appUrl) ? "__Host-rolelink-device" : "rolelink-device";
}

/** A new token for this browser and email: `v1.<nonce>.<mac>`. */
export function issueDeviceToken(email: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `v1.${nonce}.${mac(email, nonce).toString("base64url")}`;
}

/**
 * The device's key for limits when the token is genuine and was issued for this
 * email; null for no token, a forged one, or one for another email.
 */
export function knownDeviceFor(token: string | null | undefined, email: string): string | null {
  if (!token || token.length > 200) return null;
  const [version, nonce, signature] = token.split(".");
  if (version !== "v1" || !nonce || !signature) return null;
  const expected = mac(email, nonce);
  const given = Buffer.from(signature, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

/** The token in a request's Cookie header, if any. */
export function deviceTokenFrom(cookieHeader: string | null | undefined, appUrl = getEnv().APP_URL): string | null {
  if (!cookieHeader) return null;
  const name = deviceCookieName(appUrl);
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

/** The cookie's attributes (for `cookies().set` or a Set-Cookie header). */
export function deviceCookieOptions(appUrl = getEnv().APP_URL) {
  return { httpOnly: true, secure: secure(appUrl), sameSite: "lax" as const, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS };
}

export function deviceSetCookieHeader(token: string, appUrl = getEnv().APP_URL): string {
  const o = deviceCookieOptions(appUrl);
  return `${deviceCookieName(appUrl)}=${token}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`;
}
