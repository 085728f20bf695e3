/** Liveness with a database ping: 200 when PostgreSQL answers, 503 when it does not. */
import { db } from "@/lib/db";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";

export const dynamic = "force-dynamic";

const DB_TIMEOUT_MS = 2_000;

export async function GET() {
  const started = performance.now();
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), DB_TIMEOUT_MS))]);
    const latencyMs = Math.round(performance.now() - started);
    return Response.json({ status: "ok", database: { status: "ok", latencyMs } }, { headers: noStore });
  } catch {
    return Response.json({ status: "error", database: { status: "unreachable" } }, { status: 503, headers: noStore });
  }
}

const noStore = { "Cache-Control": NO_STORE_UNCOMPRESSED };
