/**
 * A CSV export as a streamed download: the header line first, then each batch
 * the read yields, written as it arrives (an export of 100k rows never sits in
 * memory). Both admin exports use it.
 */
import { csvLine } from "./csv";
import { log } from "@/lib/log";

export function csvDownload<Row>(input: {
  header: readonly string[];
  batches: AsyncIterator<Row[]>;
  line: (row: Row) => string;
  /** Without the date and extension: "rolelink-audit-all". */
  filename: string;
  /** Names the export in the log if a batch fails. */
  what: string;
}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(input.header)));
    },
    async pull(controller) {
      try {
        const next = await input.batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(input.line).join("")));
      } catch (error) {
        log.error(`${input.what} export failed`, { error });
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${input.filename}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
