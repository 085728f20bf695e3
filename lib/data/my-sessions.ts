/** The signed-in user's own sessions, for "Your sessions". */
import "server-only";
import { getCurrentSession, requireUser } from "@/lib/auth/session";
import { listActiveSessions, type SessionListItem } from "@/lib/auth/sessions";

export async function listMySessions(): Promise<SessionListItem[]> {
  await requireUser("/account/security");
  const current = await getCurrentSession();
  if (!current) return [];
  return listActiveSessions(current.user.id, current.sessionId);
}
