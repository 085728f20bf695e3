/**
 * Admin read: operational notices that need a human — an SNS subscription that
 * was removed (rolelink hears nothing from that region until resubscribed) and
 * topic policies near their limits in per-account mode.
 */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";

export interface AdminNotice {
  kind: "unsubscribed" | "policy_near_limit" | "policy_full";
  topicArn: string;
  at: Date;
  detail: string;
}

/** SNS's own limits on a topic policy. At or past either, AddPermission fails: new customers cannot publish. */
const MAX_STATEMENTS = 100;
const MAX_BYTES = 30 * 1024;

export async function listAdminNotices(): Promise<AdminNotice[]> {
  await requireAdmin();
  const unsubscribed = await db.snsSubscription.findMany({
    where: { status: "unsubscribed" },
    select: { topicArn: true, updatedAt: true },
  });
  const since = new Date(Date.now() - 7 * 24 * 3600_000);
  const nearLimit = await db.event.findMany({
    where: { kind: "sns.policy_near_limit", createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { createdAt: true, detail: true },
  });
  const latestByTopic = new Map<string, AdminNotice>();
  for (const event of nearLimit) {
    const detail = event.detail as { topicArn?: string; statements?: number; bytes?: number };
    if (!detail.topicArn || latestByTopic.has(detail.topicArn)) continue;
    const full = (detail.statements ?? 0) >= MAX_STATEMENTS || (detail.bytes ?? 0) >= MAX_BYTES;
    const usage = `${detail.statements ?? "?"} of ${MAX_STATEMENTS} statements, ${Math.round((detail.bytes ?? 0) / 1024)} of 30 KB.`;
    latestByTopic.set(detail.topicArn, {
      kind: full ? "policy_full" : "policy_near_limit",
      topicArn: detail.topicArn,
      at: event.createdAt,
      detail: full
        ? `${usage} New customers in this region cannot publish to the topic: switch to SNS_PUBLISH_ACCESS=open now.`
        : `${usage} Switch to SNS_PUBLISH_ACCESS=open before it fills up.`,
    });
  }
  return [
    ...unsubscribed.map((s) => ({
      kind: "unsubscribed" as const,
      topicArn: s.topicArn,
      at: s.updatedAt,
      detail: "The HTTPS subscription was removed: stacks in this region will hang until it is subscribed again.",
    })),
    ...latestByTopic.values(),
  ];
}
