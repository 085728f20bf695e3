/**
 * Benchmark 1: POST /api/sns on the production server (verification, then the
 * one accept statement: dedupe, stored request, event and pg-boss job; no
 * worker) against its floors, all driven by autocannon with distinct signed
 * Notifications at 16 and 64 connections: the verify-only floor (a bare
 * node:http server that stores nothing), the durable floor (the same server
 * plus the same statement through raw `pg`: bench/durable-floor-server.ts),
 * one `next start`, and two `next start` behind a loopback round-robin proxy.
 * Every run starts from empty request tables and the first signed body, so
 * all targets do the same work; after each, every accepted delivery must be
 * stored and queued exactly once.
 */
import { db } from "@/lib/db";
import { createSigningIdentity } from "@/sandbox/sns-signer";
import { pick, sleep } from "./support/budget";
import { forkServer, type Child } from "./support/children";
import { resetBenchDb } from "./support/database";
import { baseAppEnv, startNextServer, type NextServer } from "./support/next-server";
import type { BenchResult, Figure } from "./support/report";
import { bodySource, drive, startCertServer, toRun, type Body, type Run } from "./support/load";
import { round } from "./support/stats";
import { BENCH_TOPIC_ARN, signedRequestNotification } from "./support/sns-messages";

const CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
const externalId = (i: number) => `rl-bench-endpoint-${i}`;
const ACCOUNT_ID = "222222222222";

type Target = "floor" | "durable" | "app" | "app×2";
interface CheckedRun extends Run {
  label: Target;
  stored?: number;
  queued?: number;
  distinctJobs?: number;
}

