/**
 * Test helper: a stand-in for `@/lib/auth/session` (which needs next-auth's
 * request context). Use with
 *   vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);
 * and set `testSession.user` per test. requireAdmin keeps the real rule: admins only.
 */
import type { SessionUser } from "@/lib/auth/session";

export const testSession: { user: SessionUser | null } = { user: null };

class NotAuthorizedError extends Error {
  constructor() {
    super("You are not allowed to do that.");
  }
}

export const sessionModule = {
  NotAuthorizedError,
  getSessionUser: async () => testSession.user,
  // A session that proved its second factor just now.
  getCurrentSession: async () =>
    testSession.user
      ? { sessionId: "00000000-0000-4000-8000-00000000000f", user: testSession.user, secondFactor: "verified", secondFactorAt: new Date() }
      : null,
  adminNeeds: () => null,
  requireUser: async () => {
    if (!testSession.user) throw new Error("redirect to sign in");
    return testSession.user;
  },
  requireAdmin: async () => {
    if (!testSession.user || testSession.user.role !== "admin") throw new NotAuthorizedError();
    return testSession.user;
  },
};
