/**
 * Benchmark 3: fleet verification of 10,000 connected accounts against a
 * loopback STS stand-in that answers every call after 100 ms, through the
 * real path: a run queued by startFleetRun, split into pg-boss chunk jobs,
 * each account proven with the AWS SDK (AssumeRole over HTTP, the account
 * read from the session ARN: proveAssumable) and outcomes written per batch. Measured with the chunk workers in
 * this process (memory sampled here), then again with two worker processes
 * sharing the run. Baseline in the same run: concurrency 1 over a few hundred
 * accounts, extrapolated to the fleet.
 */
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { getBoss, QUEUES, stopBoss } from "@/lib/jobs/boss";
import { CHUNKS_PER_PROCESS, registerFleetChunkWorkers, startFleetRun } from "@/lib/connections/verification/fleet-jobs";
import { runFleetVerification } from "@/lib/connections/verification/verify-fleet";
import { pick, QUICK, sleep } from "./support/budget";
import { forkServer, type Child } from "./support/children";
import { FLEET_ACCESS_KEY, fleetAccount, fleetExternalId, fleetRoleArn } from "./support/fleet-accounts";
import type { BenchResult, Figure } from "./support/report";
import { MB, round, sampleMemory } from "./support/stats";

const STS_DELAY_MS = 100;
const TARGET_MS = 30_000;

async function insertAccounts(ownerId: string, from: number, to: number): Promise<void> {
  // One statement, as the dashboard seed does; names match bench/support/fleet-accounts.ts.
  const first = Number(fleetAccount(0));
  await db.$executeRaw(Prisma.sql`
    INSERT INTO connections (id, owner_id, account_id, region, external_id, status, role_arn, connected_at, created_at, updated_at)
    SELECT gen_random_uuid(), ${ownerId}::uuid, (${first}::bigint + g)::text, 'us-east-1', 'rl-bench-fleet-' || g, 'connected',
           'arn:aws:iam::' || (${first}::bigint + g)::text || ':role/rolelink-bench', now(), now(), now()
    FROM generate_series(${from}::int, ${to - 1}::int) g`);
  // Keep the TypeScript names and the SQL names in step.
  const [check] = await db.$queryRaw<Array<{ role_arn: string; external_id: string }>>`
    SELECT role_arn, external_id FROM connections WHERE account_id = ${fleetAccount(from)}`;
  if (check?.role_arn !== fleetRoleArn(fleetAccount(from)) || check.external_id !== fleetExternalId(from)) {
    throw new Error("fleet seed and STS stand-in disagree on account names");
  }
}

interface QueuedRun {
  ms: number;
  done: number;
  succeeded: number;
  total: number;
  finished: boolean;
  /** Accounts with exactly one verification event in this run, and the events in all. */
  verifiedOnce: number;
  events: number;
}

