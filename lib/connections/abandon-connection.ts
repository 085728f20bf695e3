/**
 * A link whose stack never arrived ends: the customer cancels it, or it expires
 * unused (lib/connections/expire-links.ts). Disconnected, publish access released.
 */
import { db } from "@/lib/db";
import { topicsByRegion } from "@/lib/env";
import { log } from "@/lib/log";
import { releasePublishAccess } from "./publish-access";
import { transition } from "./transition";

export async function abandonConnection(input: {
  connectionId: string;
  ownerId: string;
  mode: "per-account" | "open";
  /** Who ends it: the customer (default) or the expiry job. */
  by?: "customer" | "expiry";
}): Promise<boolean> {
  // Ownership in the WHERE: only the owner's own link is even looked at.
  const connection = await db.connection.findFirst({
    where: { id: input.connectionId, ownerId: input.ownerId },
    select: { accountId: true, region: true },
  });
  if (!connection) return false;
  const done = await transition({
    connectionId: input.connectionId,
    to: "disconnected",
    from: ["pending"],
    event:
      input.by === "expiry" ? { kind: "link.expired", actor: "system" } : { kind: "link.abandoned", actor: `customer:${input.ownerId}` },
  });
  if (!done.ok) return false;
  const topicArn = topicsByRegion().get(connection.region);
  if (topicArn) {
    await releasePublishAccess({ connectionId: input.connectionId, topicArn, ...connection, mode: input.mode }).catch((error) =>
      log.error("revoking SNS publish access failed", { connectionId: input.connectionId, error }),
    );
  }
  return true;
}
