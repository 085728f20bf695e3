/**
 * Passkeys (WebAuthn) as a second factor next to the authenticator app:
 * register (named), prove at sign-in and step-up, list. Challenges live on the
 * session row (webauthn-challenge.ts). Removing one is in factors.ts.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { db } from "@/lib/db";
import { refund, reserve } from "@/lib/limits/limiter";
import { waitFor } from "@/lib/limits/messages";
import { log } from "@/lib/log";
import { endAllSessions } from "../sessions";
import { issueRecoveryCodes } from "./recovery-codes";
import { relyingParty } from "./relying-party";
import { storeChallenge, takeChallenge } from "./webauthn-challenge";
import { authenticationResponseSchema, passkeyNameSchema, registrationResponseSchema } from "./webauthn-schemas";
import type { ProveOutcome } from "./second-factor";

const TIMEOUT_MS = 60_000;
const MAX_PASSKEYS = 10;

interface SessionRef {
  userId: string;
  sessionId: string;
}

export type BeginRegistrationOutcome =
  { kind: "options"; options: PublicKeyCredentialCreationOptionsJSON } | { kind: "too-many" } | { kind: "no-session" };

export async function beginPasskeyRegistration(input: SessionRef & { email: string }): Promise<BeginRegistrationOutcome> {
  const existing = await db.passkey.findMany({ where: { userId: input.userId }, select: { id: true, transports: true } });
  if (existing.length >= MAX_PASSKEYS) return { kind: "too-many" };
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: input.email,
    // A stable handle that is not the email: the user row's id.
    userID: new TextEncoder().encode(input.userId),
    timeout: TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  if (!(await storeChallenge(input.sessionId, "register", options.challenge))) return { kind: "no-session" };
  return { kind: "options", options };
}

export type FinishRegistrationOutcome =
  | { kind: "enrolled"; passkeyId: string; recoveryCodes: string[] | null }
  | { kind: "invalid-name"; message: string }
  | { kind: "refused"; reason: "malformed" | "no-challenge" | "not-verified" | "already-registered" };

/**
 * Verifies the authenticator's answer and stores the passkey. MFA is then on
 * for the user, this session counts as verified, and their other sessions end
 * (as for any MFA change). A user's first factor also gets recovery codes.
 */
export async function finishPasskeyRegistration(
  input: SessionRef & { name: unknown; response: unknown },
): Promise<FinishRegistrationOutcome> {
  const name = passkeyNameSchema.safeParse(input.name);
  if (!name.success) return { kind: "invalid-name", message: name.error.issues[0]?.message ?? "Give this passkey a name." };
  const parsed = registrationResponseSchema.safeParse(input.response);
  // Taken before anything else: a malformed answer still uses up the challenge.
  const challenge = await takeChallenge(input.sessionId, "register");
  if (!parsed.success) return { kind: "refused", reason: "malformed" };
  if (!challenge) return { kind: "refused", reason: "no-challenge" };
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: parsed.data,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch (error) {
    log.warn("passkey registration refused", {
      userId: input.userId,
      reason: error instanceof Error ? error.message.slice(0, 200) : "unknown",
    });
    return { kind: "refused", reason: "not-verified" };
  }
  if (!verification.verified) return { kind: "refused", reason: "not-verified" };
  const { credential } = verification.registrationInfo;
  if (await db.passkey.findUnique({ where: { id: credential.id }, select: { id: true } }))
    return { kind: "refused", reason: "already-registered" };
  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.passkey.create({
      data: {
        id: credential.id,
        userId: input.userId,
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        name: name.data,
      },
    });
    const user = await tx.user.update({ where: { id: input.userId }, data: { mfaEnabled: true }, select: { id: true } });
    await tx.session.updateMany({ where: { id: input.sessionId, revokedAt: null }, data: { secondFactorAt: new Date() } });
    await endAllSessions(user.id, "mfa-change", { except: input.sessionId, tx });
    const codesLeft = await tx.recoveryCode.count({ where: { userId: input.userId, usedAt: null } });
    return codesLeft === 0 ? issueRecoveryCodes(input.userId, tx) : null;
  });
  return { kind: "enrolled", passkeyId: credential.id, recoveryCodes };
}

export type BeginAuthenticationOutcome =
  { kind: "options"; options: PublicKeyCredentialRequestOptionsJSON } | { kind: "no-passkeys" } | { kind: "no-session" };

export async function beginPasskeyAuthentication(input: SessionRef): Promise<BeginAuthenticationOutcome> {
  const passkeys = await db.passkey.findMany({ where: { userId: input.userId }, select: { id: true, transports: true } });
  if (passkeys.length === 0) return { kind: "no-passkeys" };
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports })),
    timeout: TIMEOUT_MS,
    // A second factor after the password: presence is what we need.
    userVerification: "preferred",
  });
  if (!(await storeChallenge(input.sessionId, "authenticate", options.challenge))) return { kind: "no-session" };
  return { kind: "options", options };
}

/** Proves the second factor with a passkey; wrong answers count against the same per-user limit as codes. */
export async function provePasskey(input: SessionRef & { response: unknown }): Promise<ProveOutcome> {
  const limit = await reserve([["mfa:user", input.userId]]);
  if (limit.kind === "limited") {
    return {
      kind: "limited",
      retryAfterSeconds: limit.retryAfterSeconds,
      message: `Too many attempts. Wait ${waitFor(limit.retryAfterSeconds)} and try again.`,
    };
  }
  const challenge = await takeChallenge(input.sessionId, "authenticate");
  const parsed = authenticationResponseSchema.safeParse(input.response);
  if (!challenge || !parsed.success) return { kind: "wrong-code" };
  // Ownership in the where: a passkey of another user is simply not found.
  const passkey = await db.passkey.findFirst({ where: { id: parsed.data.id, userId: input.userId } });
  if (!passkey) return { kind: "wrong-code" };
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: parsed.data,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
      requireUserVerification: false,
    });
  } catch (error) {
    log.warn("passkey assertion refused", {
      userId: input.userId,
      reason: error instanceof Error ? error.message.slice(0, 200) : "unknown",
    });
    return { kind: "wrong-code" };
  }
  if (!verification.verified) return { kind: "wrong-code" };
  // The counter only moves forward: a concurrent use of a cloned key loses here.
  const moved = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: new Date() },
  });
  if (moved.count !== 1) return { kind: "wrong-code" };
  await refund("mfa:user", input.userId);
  await db.session.updateMany({ where: { id: input.sessionId, revokedAt: null }, data: { secondFactorAt: new Date() } });
  return { kind: "verified" };
}

export interface PasskeyListItem {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function listPasskeys(userId: string): Promise<PasskeyListItem[]> {
  return db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
  });
}

export async function hasPasskeys(userId: string): Promise<boolean> {
  return (await db.passkey.count({ where: { userId } })) > 0;
}
