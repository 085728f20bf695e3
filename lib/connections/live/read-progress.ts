/**
 * A connection's progress read from the database, for callers that have
 * already decided who may see it (the customer's data read puts ownership in
 * the where; the live feed is opened only after its route checked the session).
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { progressOf, type Progress } from "@/lib/connections/progress";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export async function readProgress(
  where: Prisma.ConnectionWhereInput,
  options: { hintAfterMs: number; status?: ConnectionStatus },
): Promise<Progress | null> {
  const connection = await db.connection.findFirst({
    where,
    select: {
      status: true,
      lastError: true,
      roleArn: true,
      stackId: true,
      diagnosis: true,
      createdAt: true,
      _count: { select: { cfnRequests: true } },
      // "Shown again" restarts the customer's wait: they may only now be launching.
      events: { where: { kind: "link.reused" }, select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  if (!connection) return null;
  return progressOf({
    // A feed replaying quick moves shows the announced status, with the row's details.
    status: options.status ?? connection.status,
    lastError: connection.lastError,
    roleArn: connection.roleArn,
    diagnosis: connection.diagnosis,
    stackSeen: Boolean(connection.stackId) || connection._count.cfnRequests > 0,
    waitingSince: connection.events[0]?.createdAt ?? connection.createdAt,
    hintAfterMs: options.hintAfterMs,
  });
}
