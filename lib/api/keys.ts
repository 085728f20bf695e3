/**
 * API keys: created by an admin (shown once, stored hashed), revoked by an
 * admin, and checked on every API request. Creating and revoking are audited.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { ALL_SCOPES, type ApiScope } from "./scopes";
import { generateApiKey, hashApiKey, hashMatches, prefixOf } from "./key-format";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "At most 100 characters."),
  scopes: z.array(z.enum(ALL_SCOPES as [ApiScope, ...ApiScope[]])).min(1, "Choose at least one scope."),
  /** Days until the key stops working; none for a key that lasts until revoked. */
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export interface KeyActor {
  id: string;
  email: string;
}

/**
 * The step-up check before a key is created. Admin MFA does not exist yet:
 * when it does, this is the one place that asks for the second factor.
 */
export type StepUp = (actor: KeyActor) => Promise<{ ok: true } | { ok: false; message: string }>;
export const noStepUpYet: StepUp = () => Promise.resolve({ ok: true });

export type CreateKeyOutcome = { kind: "created"; id: string; key: string; prefix: string } | { kind: "step_up_required"; message: string };

export async function createApiKey(
  input: CreateApiKeyInput,
  actor: KeyActor,
  stepUp: StepUp = noStepUpYet,
  now = new Date(),
): Promise<CreateKeyOutcome> {
  const check = await stepUp(actor);
  if (!check.ok) return { kind: "step_up_required", message: check.message };
  const { key, prefix } = generateApiKey();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const scopes = [...new Set(input.scopes)];
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { name: input.name, prefix, secretHash: hashApiKey(key), scopes, createdBy: actor.id, expiresAt },
      select: { id: true },
    });
    await recordEvent(
      {
        kind: "api_key.created",
        actor: `admin:${actor.id}`,
        detail: { by: actor.email, keyId: row.id, prefix, name: input.name, scopes, expiresAt: expiresAt?.toISOString() ?? null },
      },
      tx,
    );
    return row;
  });
  return { kind: "created", id: created.id, key, prefix };
}

export type RevokeKeyOutcome = { kind: "revoked" } | { kind: "already_revoked" } | { kind: "not_found" };

export async function revokeApiKey(id: string, actor: KeyActor, now = new Date()): Promise<RevokeKeyOutcome> {
  return db.$transaction(async (tx) => {
    const updated = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (updated.count === 0) {
      const exists = await tx.apiKey.findUnique({ where: { id }, select: { id: true } });
      return { kind: exists ? "already_revoked" : "not_found" } as const;
    }
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: { prefix: true, name: true } });
    await recordEvent(
      { kind: "api_key.revoked", actor: `admin:${actor.id}`, detail: { by: actor.email, keyId: id, prefix: key.prefix, name: key.name } },
      tx,
    );
    return { kind: "revoked" } as const;
  });
}

export interface ApiPrincipal {
  keyId: string;
  prefix: string;
  name: string;
  scopes: ApiScope[];
}

export type AuthOutcome =
  { kind: "ok"; principal: ApiPrincipal } | { kind: "missing" } | { kind: "invalid" } | { kind: "revoked" } | { kind: "expired" };

/** Last-used time is written at most once a minute per key, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export async function authenticateApiKey(authorization: string | null, now = new Date()): Promise<AuthOutcome> {
  if (!authorization) return { kind: "missing" };
  const match = /^Bearer ([^\s]{1,200})$/i.exec(authorization.trim());
  const key = match?.[1];
  const prefix = key ? prefixOf(key) : null;
  if (!key || !prefix) return { kind: "invalid" };
  const row = await db.apiKey.findUnique({
    where: { prefix },
    select: { id: true, name: true, secretHash: true, scopes: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  if (!row || !hashMatches(key, row.secretHash)) return { kind: "invalid" };
  if (row.revokedAt) return { kind: "revoked" };
  if (row.expiresAt && row.expiresAt <= now) return { kind: "expired" };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    kind: "ok",
    principal: {
      keyId: row.id,
      prefix,
      name: row.name,
      scopes: row.scopes.filter((s): s is ApiScope => ALL_SCOPES.includes(s as ApiScope)),
    },
  };
}
