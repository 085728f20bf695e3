/**
 * Benchmark: a sign-in flood against the production build. 100 concurrent
 * sign-in loops (random emails, and 10 of them guessing at one real account)
 * while signed SNS deliveries and /api/health keep running. The baseline is
 * the same SNS and health probes without the flood, in the same run. The
 * flood comes from a process of its own (flood-client.ts), so the probes time
 * the server and not their own event loop. Reports
 * health p99, SNS p99, SNS deliveries lost, and how many guesses the real
 * email had checked against its limit.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { RULES } from "@/lib/limits/rules";
import { createSigningIdentity } from "@/sandbox/sns-signer";
import { pick, sleep } from "./support/budget";
import { resetBenchDb } from "./support/database";
import { baseAppEnv, startNextServer } from "./support/next-server";
import type { BenchResult, Figure } from "./support/report";
import { startCertServer, type Body } from "./support/load";
import { round, summarize } from "./support/stats";
import { BENCH_TOPIC_ARN, signedRequestNotification } from "./support/sns-messages";
import { randomEmail, signInAttempt, type Attempt } from "./support/sign-in-flood";
import { forkServer, type Child } from "./support/children";
import type { FloodOrder, FloodReport } from "./flood-client";

const CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
const ACCOUNT_ID = "333333333333";
const FLOOD_WORKERS = 100;
const GUESSERS = 10;
const SNS_LOOPS = 4;
/** SNS gives up on an attempt after 15 s. */
const SNS_TIMEOUT_MS = 15_000;
const HEALTH_TARGET_MS = 250;
const SNS_TARGET_MS = 1_000;

interface Probes {
  health: number[];
  healthFailed: number;
  sns: number[];
  snsLost: number;
  snsAccepted: number;
}

async function probe(appUrl: string, bodies: () => Body, until: number): Promise<Probes> {
  const result: Probes = { health: [], healthFailed: 0, sns: [], snsLost: 0, snsAccepted: 0 };
  const healthLoop = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const res = await fetch(new URL("/api/health", appUrl), { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) result.healthFailed++;
      } catch {
        result.healthFailed++;
      }
      result.health.push(performance.now() - started);
      await sleep(50);
    }
  };
  const snsLoop = async () => {
    while (performance.now() < until) {
      const body = bodies();
      const started = performance.now();
      try {
        const res = await fetch(new URL("/api/sns", appUrl), {
          method: "POST",
          headers: {
            "content-type": "text/plain; charset=UTF-8",
            "x-amz-sns-message-type": "Notification",
            "x-amz-sns-message-id": body.id,
          },
          body: body.text,
          signal: AbortSignal.timeout(SNS_TIMEOUT_MS),
        });
        await res.arrayBuffer();
        if (res.ok) result.snsAccepted++;
        else result.snsLost++;
      } catch {
        result.snsLost++;
      }
      result.sns.push(performance.now() - started);
      await sleep(20);
    }
  };
  await Promise.all([healthLoop(), ...Array.from({ length: SNS_LOOPS }, snsLoop)]);
  return result;
}

/** The flood runs in its own process (bench/flood-client.ts), so the probes here time the server, not this event loop. */
function floodFromChild(child: Child, order: FloodOrder): Promise<FloodReport> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const report = (message as { report?: FloodReport }).report;
      if (!report) return;
      child.process.off("message", onMessage);
      child.process.off("exit", onExit);
      resolve(report);
    };
    const onExit = (code: number | null) => reject(new Error(`the flood client exited with ${code}`));
    child.process.on("message", onMessage);
    child.process.once("exit", onExit);
    child.process.send({ flood: order });
  });
}

/**
 * Guesses one at a time until the email's own limit answers. A refusal by the
 * global or network limit (the flood may have used them up) is waited out.
 */
async function guessUntilLocked(appUrl: string, email: string, signal: AbortSignal): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < 60 && !signal.aborted; i++) {
    const attempt = await signInAttempt(appUrl, email, `guess-${randomBytes(6).toString("hex")}`);
    attempts.push(attempt);
    if (attempt.byEmailLimit) break;
    if (attempt.outcome === "refused-limit" || attempt.outcome === "refused-busy") await sleep(1_000);
  }
  return attempts;
}

const count = (attempts: Attempt[], outcome: Attempt["outcome"]) => attempts.filter((a) => a.outcome === outcome).length;