/** Queues a run the way the scheduler does and waits for its chunks to finish (or the deadline). */
async function queuedRun(deadline: number, signal: AbortSignal): Promise<QueuedRun> {
  const boss = await getBoss();
  const since = new Date();
  const started = performance.now();
  const runId = await startFleetRun(boss, { trigger: "bench" });
  if (!runId) throw new Error("a fleet run was already in progress");
  let run = await db.verifyRun.findUniqueOrThrow({ where: { id: runId } });
  let lastReport = Date.now();
  while (!run.finishedAt && Date.now() < deadline && !signal.aborted) {
    await sleep(100);
    run = await db.verifyRun.findUniqueOrThrow({ where: { id: runId } });
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      console.log(`  fleet: … ${run.done} of ${run.total}`);
    }
  }
  const ms = performance.now() - started;
  // What is left of an unfinished run must not run on into the next measurement.
  if (!run.finishedAt) {
    const states = await db.$queryRawUnsafe<Array<{ state: string; n: number }>>(
      `SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = '${QUEUES.verifyFleetChunk}' GROUP BY state`,
    );
    console.log(`  fleet: run unfinished; chunk jobs: ${states.map((s) => `${s.state} ${s.n}`).join(", ")}`);
  }
  if (!run.finishedAt) await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = '${QUEUES.verifyFleetChunk}' AND state = 'created'`);
  const [counts] = await db.$queryRaw<Array<{ once: number; events: number }>>`
    SELECT count(*) FILTER (WHERE n = 1)::int AS once, coalesce(sum(n), 0)::int AS events FROM (
      SELECT connection_id, count(*) AS n FROM events
      WHERE kind IN ('verify.succeeded', 'verify.failed') AND actor = 'system' AND created_at >= ${since}
      GROUP BY connection_id) per_account`;
  return {
    ms,
    done: run.done,
    succeeded: run.succeeded,
    total: run.total,
    finished: Boolean(run.finishedAt),
    verifiedOnce: counts?.once ?? 0,
    events: counts?.events ?? 0,
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

function askCpu(child: Child): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.process.off("message", onMessage);
      resolve(cpuMs(cpu));
    };
    child.process.on("message", onMessage);
    child.process.send("cpu");
  });
}

function runFigures(label: string, run: QueuedRun, total: number, cpuPerAccountMs: number, extrapolatedMs: number): Figure[] {
  const wallMs = run.finished ? run.ms : (run.ms / Math.max(1, run.done)) * total;
  return [
    {
      metric: `${label}: ${total.toLocaleString("en")} accounts${run.finished ? "" : ` (${run.done} in budget, extrapolated)`}`,
      value: round(wallMs / 1000, 1),
      unit: "s",
      baseline: { label: "concurrency 1, extrapolated", value: round(extrapolatedMs / 1000, 0), unit: "s" },
      ratio: round(extrapolatedMs / wallMs, 1),
      // The target is for 10,000 accounts: a quick run's smaller fleet says nothing about it.
      ...(QUICK ? {} : { target: "≤ 30 s", met: run.finished && wallMs <= TARGET_MS }),
    },
    { metric: `${label}: accounts/s`, value: round((run.done / run.ms) * 1000, 0), unit: "accounts/s" },
    { metric: `${label}: our CPU per account`, value: round(cpuPerAccountMs, 2), unit: "ms" },
    {
      metric: `${label}: verified exactly once / OK`,
      value: `${run.verifiedOnce} (${run.events} events) / ${run.succeeded}`,
      target: "each account once, all OK",
      met: run.finished && run.verifiedOnce === total && run.events === total && run.succeeded === total,
    },
  ];
}

export async function runFleetBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const total = pick(10_000, 1_000);
  const baselineCount = pick(100, 20);
  const concurrency = Number(process.env.BENCH_FLEET_CONCURRENCY ?? "64");
  const perChunk = Math.max(1, Math.ceil(concurrency / CHUNKS_PER_PROCESS));
  const runBudgetMs = pick(60_000, 40_000);

  const sts = await forkServer("sts-stub.ts", { env: { BENCH_STS_ROLES: String(total), BENCH_STS_DELAY_MS: String(STS_DELAY_MS) } });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${sts.port}/sts`,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: FLEET_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: "bench-secret-not-a-real-key",
    LOG_LEVEL: "warn",
  });
  const workers: Child[] = [];
  try {
    const owner = await db.user.create({ data: { email: "fleet@bench.test", passwordHash: "!bench-no-login" } });
    await insertAccounts(owner.id, 0, baselineCount);
    const baselineStarted = performance.now();
    const baseline = await runFleetVerification({ trigger: "bench-baseline", actor: { kind: "system" }, reason: "fleet", concurrency: 1 });
    const baselineMs = performance.now() - baselineStarted;
    if (signal.aborted) throw new Error("aborted");
    const perAccountMs = baselineMs / Math.max(1, baseline.total);
    console.log(`  fleet: baseline ${baseline.total} accounts at concurrency 1 in ${round(baselineMs / 1000, 1)} s`);
    const extrapolatedMs = perAccountMs * total;

    await insertAccounts(owner.id, baselineCount, total);
    await db.$executeRawUnsafe("ANALYZE connections");

    // One process: the chunk workers in this one, memory sampled here.
    const boss = await getBoss();
    await registerFleetChunkWorkers(boss, { concurrency: perChunk });
    const memory = sampleMemory(100, 2_000);
    const cpuBefore = process.cpuUsage();
    const single = await queuedRun(Date.now() + runBudgetMs, signal);
    const singleCpu = cpuMs(process.cpuUsage(cpuBefore)) / Math.max(1, single.done);
    const samples = memory.stop();
    await boss.offWork(QUEUES.verifyFleetChunk);
    console.log(`  fleet: 1 process: ${single.done} of ${total} in ${round(single.ms / 1000, 1)} s`);

    // Two worker processes share the next run; this process only queues it and watches.
    let double: QueuedRun | undefined;
    let doubleCpu = 0;
    if (!signal.aborted) {
      for (let i = 0; i < 2; i++)
        workers.push(await forkServer("fleet-worker.ts", { env: { BENCH_FLEET_CHUNK_CONCURRENCY: String(perChunk) } }));
      const before = await Promise.all(workers.map(askCpu));
      double = await queuedRun(Date.now() + runBudgetMs, signal);
      const after = await Promise.all(workers.map(askCpu));
      console.log(`  fleet: 2 processes: ${double.done} of ${total} in ${round(double.ms / 1000, 1)} s`);
      doubleCpu = after.reduce((sum, ms, i) => sum + ms - (before[i] ?? 0), 0) / Math.max(1, double.done);
    }

    const peakRss = Math.max(...samples.map((s) => s.rss));
    const retained = samples.filter((s) => s.retained !== undefined).map((s) => ({ t: s.t, mb: round((s.retained ?? 0) / MB, 1) }));
    const retainedStart = retained[0]?.mb ?? 0;
    const retainedEnd = retained.at(-1)?.mb ?? 0;
    const retainedPeak = Math.max(...retained.map((r) => r.mb));

    const figures: Figure[] = [
      {
        metric: `concurrency 1: ${baseline.total} accounts`,
        value: round(baselineMs / 1000, 1),
        unit: `s (${round(perAccountMs, 0)} ms/account)`,
      },
      ...runFigures(`1 process, concurrency ${concurrency}`, single, total, singleCpu, extrapolatedMs),
      ...(double ? runFigures(`2 worker processes, concurrency ${concurrency} each`, double, total, doubleCpu, extrapolatedMs) : []),
      {
        metric: "1 process: heap retained after GC: start → peak → end",
        value: `${retainedStart} → ${retainedPeak} → ${retainedEnd}`,
        unit: "MB",
        target: "growth (end − start) < 32 MB",
        met: retainedEnd - retainedStart < 32,
      },
      {
        metric: "1 process: peak RSS during the run",
        value: round(peakRss / MB, 0),
        unit: "MB",
        baseline: { label: "RSS before", value: round((samples[0]?.rss ?? 0) / MB, 0), unit: "MB" },
        ratio: round(peakRss / (samples[0]?.rss ?? peakRss), 2),
      },
    ];
    return {
      name: "fleet",
      title: `Fleet verification of ${total.toLocaleString("en")} accounts, STS answering after ${STS_DELAY_MS} ms`,
      durationMs: Date.now() - started,
      figures,
      details: {
        concurrency,
        chunkConcurrency: perChunk,
        stsDelayMs: STS_DELAY_MS,
        baseline: {
          accounts: baseline.total,
          ms: round(baselineMs, 0),
          perAccountMs: round(perAccountMs, 1),
          extrapolatedMs: round(extrapolatedMs, 0),
        },
        oneProcess: { ...single, ms: round(single.ms, 0), cpuMsPerAccount: round(singleCpu, 2) },
        twoProcesses: double ? { ...double, ms: round(double.ms, 0), cpuMsPerAccount: round(doubleCpu, 2) } : null,
        retainedHeapMb: retained,
        rssMb: samples.filter((_, i) => i % 10 === 0).map((s) => ({ t: s.t, mb: round(s.rss / MB, 0) })),
      },
    };
  } finally {
    for (const key of ["AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LOG_LEVEL"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await Promise.all(workers.map((w) => w.stop()));
    await stopBoss({ graceful: false, timeoutMs: 5_000 });
    await sts.stop();
  }
}
