/** Customer reads: a customer sees their own connections and nothing else. */
import "server-only";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getSessionUser, requireUser } from "@/lib/auth/session";
import type { Progress } from "@/lib/connections/progress";
import { readProgress } from "@/lib/connections/live/read-progress";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export interface MyConnection {
  id: string;
  accountId: string;
  region: string;
  status: ConnectionStatus;
  roleArn: string | null;
  connectedAt: Date | null;
  createdAt: Date;
  lastError: string | null;
}

const UUID = /^[0-9a-f-]{36}$/i;

const SELECT = {
  id: true,
  accountId: true,
  region: true,
  status: true,
  roleArn: true,
  connectedAt: true,
  createdAt: true,
  lastError: true,
} as const;

export async function listMyConnections(): Promise<MyConnection[]> {
  const user = await requireUser("/accounts");
  return db.connection.findMany({ where: { ownerId: user.id }, select: SELECT, orderBy: { createdAt: "desc" }, take: 200 });
}

/** Ownership is part of the query itself: another customer's id finds nothing. */
export async function getMyConnection(
  id: string,
): Promise<(MyConnection & { externalId: string; stackId: string | null; templateVersion: string | null }) | null> {
  const user = await requireUser("/connect");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db.connection.findFirst({
    where: { id, ownerId: user.id },
    select: { ...SELECT, externalId: true, stackId: true, templateVersion: true },
  });
}

/** For the live stepper's fallback poll: null when the connection is not the caller's. */
export async function getMyConnectionProgress(id: string): Promise<Progress | null> {
  const user = await getSessionUser();
  if (!user || !UUID.test(id)) return null;
  return readProgress({ id, ownerId: user.id }, { hintAfterMs: getEnv().WAITING_HINT_SECONDS * 1000 });
}

export interface ConnectionEnding {
  at: Date;
  /** "cancelled": the customer closed the link; "stack_deleted": the stack's Delete reached us; "other": access ended otherwise. */
  cause: "cancelled" | "stack_deleted" | "other";
}

/** When and why a disconnected link ended, for its page. Null for a link that has not ended (or is not the caller's). */
export async function getMyConnectionEnding(id: string): Promise<ConnectionEnding | null> {
  const user = await requireUser("/connect");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const event = await db.event.findFirst({
    where: {
      connectionId: id,
      connection: { ownerId: user.id, status: "disconnected" },
      kind: { in: ["link.abandoned", "connection.disconnected"] },
    },
    select: { kind: true, actor: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
  if (!event) return null;
  const cause = event.kind === "link.abandoned" ? "cancelled" : event.actor === "sns" ? "stack_deleted" : "other";
  return { at: event.createdAt, cause };
}
