/**
 * Sign-in attempts over HTTP as a browser's form does them with next-auth 4:
 * GET /api/auth/csrf (token + cookie), then POST the credentials. Each attempt
 * names its own client address in X-Forwarded-For, as a distributed flood would
 * arrive through the load balancer, so the per-IP limit does not hide the load.
 */
import { randomBytes, randomInt } from "node:crypto";

export type AttemptOutcome = "signed-in" | "checked" | "refused-busy" | "refused-limit" | "error";

export interface Attempt {
  outcome: AttemptOutcome;
  ms: number;
  /** For "refused-limit": the email's own limit (not the network's or the global one). */
  byEmailLimit?: boolean;
}

const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export async function signInAttempt(appUrl: string, email: string, password: string): Promise<Attempt> {
  const started = performance.now();
  const ip = randomIp();
  try {
    const csrf = await fetch(new URL("/api/auth/csrf", appUrl), {
      headers: { "x-forwarded-for": ip },
      signal: AbortSignal.timeout(30_000),
    });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const response = await fetch(new URL("/api/auth/callback/credentials", appUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": ip },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/connect", json: "true" }),
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    // A checked password is a 401; an attempt refused before the check is a 429 (busy gate or a limit).
    if (response.status === 401) return { outcome: "checked", ms };
    if (response.status === 429) {
      const said = decodeURIComponent(text);
      if (/busy/i.test(said)) return { outcome: "refused-busy", ms };
      return { outcome: "refused-limit", ms, byEmailLimit: /for this email/i.test(said) };
    }
    if (response.status === 200 && !/error=/.test(text)) return { outcome: "signed-in", ms };
    return { outcome: "error", ms };
  } catch {
    return { outcome: "error", ms: performance.now() - started };
  }
}

export const randomEmail = () => `flood-${randomBytes(6).toString("hex")}@bench.test`;
