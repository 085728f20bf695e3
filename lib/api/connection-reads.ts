/**
 * What the API reads about connections: newest first with keyset cursors
 * (created_at, id), so a page boundary never shifts when links are added.
 * Selects only what the API shows: never the External ID.
 */
import type { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { decodeCursor, encodeCursor } from "@/lib/admin/keyset";
import { kindLabel } from "@/lib/admin/describe-event";
import type { connectionSchema, eventSchema, listConnectionsQuerySchema, listEventsQuerySchema } from "./schemas";

type ApiConnection = z.infer<typeof connectionSchema>;
type ApiEvent = z.infer<typeof eventSchema>;
type Page<T> = { kind: "page"; data: T[]; nextCursor: string | null } | { kind: "bad_cursor" };

export const API_CONNECTION_SELECT = {
  id: true,
  status: true,
  accountId: true,
  region: true,
  roleArn: true,
  templateVersion: true,
  externalRef: true,
  organizationLinkId: true,
  lastVerifiedAt: true,
  lastVerifyOk: true,
  lastError: true,
  connectedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ConnectionSelect;

type Row = Prisma.ConnectionGetPayload<{ select: typeof API_CONNECTION_SELECT }>;

export function toApiConnection(row: Row): ApiConnection {
  return {
    ...row,
    lastVerifiedAt: row.lastVerifiedAt?.toISOString() ?? null,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listApiConnections(query: z.infer<typeof listConnectionsQuerySchema>): Promise<Page<ApiConnection>> {
  const cursor = query.cursor ? decodeCursor(query.cursor, "connections") : null;
  if (query.cursor && (!cursor || cursor.k === "-infinity")) return { kind: "bad_cursor" };
  const where: Prisma.ConnectionWhereInput = {
    status: query.status as ConnectionStatus | undefined,
    accountId: query.accountId,
    region: query.region,
    templateVersion: query.templateVersion,
    externalRef: query.externalRef,
    organizationLinkId: query.organizationLinkId,
    updatedAt: query.updatedSince ? { gte: new Date(query.updatedSince) } : undefined,
  };
  if (cursor) {
    const at = new Date(cursor.k);
    where.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }];
  }
  const rows = await db.connection.findMany({
    where,
    select: API_CONNECTION_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    kind: "page",
    data: page.map(toApiConnection),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ k: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

export async function getApiConnection(id: string): Promise<ApiConnection | null> {
  const row = await db.connection.findUnique({ where: { id }, select: API_CONNECTION_SELECT });
  return row ? toApiConnection(row) : null;
}

/** The public face of an actor: no user ids or emails leave through the API. */
function publicActor(actor: string): string {
  if (actor.startsWith("admin:")) return "admin";
  if (actor.startsWith("customer:")) return "customer";
  if (actor.startsWith("api-key:")) return actor;
  return actor === "sns" ? "sns" : "system";
}

export async function listApiEvents(
  connectionId: string,
  query: z.infer<typeof listEventsQuerySchema>,
): Promise<Page<ApiEvent> | { kind: "not_found" }> {
  const cursor = query.cursor ? decodeCursor(query.cursor, "events") : null;
  if (query.cursor && !cursor) return { kind: "bad_cursor" };
  const exists = await db.connection.findUnique({ where: { id: connectionId }, select: { id: true } });
  if (!exists) return { kind: "not_found" };
  const rows = await db.event.findMany({
    where: { connectionId, ...(cursor ? { id: { lt: BigInt(cursor.id) } } : {}) },
    select: { id: true, kind: true, actor: true, createdAt: true },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    kind: "page",
    data: page.map((row) => ({
      id: row.id.toString(),
      kind: row.kind,
      summary: kindLabel(row.kind),
      actor: publicActor(row.actor),
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ k: last.createdAt.toISOString(), id: last.id.toString() }) : null,
  };
}
