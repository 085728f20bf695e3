/**
 * Keyset (seek) pagination cursors: opaque base64url JSON of the last row's
 * sort key and id. Opaque so the URL format can change; validated with zod
 * because it comes back from the browser.
 */
import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `k` is the sort key as text: an ISO timestamp, "-infinity", a bigint id or a 12-digit account ID. */
export const cursorSchema = z.object({
  k: z.union([z.iso.datetime({ offset: true }), z.literal("-infinity"), z.string().regex(/^\d{1,19}$/)]),
  id: z.union([z.string().regex(UUID), z.string().regex(/^\d{1,19}$/)]),
  /** "prev": the page before this key (seek the other way, then reverse). */
  d: z.literal("prev").optional(),
  /** Position of the target page's first row in the list, for "51–100 of 1,234". */
  o: z.number().int().min(0).max(100_000_000).optional(),
});

export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/**
 * Which list a cursor pages: connections (uuid ids; time keys, "-infinity" for
 * never-verified; account IDs when sorted by account) or events (bigint ids; time keys). A cursor of the other list
 * would reach the database with the wrong type (a 500): it is dropped instead.
 */
export type CursorList = "connections" | "connections-by-account" | "events";

function fitsList(cursor: Cursor, list: CursorList): boolean {
  const timeKey = cursor.k === "-infinity" || !/^\d+$/.test(cursor.k);
  // Sorted by account, the key is an account ID (compared as text); by time, a timestamp.
  if (list === "connections-by-account") return UUID.test(cursor.id) && /^\d{12}$/.test(cursor.k);
  if (list === "connections") return UUID.test(cursor.id) && timeKey;
  return /^\d{1,19}$/.test(cursor.id) && cursor.k !== "-infinity" && timeKey && BigInt(cursor.id) <= 9223372036854775807n;
}

/** null for anything that is not a cursor we issued for this list (the page then starts over). */
export function decodeCursor(value: string | undefined | null, list: CursorList): Cursor | null {
  if (!value || value.length > 512 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success && fitsList(parsed.data, list) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Timestamps as the cursor stores them (millisecond precision, like the columns). */
export function timeKey(date: Date | null): string {
  return date ? date.toISOString() : "-infinity";
}