/** Empty request tables between runs: each target starts from the same state and the same first body. */
async function clearRequests(): Promise<void> {
  await db.$executeRawUnsafe(`TRUNCATE sns_messages, cfn_requests, events`);
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'cfn-request'`);
}

async function countDurable(): Promise<{ stored: number; queued: number; distinctJobs: number }> {
  const [row] = await db.$queryRawUnsafe<Array<{ stored: number; queued: number; distinct_jobs: number }>>(`
    SELECT (SELECT count(*)::int FROM cfn_requests) AS stored,
           (SELECT count(*)::int FROM pgboss.job WHERE name = 'cfn-request') AS queued,
           (SELECT count(DISTINCT data->>'cfnRequestId')::int FROM pgboss.job WHERE name = 'cfn-request') AS distinct_jobs`);
  return { stored: row?.stored ?? 0, queued: row?.queued ?? 0, distinctJobs: row?.distinct_jobs ?? 0 };
}

export async function runSnsEndpointBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const seconds = pick(8, 3);
  const identity = await createSigningIdentity();
  const cert = await startCertServer(identity.certificatePem, CERT_PATH);
  await resetBenchDb();
  const count = pick(20_000, 4_000);
  // Each request names its own pending connection (one per customer stack), so the accept statement's lookup finds a row.
  const owner = await db.user.create({ data: { email: "endpoint@bench.test", passwordHash: "!bench-no-login" } });
  await db.$executeRaw`
    INSERT INTO connections (id, owner_id, account_id, region, external_id, status, created_at, updated_at)
    SELECT gen_random_uuid(), ${owner.id}::uuid, ${ACCOUNT_ID}, 'us-east-1', 'rl-bench-endpoint-' || g, 'pending', now(), now()
    FROM generate_series(0, ${count - 1}::int) g`;

  const children: Child[] = [];
  const apps: NextServer[] = [];
  try {
    const appEnv = {
      ...baseAppEnv(),
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      VENDOR_ACCOUNT_ID: "111111111111",
      VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/rolelink-app",
      SNS_TOPIC_ARNS: BENCH_TOPIC_ARN,
      AWS_SANDBOX_URL: cert.origin,
      TEMPLATE_URL: new URL("templates/rolelink-role.yaml", cert.origin).toString(),
      RUN_WORKER: "false",
    };
    const appStarts = [startNextServer(appEnv), startNextServer(appEnv)];
    for (const start of appStarts) start.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
    // Sign while the servers boot.
    const certUrl = new URL(CERT_PATH, cert.origin).toString();
    const bodies: Body[] = [];
    for (let i = 0; i < count; i++) {
      const message = signedRequestNotification(identity, {
        topicArn: BENCH_TOPIC_ARN,
        accountId: ACCOUNT_ID,
        externalId: externalId(i),
        certUrl,
      });
      bodies.push({ id: message.MessageId, text: JSON.stringify(message) });
      if (i % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    apps.push(...(await Promise.all(appStarts)));
    const floor = await forkServer("floor-server.ts", { env: { BENCH_CERT_PEM: identity.certificatePem } });
    children.push(floor);
    const durable = await forkServer("durable-floor-server.ts", { env: { BENCH_CERT_PEM: identity.certificatePem } });
    children.push(durable);
    const proxy = await forkServer("round-robin-proxy.ts", { env: { BENCH_UPSTREAMS: apps.map((a) => a.url).join(",") } });
    children.push(proxy);

    const urls: Record<Target, string> = {
      floor: `http://127.0.0.1:${floor.port}/`,
      durable: `http://127.0.0.1:${durable.port}/`,
      app: new URL("/api/sns", apps[0]!.url).toString(),
      "app×2": `http://127.0.0.1:${proxy.port}/api/sns`,
    };
    // Warm-up: JIT, the certificate fetch, the connection pools, pg-boss start (which creates its tables), in every process.
    for (const target of ["app", "app×2", "durable", "floor"] as const)
      await drive(urls[target], 16, pick(2, 1), bodySource(bodies), signal);

    const runs: CheckedRun[] = [];
    for (const connections of [16, 64]) {
      for (const label of ["floor", "durable", "app", "app×2"] as const) {
        if (signal.aborted) break;
        await clearRequests();
        await sleep(300);
        const source = bodySource(bodies);
        const { result, reused } = await drive(urls[label], connections, seconds, source, signal);
        const run: CheckedRun = { ...toRun(label === "floor" ? "floor" : "app", connections, result, reused), label };
        if (label !== "floor") {
          await sleep(300); // requests still in flight when autocannon stopped
          Object.assign(run, await countDurable());
        }
        runs.push(run);
      }
    }

    // A non-2xx must be explainable: what the app said about it.
    if (runs.some((r) => r.non2xx > 0))
      for (const app of apps) console.log(`  sns-endpoint: ${app.url} stderr tail:\n${app.stderrTail() || "  (empty)"}`);

    const figures: Figure[] = [];
    const find = (label: Target, connections: number) => runs.find((r) => r.label === label && r.connections === connections);
    for (const connections of [16, 64]) {
      const f = find("floor", connections);
      const d = find("durable", connections);
      if (f)
        figures.push({
          metric: `verify-only floor ${connections} conn: req/s, p99`,
          value: `${f.requestsPerSecond} / ${f.p99}`,
          unit: "req/s / ms",
        });
      if (!d) continue;
      figures.push({
        metric: `durable floor ${connections} conn: req/s (p50 / p99 ${d.p50} / ${d.p99} ms)`,
        value: d.requestsPerSecond,
        unit: "req/s",
      });
      for (const label of ["app", "app×2"] as const) {
        const a = find(label, connections);
        if (!a) continue;
        const name = label === "app" ? "/api/sns" : "/api/sns, 2 × next start + proxy";
        const ratio = a.requestsPerSecond / d.requestsPerSecond;
        const failures = a.non2xx + a.errors + a.timeouts;
        figures.push(
          {
            metric: `${name} ${connections} conn: req/s`,
            value: a.requestsPerSecond,
            unit: "req/s",
            baseline: { label: "durable floor", value: d.requestsPerSecond, unit: "req/s" },
            ratio: round(ratio, 2),
            target: "≥ 0.5 × durable floor",
            met: ratio >= 0.5,
          },
          {
            metric: `${name} ${connections} conn: p50 / p99`,
            value: `${a.p50} / ${a.p99}`,
            unit: "ms",
            baseline: { label: "durable floor p99", value: d.p99, unit: "ms" },
            ratio: round(a.p99 / Math.max(1, d.p99), 2),
            target: "p99 ≤ 3 × durable floor p99",
            met: a.p99 <= 3 * Math.max(1, d.p99),
          },
          {
            metric: `${name} ${connections} conn: non-2xx; stored = queued (distinct) ≥ 2xx`,
            value: `${failures}; ${a.stored} = ${a.queued} (${a.distinctJobs}) ≥ ${a.total - a.non2xx}`,
            target: "0; each accepted delivery stored and queued once",
            met:
              failures === 0 &&
              a.stored === a.queued &&
              a.queued === a.distinctJobs &&
              (a.stored ?? 0) >= a.total - a.non2xx - a.bodiesReused,
          },
        );
      }
    }
    return {
      name: "sns-endpoint",
      title: "POST /api/sns (verify + one accept statement with its job) against a durable floor, production build",
      durationMs: Date.now() - started,
      figures,
      details: { secondsPerRun: seconds, runs, signedBodies: bodies.length, certificateFetches: cert.fetches(), appProcesses: apps.length },
    };
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await Promise.all(children.map((c) => c.stop()));
    await new Promise<void>((resolve) => cert.server.close(() => resolve()));
  }
}
