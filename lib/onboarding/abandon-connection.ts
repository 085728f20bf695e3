/** The customer cancels a link whose stack never arrived: disconnected, publish access released. */
import { db } from "@/lib/db";
import { topicsByRegion } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { releasePublishAccess } from "./publish-access";

export async function abandonConnection(input: {
  connectionId: string;
  ownerId: string;
  mode: "per-account" | "open";
}): Promise<boolean> {
  const connection = await db.$transaction(async (tx) => {
    // Ownership and state in the WHERE: only the owner's own pending link changes.
    const updated = await tx.connection.updateMany({
      where: { id: input.connectionId, ownerId: input.ownerId, status: "pending" },
      data: { status: "disconnected" },
    });
    if (updated.count === 0) return null;
    await recordEvent({ connectionId: input.connectionId, kind: "link.abandoned", actor: `customer:${input.ownerId}` }, tx);
    return tx.connection.findUnique({ where: { id: input.connectionId }, select: { accountId: true, region: true } });
  });
  if (!connection) return false;
  const topicArn = topicsByRegion().get(connection.region);
  if (topicArn) {
    await releasePublishAccess({ connectionId: input.connectionId, topicArn, ...connection, mode: input.mode }).catch((error) =>
      log.error("revoking SNS publish access failed", { connectionId: input.connectionId, error }),
    );
  }
  return true;
}
