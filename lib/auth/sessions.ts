/**
 * Server-side sessions. The cookie only names a row here; every request re-reads
 * the row and its user (role, existence), so ending the row ends the session at
 * once, whatever the cookie says. Lifetimes: 12 h from sign-in, never extended;
 * admins also end after 30 minutes without a request.
 */
import { db } from "@/lib/db";

export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
export const ADMIN_IDLE_SECONDS = 30 * 60;
// Writing last_seen_at on every request would make every page view a write; a
// minute of slack is far below the idle timeout.
const TOUCH_AFTER_MS = 60_000;
const USER_AGENT_MAX = 200;

export type SessionEndReason =
  "sign-out" | "password-change" | "role-change" | "mfa-change" | "revoked" | "sign-out-everywhere" | "idle" | "expired";

/**
 * none: the user has no second factor; pending: they have one and this session
 * has not proven it yet (only the second-factor page may be used); verified.
 */
export type SecondFactorState = "none" | "pending" | "verified";

export interface ActiveSession {
  sessionId: string;
  user: { id: string; email: string; role: "customer" | "admin" };
  secondFactor: SecondFactorState;
  secondFactorAt: Date | null;
}

export type SessionLookup = { kind: "active"; session: ActiveSession } | { kind: "ended"; reason: SessionEndReason | "unknown" };

export async function createSession(userId: string, userAgent?: string | null, now = new Date()): Promise<string> {
  const row = await db.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000),
      userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
    },
    select: { id: true },
  });
  return row.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session a cookie names, if it may still be used now. */
export async function lookupSession(sessionId: unknown, now = new Date()): Promise<SessionLookup> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return { kind: "ended", reason: "unknown" };
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      lastSeenAt: true,
      revokedAt: true,
      endReason: true,
      secondFactorAt: true,
      user: { select: { id: true, email: true, role: true, mfaEnabled: true } },
    },
  });
  if (!row) return { kind: "ended", reason: "unknown" };
  if (row.revokedAt) return { kind: "ended", reason: (row.endReason as SessionEndReason | null) ?? "revoked" };
  if (row.expiresAt <= now) return { kind: "ended", reason: "expired" };
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (row.user.role === "admin" && idleMs > ADMIN_IDLE_SECONDS * 1000) {
    await endSession(sessionId, "idle", now);
    return { kind: "ended", reason: "idle" };
  }
  if (idleMs > TOUCH_AFTER_MS) {
    await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now } });
  }
  const { mfaEnabled, ...user } = row.user;
  const secondFactor: SecondFactorState = row.secondFactorAt ? "verified" : mfaEnabled ? "pending" : "none";
  return { kind: "active", session: { sessionId, user, secondFactor, secondFactorAt: row.secondFactorAt } };
}

export async function endSession(sessionId: string, reason: SessionEndReason, now = new Date()): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, endReason: reason } });
}

/** Ends one of the user's own sessions; the id must belong to them (ownership in the where). */
export async function endOwnSession(userId: string, sessionId: string, now = new Date()): Promise<{ kind: "ended" | "not-found" }> {
  if (!UUID.test(sessionId)) return { kind: "not-found" };
  const result = await db.session.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: now, endReason: "revoked" },
  });
  return { kind: result.count === 1 ? "ended" : "not-found" };
}

/** Ends every session of a user (optionally keeping one, e.g. the one changing the password). */
export async function endAllSessions(
  userId: string,
  reason: SessionEndReason,
  options: { except?: string; now?: Date; tx?: Pick<typeof db, "session"> } = {},
): Promise<number> {
  const client = options.tx ?? db;
  const result = await client.session.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: options.now ?? new Date(), endReason: reason },
  });
  return result.count;
}

export interface SessionListItem {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  current: boolean;
}

/** The user's sessions that can still be used, newest first. */
export async function listActiveSessions(userId: string, currentSessionId: string, now = new Date()): Promise<SessionListItem[]> {
  const rows = await db.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true },
  });
  return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
}
