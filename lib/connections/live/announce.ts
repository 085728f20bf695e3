/**
 * The one place that tells live pages a connection moved: a NOTIFY inside the
 * transaction that moved it, so PostgreSQL delivers it at commit and never for
 * a rolled-back change. Called by transition() for every status change and by
 * the worker's claim for "the stack's request reached us" (a pending link whose
 * stack is now seen), and by the diagnosis writer (why a request for a pending
 * link was not believed). The payload names the state it announces, so a page that
 * reads the row after several quick moves can still show each step in order.
 */
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ConnectionStatus as STATUSES, type ConnectionStatus } from "@/lib/generated/prisma/enums";

export const PROGRESS_CHANNEL = "connection_progress";

export const announcementSchema = z.object({
  /** Connection id. */
  c: z.uuid(),
  /** The status it moved to; null when only its progress (stack seen) changed. */
  s: z.enum(STATUSES).nullable(),
});
export type Announcement = z.infer<typeof announcementSchema>;

export async function announceProgress(tx: Prisma.TransactionClient, connectionId: string, status: ConnectionStatus | null): Promise<void> {
  const payload = JSON.stringify({ c: connectionId, s: status } satisfies Announcement);
  await tx.$executeRaw`SELECT pg_notify(${PROGRESS_CHANNEL}, ${payload})`;
}

export function parseAnnouncement(payload: string): Announcement | null {
  try {
    const parsed = announcementSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
