/**
 * Readiness: 200 only when this instance can do its work, i.e. PostgreSQL
 * answers AND the job queue (pg-boss's schema in that database) is there.
 * A load balancer should route to an instance only while this is 200 (it turns
 * 503 as soon as a shutdown starts, see lib/server/shutdown.ts);
 * /api/health stays the liveness probe (restart only when the process is stuck).
 */
import { db } from "@/lib/db";
import { log, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/log";
import { isShuttingDown } from "@/lib/server/shutdown";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

type Check = { status: "ok"; latencyMs: number; schemaVersion?: number } | { status: "unreachable" | "not_installed" };

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Postgres' "undefined_table": the database answers but pg-boss never created its schema. */
function isMissingTable(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e?.meta?.code === "42P01" || e?.code === "42P01" || /42P01|does not exist/.test(e?.message ?? "");
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const started = performance.now();
  const value = await withTimeout(work());
  return { value, latencyMs: Math.round(performance.now() - started) };
}

async function checkDatabase(): Promise<Check> {
  try {
    const { latencyMs } = await timed(() => db.$queryRaw`SELECT 1`);
    return { status: "ok", latencyMs };
  } catch {
    return { status: "unreachable" };
  }
}

async function checkQueue(): Promise<Check> {
  try {
    // The table pg-boss reads at start-up: present once any worker or web process started the queue.
    const { value, latencyMs } = await timed(() => db.$queryRaw<Array<{ version: number }>>`SELECT version FROM pgboss.version`);
    const schemaVersion = Number(value[0]?.version);
    return Number.isFinite(schemaVersion) ? { status: "ok", latencyMs, schemaVersion } : { status: "not_installed" };
  } catch (error) {
    return isMissingTable(error) ? { status: "not_installed" } : { status: "unreachable" };
  }
}

export async function GET(request: Request) {
  const requestId = requestIdFrom(request.headers);
  const [database, queue] = await Promise.all([checkDatabase(), checkQueue()]);
  // Draining (SIGTERM received): healthy, but the load balancer should stop sending traffic.
  const draining = isShuttingDown();
  const ready = database.status === "ok" && queue.status === "ok" && !draining;
  if (!ready) log.with({ requestId }).warn("not ready", { database: database.status, queue: queue.status, draining });
  return Response.json(
    { status: draining ? "shutting_down" : ready ? "ready" : "not_ready", checks: { database, queue } },
    { status: ready ? 200 : 503, headers: { "Cache-Control": NO_STORE_UNCOMPRESSED, [REQUEST_ID_HEADER]: requestId } },
  );
}
