/** Webhook endpoints as the API shows them: never their signing secrets (those only when created or rotated). */
import type { z } from "zod";
import { db } from "@/lib/db";
import type { webhookEndpointSchema } from "./schemas";

const SELECT = { id: true, url: true, description: true, eventTypes: true, enabled: true, createdAt: true } as const;

type ApiEndpoint = z.infer<typeof webhookEndpointSchema>;

export async function listApiWebhookEndpoints(): Promise<ApiEndpoint[]> {
  const rows = await db.webhookEndpoint.findMany({ select: SELECT, orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function getApiWebhookEndpoint(id: string): Promise<ApiEndpoint | null> {
  const row = await db.webhookEndpoint.findUnique({ where: { id }, select: SELECT });
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}
