/**
 * Authenticator apps (TOTP, RFC 6238 with otpauth): enrol (a secret shown once
 * as a QR code, confirmed by a first code), then verify codes. A code is
 * accepted at most once (the last used 30-second step is recorded atomically),
 * and one step of clock drift either way is tolerated.
 */
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { db } from "@/lib/db";
import { seal, unseal } from "./seal";

const PERIOD = 30;
const ISSUER = "rolelink";

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

function normaliseCode(code: unknown): string | null {
  if (typeof code !== "string") return null;
  const digits = code.replace(/\s/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

export type BeginTotpOutcome = { kind: "started"; secret: string; uri: string; qrSvg: string } | { kind: "already-enrolled" };

/** A new, unconfirmed secret (replacing an unconfirmed one); nothing changes for sign-in until it is confirmed. */
export async function beginTotpEnrolment(userId: string, email: string): Promise<BeginTotpOutcome> {
  const existing = await db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) return { kind: "already-enrolled" };
  const secret = new Secret({ size: 20 }).base32;
  await db.totpFactor.upsert({
    where: { userId },
    create: { userId, secretSealed: seal(secret) },
    update: { secretSealed: seal(secret), lastUsedStep: null },
  });
  const uri = totpFor(secret, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { kind: "started", secret, uri, qrSvg };
}

/** Checks a code against the user's secret and uses it up. `confirmed: false` checks the enrolment secret. */
export async function checkTotp(userId: string, code: unknown, options: { confirmed: boolean; now?: number }): Promise<boolean> {
  const token = normaliseCode(code);
  if (!token) return false;
  const factor = await db.totpFactor.findUnique({ where: { userId }, select: { secretSealed: true, confirmedAt: true } });
  if (!factor || Boolean(factor.confirmedAt) !== options.confirmed) return false;
  const now = options.now ?? Date.now();
  const delta = totpFor(unseal(factor.secretSealed), "x").validate({ token, timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = BigInt(Math.floor(now / 1000 / PERIOD) + delta);
  // Atomic replay guard: only a step later than the last accepted one is taken.
  const used = await db.totpFactor.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return used.count === 1;
}

export async function hasConfirmedTotp(userId: string): Promise<boolean> {
  return (await db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}
