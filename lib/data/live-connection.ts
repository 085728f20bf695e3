/**
 * Who may follow a connection live: its owner, or an admin whose session has
 * proved its second factor. Checked when a stream opens (and again when it is
 * reopened, since streams are closed after a while).
 */
import "server-only";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { adminNeeds, getCurrentSession } from "@/lib/auth/session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LiveGrant {
  connectionId: string;
  hintAfterMs: number;
}

/** Null for signed-out callers, unknown ids and other customers' connections alike. */
export async function authorizeLiveConnection(id: string): Promise<LiveGrant | null> {
  if (!UUID.test(id)) return null;
  const current = await getCurrentSession();
  if (!current || current.secondFactor === "pending") return null;
  const asAdmin = current.user.role === "admin" && adminNeeds(current) === null;
  const found = await db.connection.findFirst({ where: asAdmin ? { id } : { id, ownerId: current.user.id }, select: { id: true } });
  return found ? { connectionId: found.id, hintAfterMs: getEnv().WAITING_HINT_SECONDS * 1000 } : null;
}
