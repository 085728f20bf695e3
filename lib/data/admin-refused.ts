/**
 * Admin read: requests rolelink refused that named no connection (an unknown
 * External ID, a forged or misdirected message), and stored requests it could
 * not answer within its bounded attempts. Newest first, paged by event id.
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";
import { asDetail } from "@/lib/admin/describe-event";

export const REFUSED_PAGE_SIZE = 50;

export interface RefusedMessage {
  id: string;
  at: Date;
  check: string;
  requestType: string | null;
  claimedAccount: string | null;
  stackId: string | null;
}

export interface UnansweredRequest {
  id: string;
  at: Date;
  requestType: string;
  stackId: string;
  attempts: number;
  connectionId: string | null;
}

/** A page cursor is an event id: digits only, anything else is the first page. */
const cursorSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .optional()
  .catch(undefined);

export function parseRefusedCursor(value: unknown): string | undefined {
  return cursorSchema.parse(typeof value === "string" ? value : undefined);
}

const text = (value: unknown): string | null => (typeof value === "string" && value ? value.slice(0, 2048) : null);

export async function listRefusedMessages(cursor?: string): Promise<{ rows: RefusedMessage[]; nextCursor: string | null }> {
  await requireAdmin();
  const events = await db.event.findMany({
    where: { kind: "security.rejected", connectionId: null, ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: REFUSED_PAGE_SIZE + 1,
    select: { id: true, createdAt: true, detail: true },
  });
  const rows = events.slice(0, REFUSED_PAGE_SIZE).map((event) => {
    const d = asDetail(event.detail);
    return {
      id: event.id.toString(),
      at: event.createdAt,
      check: text(d.check) ?? "unknown",
      requestType: text(d.requestType),
      claimedAccount: text(d.claimedAccount),
      stackId: text(d.stackId),
    };
  });
  return { rows, nextCursor: events.length > REFUSED_PAGE_SIZE ? (rows.at(-1)?.id ?? null) : null };
}

export async function listUnansweredRequests(): Promise<UnansweredRequest[]> {
  await requireAdmin();
  const rows = await db.cfnRequest.findMany({
    where: { state: "response_failed" },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, createdAt: true, requestType: true, stackId: true, attempts: true, connectionId: true },
  });
  return rows.map(({ createdAt, ...row }) => ({ ...row, at: createdAt }));
}
