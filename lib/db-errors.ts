/** Tells database outages (retry later) from bugs. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
  "53300",
  "08006",
  "08001",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

export function isTransientError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
    if (
      typeof e.message === "string" &&
      /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|terminating connection|Can't reach database|DatabaseNotReachable|ConnectionClosed/i.test(
        e.message,
      )
    )
      return true;
    if (typeof e.kind === "string" && /DatabaseNotReachable|ConnectionClosed|SocketTimeout/.test(e.kind)) return true;
    current = e.cause;
  }
  return false;
}
