/**
 * Benchmark 1: POST /api/sns on the production server (verification, the
 * MessageId dedupe insert, the stored request and the job enqueue; no worker)
 * against the floor server, both driven by autocannon with distinct signed
 * Notifications at 16 and 64 connections.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { enqueueCfnRequest } from "@/lib/connections/stack-requests/enqueue";
import { receiveSnsMessage } from "@/lib/connections/stack-requests/receive-sns-message";
import { verifySnsMessage } from "@/lib/sns/verify";
import { createSigningIdentity } from "@/sandbox/sns-signer";
import { pick, sleep } from "./support/budget";
import { forkServer } from "./support/children";
import { resetBenchDb } from "./support/database";
import { baseAppEnv, startNextServer } from "./support/next-server";
import type { BenchResult, Figure } from "./support/report";
import { bodySource, drive, startCertServer, toRun, type Body, type BodySource, type Run } from "./support/load";
import { round } from "./support/stats";
import { BENCH_TOPIC_ARN, signedRequestNotification } from "./support/sns-messages";

const CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
const externalId = (i: number) => `rl-bench-endpoint-${i}`;
const ACCOUNT_ID = "222222222222";

/** ops/s of `op` run by 16 concurrent callers for about `ms`. */
async function concurrentOps(ms: number, op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const deadline = started + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < deadline) {
        await op();
        done++;
      }
    }),
  );
  return Math.round((done / (performance.now() - started)) * 1000);
}

/**
 * Where the endpoint's time goes, measured in this process without HTTP or
 * Next: the route's own calls (verifySnsMessage, then receiveSnsMessage: the
 * dedupe/accept transaction and the enqueue), the enqueue alone, and Prisma's
 * floor (SELECT 1), each with 16 concurrent callers like the 16-connection run.
 */
async function decompose(source: BodySource, pem: string, sandboxUrl: string, ms: number) {
  const fetchCertificate = () => Promise.resolve(pem);
  const handle = async () => {
    const message = await verifySnsMessage(JSON.parse(source.take().text), { fetchCertificate, allowedTopics: [BENCH_TOPIC_ARN], sandboxUrl });
    await receiveSnsMessage(message);
  };
  await concurrentOps(300, handle); // warm-up: pg-boss starts in this process, the pool fills
  const verifyAndHandle = await concurrentOps(ms, handle);
  const enqueueOnly = await concurrentOps(ms, () => enqueueCfnRequest({ id: randomUUID(), connectionId: null, claimedAccount: null }));
  const prismaSelect1 = await concurrentOps(ms, () => db.$queryRaw`SELECT 1`);
  await stopBoss({ graceful: false, timeoutMs: 5_000 });
  return { verifyAndHandle, enqueueOnly, prismaSelect1, concurrency: 16, ms };
}

