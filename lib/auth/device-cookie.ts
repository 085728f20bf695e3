/**
 * Device cookies, OWASP's answer to lockout as a denial of service: after a
 * successful sign-in (or password reset) the browser keeps a signed token that
 * names, by MAC only, the email it signed in as. Sign-in attempts from a browser
 * holding a valid token for that email count against the device's own limit,
 * not the email's, so a stranger guessing at an email locks out strangers and
 * never the owner's known browsers. The token authorizes nothing by itself: the
 * password, and an admin's second factor, are still required. A token is bound
 * to the password it was issued under (its stored hash is part of the MAC), so a
 * password change or reset revokes every token issued before it, and it expires
 * after DEVICE_COOKIE_MAX_AGE_SECONDS like the cookie.
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

/** What a token vouches for: this browser (nonce), this email, since then (issuedAt), under this password (its hash). */
interface Claim {
  email: string;
  nonce: string;
  issuedAt: number;
  passwordHash: string;
}

function mac({ email, nonce, issuedAt, passwordHash }: Claim): Buffer {
  return createHmac("sha256", key()).update(`${email.trim().toLowerCase()}\n${nonce}\n${issuedAt}\n${passwordHash}`).digest();
}

/** The app's own origin decides the cookie's name and Secure flag (a parameter so tests can name an https one). */
function secure(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

/** `__Host-` (Secure, whole site, no Domain) wherever the app is served over https. */
export function deviceCookieName(appUrl = getEnv().APP_URL): string {
  return secure(appUrl) ? "__Host-rolelink-device" : "rolelink-device";
}

/** A new token for this browser: `v1.<nonce>.<issued at, seconds, base 36>.<mac>`. */
export function issueDeviceToken(email: string, passwordHash: string, now = new Date()): string {
  const nonce = randomBytes(16).toString("base64url");
  const issuedAt = Math.floor(now.getTime() / 1000);
  return `v1.${nonce}.${issuedAt.toString(36)}.${mac({ email, nonce, issuedAt, passwordHash }).toString("base64url")}`;
}

/** Clock skew tolerated for a token "issued in the future" (several app servers). */
const SKEW_SECONDS = 5 * 60;

/**
 * The device's key for limits when the token is genuine, was issued for this email under its current
 * password, and has not expired; null for anything else (no token, forged, another email, an older
 * password, expired).
 */
export function knownDeviceFor(token: string | null | undefined, email: string, passwordHash: string, now = new Date()): string | null {
  if (!token || token.length > 200) return null;
  const [version, nonce, issued, signature, ...rest] = token.split(".");
  if (version !== "v1" || !nonce || !issued || !signature || rest.length > 0 || !/^[0-9a-z]{1,10}$/.test(issued)) return null;
  const issuedAt = parseInt(issued, 36);
  const age = Math.floor(now.getTime() / 1000) - issuedAt;
  if (age > DEVICE_COOKIE_MAX_AGE_SECONDS || age < -SKEW_SECONDS) return null;
  const expected = mac({ email, nonce, issuedAt, passwordHash });
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
