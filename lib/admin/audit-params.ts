/** /admin/audit and its CSV export: the account filter and cursor from the URL, validated. */
import { z } from "zod";
import { decodeCursor, type Cursor } from "./keyset";

const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);

const schema = z.object({
  account: z.preprocess(
    first,
    z
      .string()
      .transform((s) => s.replace(/[\s-]/g, ""))
      .pipe(z.string().regex(/^\d{1,12}$/))
      .optional()
      .catch(undefined),
  ),
  cursor: z.preprocess(first, z.string().optional().catch(undefined)),
});

export function parseAuditParams(raw: Record<string, string | string[] | undefined>): { account?: string; cursor: Cursor | null } {
  const parsed = schema.parse(raw);
  return { account: parsed.account || undefined, cursor: decodeCursor(parsed.cursor, "events") };
}