export async function runSnsEndpointBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const seconds = pick(15, 3);
  const identity = await createSigningIdentity();
  const cert = await startCertServer(identity.certificatePem, CERT_PATH);
  await resetBenchDb();
  const count = pick(30_000, 5_000);
  // Each request names its own pending connection (one per customer stack), so the accept transaction's lookup finds a row.
  const owner = await db.user.create({ data: { email: "endpoint@bench.test", passwordHash: "!bench-no-login" } });
  await db.$executeRaw`
    INSERT INTO connections (id, owner_id, account_id, region, external_id, status, created_at, updated_at)
    SELECT gen_random_uuid(), ${owner.id}::uuid, ${ACCOUNT_ID}, 'us-east-1', 'rl-bench-endpoint-' || g, 'pending', now(), now()
    FROM generate_series(0, ${count - 1}::int) g`;

  let floor: Awaited<ReturnType<typeof forkServer>> | undefined;
  let app: Awaited<ReturnType<typeof startNextServer>> | undefined;
  try {
    floor = await forkServer("floor-server.ts", { env: { BENCH_CERT_PEM: identity.certificatePem } });
    const appStart = startNextServer({
      ...baseAppEnv(),
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      VENDOR_ACCOUNT_ID: "111111111111",
      VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/rolelink-app",
      SNS_TOPIC_ARNS: BENCH_TOPIC_ARN,
      AWS_SANDBOX_URL: cert.origin,
      TEMPLATE_URL: new URL("templates/rolelink-role.yaml", cert.origin).toString(),
      RUN_WORKER: "false",
    });
    appStart.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
    // Sign while the server boots (it has the other core).
    const certUrl = new URL(CERT_PATH, cert.origin).toString();
    const bodies: Body[] = [];
    for (let i = 0; i < count; i++) {
      const message = signedRequestNotification(identity, { topicArn: BENCH_TOPIC_ARN, accountId: ACCOUNT_ID, externalId: externalId(i), certUrl });
      bodies.push({ id: message.MessageId, text: JSON.stringify(message) });
      if (i % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    app = await appStart;

    const appUrl = new URL("/api/sns", app.url).toString();
    const floorUrl = `http://127.0.0.1:${floor.port}/`;
    const appBodies = bodySource(bodies);
    const floorBodies = bodySource(bodies);
    // Warm-up: JIT, the certificate fetch, the connection pools, pg-boss start.
    await drive(appUrl, 16, pick(3, 1), appBodies, signal);
    await drive(floorUrl, 16, 1, floorBodies, signal);

    const runs: Run[] = [];
    for (const connections of [16, 64]) {
      if (signal.aborted) break;
      const f = await drive(floorUrl, connections, seconds, floorBodies, signal);
      runs.push(toRun("floor", connections, f.result, 0));
      await sleep(500);
      const a = await drive(appUrl, connections, seconds, appBodies, signal);
      runs.push(toRun("app", connections, a.result, a.reused));
      await sleep(500);
    }
    // Every 2xx "accepted" must have left a stored request and a queued job (counted before the in-process step adds more).
    const [stored, jobs] = await Promise.all([
      db.cfnRequest.count(),
      db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'cfn-request'`),
    ]);
    const queued = Number(jobs[0]?.n ?? 0);
    const answered2xx = runs.filter((r) => r.target === "app").reduce((sum, r) => sum + r.total - r.non2xx, 0);
    const decomposition = signal.aborted ? undefined : await decompose(appBodies, identity.certificatePem, cert.origin, pick(2_000, 600));

    const figures: Figure[] = [];
    for (const connections of [16, 64]) {
      const f = runs.find((r) => r.target === "floor" && r.connections === connections);
      const a = runs.find((r) => r.target === "app" && r.connections === connections);
      if (!f || !a) continue;
      const ratio = a.requestsPerSecond / f.requestsPerSecond;
      figures.push(
        { metric: `floor ${connections} conn: req/s`, value: f.requestsPerSecond, unit: "req/s" },
        {
          metric: `/api/sns ${connections} conn: req/s`,
          value: a.requestsPerSecond,
          unit: "req/s",
          baseline: { label: "floor", value: f.requestsPerSecond, unit: "req/s" },
          ratio: round(ratio, 3),
          target: "≥ 0.25 × floor (stretch 0.5)",
          met: ratio >= 0.25,
        },
        {
          metric: `/api/sns ${connections} conn: p50 / p99`,
          value: `${a.p50} / ${a.p99}`,
          unit: "ms",
          baseline: { label: "floor p99", value: f.p99, unit: "ms" },
          ...(connections === 64 ? { target: "p99 ≤ 50 ms", met: a.p99 <= 50 } : {}),
        },
        {
          metric: `/api/sns ${connections} conn: non-2xx`,
          value: a.non2xx + a.errors + a.timeouts,
          target: "0",
          met: a.non2xx + a.errors + a.timeouts === 0,
        },
      );
    }
    figures.push({
      metric: "stored requests = queued jobs",
      value: `${stored.toLocaleString("en")} = ${queued.toLocaleString("en")}`,
      target: "equal, ≥ 2xx answers",
      met: stored === queued && stored >= answered2xx,
    });
    if (decomposition) {
      figures.push(
        { metric: "same path in process, no HTTP (16 concurrent)", value: decomposition.verifyAndHandle, unit: "ops/s" },
        { metric: "  enqueue alone (pg-boss send), in process", value: decomposition.enqueueOnly, unit: "ops/s" },
        { metric: "  Prisma SELECT 1, in process", value: decomposition.prismaSelect1, unit: "ops/s" },
      );
    }
    return {
      name: "sns-endpoint",
      title: "POST /api/sns (verify + dedupe insert + enqueue), production build",
      durationMs: Date.now() - started,
      figures,
      details: {
        secondsPerRun: seconds,
        runs,
        signedBodies: bodies.length,
        certificateFetches: cert.fetches(),
        decomposition,
        storedRequests: stored,
        enqueuedJobs: queued,
        answered2xxInTimedRuns: answered2xx,
      },
    };
  } finally {
    await app?.stop();
    await floor?.stop();
    await new Promise<void>((resolve) => cert.server.close(() => resolve()));
  }
}
