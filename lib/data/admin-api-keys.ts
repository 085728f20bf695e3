/** Admin read for the API keys page. Checks the admin session itself; never selects the key hash. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";

export interface AdminApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listAdminApiKeys(): Promise<AdminApiKey[]> {
  await requireAdmin();
  const rows = await db.apiKey.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      creator: { select: { email: true } },
    },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
  });
  return rows.map(({ creator, ...row }) => ({ ...row, createdBy: creator?.email ?? null }));
}
