/**
 * The /admin table's URL search params, validated: anything unexpected falls
 * back to a default instead of an error page (URLs get edited by hand).
 */
import { z } from "zod";
import { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { decodeCursor, type Cursor } from "./keyset";

export const PAGE_SIZE = 50;
export const SORTS = ["newest", "verified"] as const;
export type AdminSort = (typeof SORTS)[number];

const statusValues = Object.values(ConnectionStatus) as [ConnectionStatus, ...ConnectionStatus[]];

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

export const listParamsSchema = z.object({
  q: z.preprocess(first, z.string().max(254).transform((s) => s.trim()).catch("")).default(""),
  status: z.preprocess(first, z.enum(statusValues).optional().catch(undefined)),
  sort: z.preprocess(first, z.enum(SORTS).catch("newest")).default("newest"),
  cursor: z.preprocess(first, z.string().optional().catch(undefined)),
});

export interface ListParams {
  q: string;
  status?: ConnectionStatus;
  sort: AdminSort;
  cursor: Cursor | null;
}

export type Search = { kind: "none" } | { kind: "account"; prefix: string } | { kind: "email"; prefix: string };

export function parseListParams(raw: Record<string, string | string[] | undefined>): ListParams {
  const parsed = listParamsSchema.parse(raw);
  return { q: parsed.q, status: parsed.status, sort: parsed.sort, cursor: decodeCursor(parsed.cursor, "connections") };
}

/** Digits (dashes/spaces as the console shows them) mean an account ID prefix; anything else an email prefix. */
export function classifySearch(q: string): Search {
  const trimmed = q.trim();
  if (!trimmed) return { kind: "none" };
  const digits = trimmed.replace(/[\s-]/g, "");
  if (/^\d{1,12}$/.test(digits)) return { kind: "account", prefix: digits };
  return { kind: "email", prefix: trimmed.toLowerCase() };
}

/** The params for a link, dropping defaults so URLs stay short. */
export function listHref(params: { q?: string; status?: string; sort?: AdminSort; cursor?: string }): string {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.status) search.set("status", params.status);
  if (params.sort && params.sort !== "newest") search.set("sort", params.sort);
  if (params.cursor) search.set("cursor", params.cursor);
  const query = search.toString();
  return query ? `/admin?${query}` : "/admin";
}
