/** Admin reads for the webhooks pages. Each checks the admin session itself; never selects signing secrets. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";

export async function listWebhookEndpoints() {
  await requireAdmin();
  const endpoints = await db.webhookEndpoint.findMany({
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      enabled: true,
      createdAt: true,
      _count: { select: { secrets: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  const failing = await db.webhookDelivery.groupBy({
    by: ["endpointId", "state"],
    where: { state: { in: ["pending", "failed"] } },
    _count: { _all: true },
  });
  return endpoints.map(({ _count, ...endpoint }) => ({
    ...endpoint,
    rotating: _count.secrets > 1,
    pending: failing.find((f) => f.endpointId === endpoint.id && f.state === "pending")?._count._all ?? 0,
    failed: failing.find((f) => f.endpointId === endpoint.id && f.state === "failed")?._count._all ?? 0,
  }));
}

export const DELIVERY_LOG_SIZE = 50;

export async function getWebhookEndpoint(id: string) {
  await requireAdmin();
  return db.webhookEndpoint.findUnique({
    where: { id },
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      enabled: true,
      createdAt: true,
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: DELIVERY_LOG_SIZE,
        select: {
          id: true,
          state: true,
          attempts: true,
          nextAttemptAt: true,
          createdAt: true,
          event: { select: { id: true, type: true, connectionId: true } },
          attemptLog: {
            orderBy: { attemptedAt: "desc" },
            take: 10,
            select: { id: true, attemptedAt: true, statusCode: true, latencyMs: true, error: true },
          },
        },
      },
    },
  });
}
