/**
 * The /admin table's URL search params, validated: anything unexpected falls
 * back to a default instead of an error page (URLs get edited by hand). The URL
 * is the one filter state shared by the status tiles, the drop-down, the
 * search box, the sortable headers, the page size and the CSV export.
 */
import { z } from "zod";
import { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { decodeCursor, type Cursor } from "./keyset";

export const PAGE_SIZES = [25, 50, 100] as const;
export const PAGE_SIZE = 50;
/** "newest" is the creation time (kept as the value older links use). */
export const SORTS = ["newest", "verified", "account"] as const;
export type AdminSort = (typeof SORTS)[number];
export type SortDir = "asc" | "desc";

/** The direction a column sorts in when its header is first clicked. */
export const DEFAULT_DIR: Record<AdminSort, SortDir> = { newest: "desc", verified: "desc", account: "asc" };

/** Below three characters trigrams cannot help: such searches stay prefix searches. */
export const MIN_SUBSTRING = 3;

const statusValues = Object.values(ConnectionStatus) as [ConnectionStatus, ...ConnectionStatus[]];

const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);

export const listParamsSchema = z.object({
  q: z
    .preprocess(
      first,
      z
        .string()
        .max(254)
        .transform((s) => s.trim())
        .catch(""),
    )
    .default(""),
  status: z.preprocess(first, z.enum(statusValues).optional().catch(undefined)),
  sort: z.preprocess(first, z.enum(SORTS).catch("newest")).default("newest"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).optional().catch(undefined)),
  size: z
    .preprocess(
      first,
      z.coerce
        .number()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
        .catch(PAGE_SIZE),
    )
    .default(PAGE_SIZE),
  cursor: z.preprocess(first, z.string().optional().catch(undefined)),
  /** "outdated": stacks that reported an older template version than the current one. */
  template: z.preprocess(first, z.enum(["outdated"]).optional().catch(undefined)),
  /** "members": accounts connected through any organization; "single": the others; a UUID: one organization link's accounts. */
  org: z.preprocess(
    first,
    z
      .union([z.enum(["members", "single"]), z.uuid()])
      .optional()
      .catch(undefined),
  ),
});

export type OrganizationFilter = "members" | "single" | (string & {});

export interface ListParams {
  q: string;
  status?: ConnectionStatus;
  template?: "outdated";
  org?: OrganizationFilter;
  sort: AdminSort;
  dir: SortDir;
  size: number;
  cursor: Cursor | null;
}

export type Search =
  { kind: "none" } | { kind: "account"; prefix: string } | { kind: "email"; prefix: string } | { kind: "contains"; needle: string };

export function parseListParams(raw: Record<string, string | string[] | undefined>): ListParams {
  const parsed = listParamsSchema.parse(raw);
  return {
    q: parsed.q,
    status: parsed.status,
    template: parsed.template,
    org: parsed.org,
    sort: parsed.sort,
    dir: parsed.dir ?? DEFAULT_DIR[parsed.sort],
    size: parsed.size,
    cursor: decodeCursor(parsed.cursor, parsed.sort === "account" ? "connections-by-account" : "connections"),
  };
}

/**
 * Three characters or more: a substring of the account ID, the role ARN or the
 * customer's email (an account ID typed with dashes or spaces, as the console
 * shows it, is searched as digits). Shorter: an account ID or email prefix.
 */
export function classifySearch(q: string): Search {
  const trimmed = q.trim();
  if (!trimmed) return { kind: "none" };
  const digits = trimmed.replace(/[\s-]/g, "");
  const isAccount = /^\d{1,12}$/.test(digits);
  const needle = isAccount ? digits : trimmed.toLowerCase();
  if (needle.length >= MIN_SUBSTRING) return { kind: "contains", needle };
  return isAccount ? { kind: "account", prefix: digits } : { kind: "email", prefix: needle };
}

export interface ListState {
  q?: string;
  status?: string;
  template?: "outdated";
  org?: OrganizationFilter;
  sort?: AdminSort;
  dir?: SortDir;
  size?: number;
  cursor?: string;
}

/** The list's query string, dropping defaults so URLs stay short. */
export function listQuery(params: ListState): URLSearchParams {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.status) search.set("status", params.status);
  if (params.template) search.set("template", params.template);
  if (params.org) search.set("org", params.org);
  const sort = params.sort ?? "newest";
  if (sort !== "newest") search.set("sort", sort);
  if (params.dir && params.dir !== DEFAULT_DIR[sort]) search.set("dir", params.dir);
  if (params.size && params.size !== PAGE_SIZE) search.set("size", String(params.size));
  if (params.cursor) search.set("cursor", params.cursor);
  return search;
}

export function listHref(params: ListState, path = "/admin"): string {
  const query = listQuery(params).toString();
  return query ? `${path}?${query}` : path;
}

/** The filter state of a page without its position: what tiles, headers and the export keep. */
export function filterState(params: ListParams): ListState {
  return {
    q: params.q || undefined,
    status: params.status,
    template: params.template,
    org: params.org,
    sort: params.sort,
    dir: params.dir,
    size: params.size,
  };
}
