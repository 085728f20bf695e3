/**
 * Benchmark 3: fleet verification (lib/admin/verify-fleet.ts, each account
 * through verifyConnection → proveAccess: AssumeRole + GetCallerIdentity over
 * HTTP with the AWS SDK) of 10,000 connected accounts against a loopback STS
 * stand-in that answers every call after 100 ms. Baseline: concurrency 1 on
 * 200 accounts, extrapolated to the fleet. Memory sampled throughout.
 */
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { runFleetVerification } from "@/lib/connections/verification/verify-fleet";
import { verifyConnection, type VerifyOutcome } from "@/lib/connections/verification/verify-connection";
import { pick, QUICK } from "./support/budget";
import { forkServer } from "./support/children";
import { FLEET_ACCESS_KEY, fleetAccount, fleetExternalId, fleetRoleArn } from "./support/fleet-accounts";
import type { BenchResult } from "./support/report";
import { MB, round, sampleMemory } from "./support/stats";

const STS_DELAY_MS = 100;

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

/** runFleetVerification with the real verifier, cut short (remaining accounts skipped) at the deadline. */
async function fleetRun(concurrency: number, deadline: number) {
  let skipped = 0;
  const verify = (connectionId: string): Promise<VerifyOutcome> => {
    if (Date.now() > deadline) {
      skipped++;
      return Promise.resolve({ ok: false, code: "bench_deadline", message: "skipped: benchmark budget reached" });
    }
    return verifyConnection({ connectionId, actor: { kind: "system" }, reason: "fleet" });
  };
  const started = performance.now();
  const result = await runFleetVerification({ trigger: "bench", actor: { kind: "system" }, reason: "fleet", concurrency, verify });
  const ms = performance.now() - started;
  return { ...result, ms, skipped, verified: result.total - skipped };
}

export async function runFleetBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const total = pick(10_000, 1_000);
  const baselineCount = pick(200, 20);
  const concurrency = Number(process.env.BENCH_FLEET_CONCURRENCY ?? "64");
  const fleetBudgetMs = pick(100_000, 12_000);

  const sts = await forkServer("sts-stub.ts", { env: { BENCH_STS_ROLES: String(total), BENCH_STS_DELAY_MS: String(STS_DELAY_MS) } });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${sts.port}/sts`,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: FLEET_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: "bench-secret-not-a-real-key",
  });
  try {
    const owner = await db.user.create({ data: { email: "fleet@bench.test", passwordHash: "!bench-no-login" } });
    await insertAccounts(owner.id, 0, baselineCount);
    const baseline = await fleetRun(1, Date.now() + pick(60_000, 8_000));
    if (signal.aborted) throw new Error("aborted");
    const perAccountMs = baseline.ms / Math.max(1, baseline.verified);
    const extrapolatedMs = perAccountMs * total;

    await insertAccounts(owner.id, baselineCount, total);
    await db.$executeRawUnsafe("ANALYZE connections");
    const memory = sampleMemory(100, 2_000);
    const fleet = await fleetRun(concurrency, Date.now() + fleetBudgetMs);
    const samples = memory.stop();
    const peakRss = Math.max(...samples.map((s) => s.rss));
    const retained = samples.filter((s) => s.retained !== undefined).map((s) => ({ t: s.t, mb: round((s.retained ?? 0) / MB, 1) }));
    const retainedStart = retained[0]?.mb ?? 0;
    const retainedEnd = retained.at(-1)?.mb ?? 0;
    const retainedPeak = Math.max(...retained.map((r) => r.mb));
    const complete = fleet.skipped === 0;
    const wallMs = complete ? fleet.ms : (fleet.ms / Math.max(1, fleet.verified)) * total;

    return {
      name: "fleet",
      title: `Fleet verification of ${total.toLocaleString("en")} accounts, STS answering after ${STS_DELAY_MS} ms`,
      durationMs: Date.now() - started,
      figures: [
        {
          metric: `concurrency 1: ${baseline.verified} accounts`,
          value: round(baseline.ms / 1000, 1),
          unit: `s (${round(perAccountMs, 0)} ms/account)`,
        },
        {
          metric: `concurrency ${concurrency}: ${total.toLocaleString("en")} accounts${complete ? "" : ` (${fleet.verified} in budget, extrapolated)`}`,
          value: round(wallMs / 1000, 1),
          unit: "s",
          baseline: { label: "concurrency 1, extrapolated", value: round(extrapolatedMs / 1000, 0), unit: "s" },
          ratio: round(extrapolatedMs / wallMs, 1),
          // The target is for 10,000 accounts: a quick run's smaller fleet says nothing about it.
          ...(QUICK ? {} : { target: "≤ 30 s", met: complete && wallMs <= 30_000 }),
        },
        { metric: "verified OK / failed", value: `${fleet.succeeded} / ${fleet.failed - fleet.skipped}`, target: "all OK", met: fleet.succeeded === fleet.verified },
        {
          metric: "heap retained after GC: start → peak → end",
          value: `${retainedStart} → ${retainedPeak} → ${retainedEnd}`,
          unit: "MB",
          target: "flat (end − start < 32 MB)",
          met: retainedEnd - retainedStart < 32,
        },
        {
          metric: "peak RSS during the run",
          value: round(peakRss / MB, 0),
          unit: "MB",
          baseline: { label: "RSS before", value: round((samples[0]?.rss ?? 0) / MB, 0), unit: "MB" },
          ratio: round(peakRss / (samples[0]?.rss ?? peakRss), 2),
        },
      ],
      details: {
        concurrency,
        stsDelayMs: STS_DELAY_MS,
        baseline: { accounts: baseline.verified, ms: round(baseline.ms, 0), perAccountMs: round(perAccountMs, 1), extrapolatedMs: round(extrapolatedMs, 0) },
        fleet: { total: fleet.total, verified: fleet.verified, skipped: fleet.skipped, succeeded: fleet.succeeded, ms: round(fleet.ms, 0) },
        accountsPerSecond: round((fleet.verified / fleet.ms) * 1000, 1),
        retainedHeapMb: retained,
        rssMb: samples.filter((_, i) => i % 10 === 0).map((s) => ({ t: s.t, mb: round(s.rss / MB, 0) })),
      },
    };
  } finally {
    for (const key of ["AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await sts.stop();
  }
}
