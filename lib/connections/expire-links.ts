/**
 * Pending links nobody used expire after LINK_EXPIRY_DAYS: each holds a publish
 * permission in a region's topic policy (capped by AWS), so abandoned ones must
 * give it back. Goes through the same path as a customer's "cancel".
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { abandonConnection } from "./abandon-connection";

const BATCH = 200;

export async function expirePendingLinks(now = new Date()): Promise<{ expired: number }> {
  const env = getEnv();
  const cutoff = new Date(now.getTime() - env.LINK_EXPIRY_DAYS * 24 * 60 * 60 * 1000);
  let expired = 0;
  for (;;) {
    const stale = await db.connection.findMany({
      where: { status: "pending", createdAt: { lt: cutoff } },
      select: { id: true, ownerId: true },
      orderBy: { createdAt: "asc" },
      take: BATCH,
    });
    let expiredNow = 0;
    for (const link of stale) {
      // A link that moved on meanwhile (its stack arrived) is left alone by the guarded transition.
      if (await abandonConnection({ connectionId: link.id, ownerId: link.ownerId, mode: env.SNS_PUBLISH_ACCESS, by: "expiry" }))
        expiredNow++;
    }
    expired += expiredNow;
    // A full batch where nothing could expire would come back unchanged: stop rather than spin.
    if (stale.length < BATCH || expiredNow === 0) break;
  }
  if (expired > 0) log.info("expired unused launch links", { expired, olderThanDays: env.LINK_EXPIRY_DAYS });
  return { expired };
}