export async function runAttackBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const phaseMs = pick(15_000, 6_000);
  const identity = await createSigningIdentity();
  const cert = await startCertServer(identity.certificatePem, CERT_PATH);
  await resetBenchDb();
  const messages = pick(4_000, 1_500);
  const owner = await db.user.create({ data: { email: "sns-owner@bench.test", passwordHash: "!bench-no-login" } });
  await db.$executeRaw`
    INSERT INTO connections (id, owner_id, account_id, region, external_id, status, created_at, updated_at)
    SELECT gen_random_uuid(), ${owner.id}::uuid, ${ACCOUNT_ID}, 'us-east-1', 'rl-bench-attack-' || g, 'pending', now(), now()
    FROM generate_series(0, ${messages - 1}::int) g`;
  const realEmail = "victim@bench.test";
  await db.user.create({ data: { email: realEmail, passwordHash: await hashPassword(randomBytes(18).toString("base64url")) } });

  let app: Awaited<ReturnType<typeof startNextServer>> | undefined;
  let floodClient: Child | undefined;
  try {
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
    appStart.catch(() => {});
    const certUrl = new URL(CERT_PATH, cert.origin).toString();
    const bodies: Body[] = [];
    for (let i = 0; i < messages; i++) {
      const message = signedRequestNotification(identity, {
        topicArn: BENCH_TOPIC_ARN,
        accountId: ACCOUNT_ID,
        externalId: `rl-bench-attack-${i}`,
        certUrl,
      });
      bodies.push({ id: message.MessageId, text: JSON.stringify(message) });
      if (i % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    app = await appStart;
    console.log(`  app up, ${bodies.length} signed messages (${Math.round((Date.now() - started) / 1000)} s)`);
    let next = 0;
    const take = () => {
      if (next >= bodies.length) throw new Error("ran out of distinct signed SNS messages: raise `messages`");
      return bodies[next++]!;
    };

    // Warm-up: JIT, the certificate fetch, the pools, one sign-in (argon2's first run).
    await probe(app.url, take, performance.now() + 1_500);
    await signInAttempt(app.url, randomEmail(), "warm-up password");
    if (signal.aborted) throw new Error("aborted");

    // Deliveries accepted during the warm-up are stored too: compare only the measured phases.
    const storedBefore = await db.cfnRequest.count();
    const baseline = await probe(app.url, take, performance.now() + phaseMs);
    console.log(`  baseline done (${Math.round((Date.now() - started) / 1000)} s); flooding`);
    await sleep(500);
    floodClient = await forkServer("flood-client.ts");
    const until = performance.now() + phaseMs;
    const order: FloodOrder = { appUrl: app.url, realEmail, durationMs: phaseMs, workers: FLOOD_WORKERS, guessers: GUESSERS };
    const [underFlood, attack] = await Promise.all([probe(app.url, take, until), floodFromChild(floodClient, order)]);
    const storedRequests = (await db.cfnRequest.count()) - storedBefore;
    console.log(`  flood done (${Math.round((Date.now() - started) / 1000)} s)`);
    // A flood turns most guesses away as busy before any check, so the email may not be locked yet:
    // the guessing goes on alone until its limit refuses, and then exactly the limit must have been checked.
    const after = await guessUntilLocked(app.url, realEmail, signal);

    const bh = summarize(baseline.health);
    const fh = summarize(underFlood.health);
    const bs = summarize(baseline.sns);
    const fs = summarize(underFlood.sns);
    const all = [...attack.random, ...attack.guesses];
    const guesses = [...attack.guesses, ...after];
    const checkedGuesses = count(guesses, "checked") + count(guesses, "signed-in");
    const limit = RULES["signin:email"].points;
    const lost = baseline.snsLost + underFlood.snsLost;
    const accepted = baseline.snsAccepted + underFlood.snsAccepted;
    const figures: Figure[] = [
      {
        metric: "health p99 under the flood",
        value: round(fh.p99),
        unit: "ms",
        baseline: { label: "no flood p99", value: round(bh.p99), unit: "ms" },
        ratio: round(fh.p99 / bh.p99, 2),
        target: `≤ ${HEALTH_TARGET_MS} ms`,
        met: fh.p99 <= HEALTH_TARGET_MS && underFlood.healthFailed === 0,
      },
      {
        metric: "SNS p99 under the flood",
        value: round(fs.p99),
        unit: "ms",
        baseline: { label: "no flood p99", value: round(bs.p99), unit: "ms" },
        ratio: round(fs.p99 / bs.p99, 2),
        target: `≤ ${SNS_TARGET_MS} ms`,
        met: fs.p99 <= SNS_TARGET_MS,
      },
      { metric: "SNS deliveries lost (non-2xx or > 15 s)", value: lost, target: "0", met: lost === 0 },
      {
        metric: "SNS accepted = stored requests",
        value: `${accepted} = ${storedRequests}`,
        target: "equal",
        met: accepted === storedRequests,
      },
      {
        metric: `guesses checked at one real email (${attack.guesses.length} in the flood, ${after.length} after it until refused)`,
        value: checkedGuesses,
        baseline: { label: "limit", value: limit },
        target: `= ${limit}`,
        met: checkedGuesses === limit && after.at(-1)?.byEmailLimit === true,
      },
      {
        metric: "sign-in attempts: total / checked / busy 429 / limit 429 / errors",
        value: `${all.length} / ${count(all, "checked")} / ${count(all, "refused-busy")} / ${count(all, "refused-limit")} / ${count(all, "error")}`,
      },
      {
        metric: "sign-in p50 / p99",
        value: `${round(summarize(all.map((a) => a.ms)).p50)} / ${round(summarize(all.map((a) => a.ms)).p99)}`,
        unit: "ms",
      },
    ];
    return {
      name: "attack",
      title: "Sign-in flood (100 concurrent) vs SNS and health, production build",
      durationMs: Date.now() - started,
      figures,
      details: {
        phaseMs,
        floodWorkers: FLOOD_WORKERS,
        guessers: GUESSERS,
        snsLoops: SNS_LOOPS,
        baseline: { health: bh, sns: bs, healthFailed: baseline.healthFailed },
        flood: { health: fh, sns: fs, healthFailed: underFlood.healthFailed },
        guesses: guesses.length,
      },
    };
  } finally {
    await floodClient?.stop();
    await app?.stop();
    await new Promise<void>((resolve) => cert.server.close(() => resolve()));
  }
}
