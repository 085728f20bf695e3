/**
 * Benchmark 6: onboarding latency in the sandbox. The local stack (embedded
 * PostgreSQL + the AWS sandbox, scripts/local-stack.ts) and the production
 * server with its worker; for each of 20 customers, startConnection (the
 * External ID and SNS publish access), then CreateStack through the sandbox
 * API with the launch parameters. Measured from the custom resource request's
 * publish (the sandbox's CREATE_IN_PROGRESS event for it) to the connection's
 * connected_at and to the response's arrival (its CREATE_COMPLETE event).
 * Then, on the same stack and server, the customer's page in a browser
 * (./live-page.ts): CloudFormation complete → the page paints Connected.
 */
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { launchDetails } from "@/lib/connections/launch";
import { startConnection } from "@/lib/connections/start-connection";
import { freePort } from "@/scripts/embedded-db";
import { startLocalStack } from "@/scripts/local-stack";
import { randomBytes } from "node:crypto";
import { launchBrowser, measureLivePage, paintedEveryStep, type LiveSample } from "./live-page";
import { sessionCookie } from "./support/session-cookie";
import { pick, sleep } from "./support/budget";
import { baseAppEnv, startNextServer } from "./support/next-server";
import type { BenchResult, Figure } from "./support/report";
import { summarize } from "./support/stats";
import { endLocalStackRun } from "./support/local-stack-run";

const LOGICAL_ID = "PhoneHome";

const stackSchema = z.object({
  stackId: z.string(),
  status: z.string(),
  failureReason: z.string().optional(),
  events: z.array(z.object({ timestamp: z.string(), logicalResourceId: z.string(), status: z.string() })),
});

async function sandboxJson(url: URL, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`sandbox ${init?.method ?? "GET"} ${url.pathname}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitFor<T>(what: string, timeoutMs: number, signal: AbortSignal, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal.aborted) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Sample {
  accountId: string;
  toConnectedMs: number;
  toResponseMs: number;
  assumeMs: number;
  acceptedMs: number;
  queuedMs: number;
}

export async function runOnboardingBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const count = pick(20, 5);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rolelink-bench-stack-"));
  chmodSync(dataDir, 0o755);
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const stack = await startLocalStack({
    dataDir,
    dbPort: 0,
    sandboxPort: await freePort(),
    appUrl,
    persistent: false,
    // The figures exclude the assume step, and the sandbox's IAM propagation (3 s by default) would only stretch
    // 20 sequential onboardings past the budget: new roles are assumable at once here.
    iamPropagationMs: 0,
    // The bench's own database; nothing else from the shell (real AWS settings would turn the sandbox off).
    env: { DATABASE_URL: process.env.DATABASE_URL },
  });
  const saved = { ...process.env };
  let app: Awaited<ReturnType<typeof startNextServer>> | undefined;
  try {
    const secret = randomBytes(32).toString("base64url");
    app = await startNextServer(
      { ...baseAppEnv(), ...stack.env, NEXTAUTH_SECRET: secret, DATABASE_URL: process.env.DATABASE_URL ?? "", RUN_WORKER: "true" },
      { port: appPort },
    );
    // startConnection runs here, in the bench process, with the app's settings.
    Object.assign(process.env, stack.env);
    const env = getEnv();
    if (env.AWS_SANDBOX_URL !== stack.env.AWS_SANDBOX_URL) throw new Error("lib/env was read before the onboarding benchmark set it up");
    const sandbox = stack.env.AWS_SANDBOX_URL ?? "";

    // SNS delivers nothing until the app confirmed its subscription.
    await waitFor("the app to confirm its SNS subscriptions", 30_000, signal, async () => {
      const body = (await sandboxJson(new URL("api/subscriptions", sandbox))) as {
        subscriptions: Array<{ status: string; topicArn: string }>;
      };
      return body.subscriptions.some((s) => s.topicArn.includes(":us-east-1:") && s.status === "confirmed") ? true : undefined;
    });

    const owner = await db.user.create({ data: { email: "onboarding@bench.test", passwordHash: "!bench-no-login" } });
    const samples: Sample[] = [];
    const failures: string[] = [];
    for (let i = 0; i < count && !signal.aborted; i++) {
      const accountId = String(400_000_000_000 + i);
      const { id } = await startConnection({ ownerId: owner.id, accountId, region: "us-east-1" });
      const connection = await db.connection.findUniqueOrThrow({
        where: { id },
        select: { id: true, accountId: true, region: true, externalId: true },
      });
      const launch = launchDetails(connection, env);
      const created = stackSchema.parse(
        (
          (await sandboxJson(new URL("api/stacks", sandbox), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              region: "us-east-1",
              accountId,
              stackName: launch.stackName,
              templateUrl: launch.templateUrl,
              parameters: launch.parameters,
              capabilities: ["CAPABILITY_IAM"],
            }),
          })) as { stack: unknown }
        ).stack,
      );
      const done = await waitFor(`stack ${launch.stackName}`, 20_000, signal, async () => {
        const body = (await sandboxJson(new URL(`api/stacks/${encodeURIComponent(created.stackId)}`, sandbox))) as { stack: unknown };
        const current = stackSchema.parse(body.stack);
        return current.status === "CREATE_IN_PROGRESS" ? undefined : current;
      });
      const row = await waitFor(`connection ${id}`, 10_000, signal, async () => {
        const found = await db.connection.findUniqueOrThrow({ where: { id }, select: { status: true, connectedAt: true } });
        return found.status === "verifying" || found.status === "pending" ? undefined : found;
      });
      if (done.status !== "CREATE_COMPLETE" || row.status !== "connected" || !row.connectedAt) {
        failures.push(`${accountId}: stack ${done.status} (${done.failureReason ?? ""}), connection ${row.status}`);
        continue;
      }
      const at = (status: string) =>
        Date.parse(done.events.find((e) => e.logicalResourceId === LOGICAL_ID && e.status === status)?.timestamp ?? "");
      const published = at("CREATE_IN_PROGRESS");
      const responded = at("CREATE_COMPLETE");
      const events = await db.event.findMany({
        where: { connectionId: id, kind: { in: ["cfn.request_received", "verify.succeeded"] } },
        select: { kind: true, createdAt: true, detail: true },
      });
      const received = events.find((e) => e.kind === "cfn.request_received");
      const verified = events.find((e) => e.kind === "verify.succeeded");
      const assumeMs = Number((verified?.detail as { durationMs?: unknown } | null)?.durationMs ?? Number.NaN);
      const acceptedMs = (received?.createdAt.getTime() ?? Number.NaN) - published;
      samples.push({
        accountId,
        toConnectedMs: row.connectedAt.getTime() - published,
        toResponseMs: responded - published,
        assumeMs,
        acceptedMs,
        // From the stored request to the worker starting AssumeRole: pg-boss's polling.
        queuedMs: (verified?.createdAt.getTime() ?? Number.NaN) - assumeMs - (received?.createdAt.getTime() ?? Number.NaN),
      });
    }
    if (samples.length === 0) throw new Error(`no stack completed: ${failures.join("; ")}`);

    // The customer's page, in a browser, on the same stack and server.
    let live: { samples: LiveSample[]; failures: string[] } = { samples: [], failures: [] };
    const browser = await launchBrowser();
    try {
      const cookie = await sessionCookie({ id: owner.id, role: "customer" }, secret);
      live = await measureLivePage({
        browser,
        appUrl,
        sandbox,
        env,
        ownerId: owner.id,
        cookie,
        count: pick(10, 3),
        firstAccount: 410_000_000_000,
        signal,
      });
    } catch (error) {
      // The figures above stand on their own; the browser part reports its failure.
      live.failures.push(`browser: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await browser.close();
    }

    const connected = summarize(samples.map((s) => s.toConnectedMs));
    const response = summarize(samples.map((s) => s.toResponseMs));
    const assume = summarize(samples.map((s) => s.assumeMs));
    const connectedExcl = summarize(samples.map((s) => s.toConnectedMs - s.assumeMs));
    const responseExcl = summarize(samples.map((s) => s.toResponseMs - s.assumeMs));
    const ms = (v: number) => Math.round(v);
    return {
      name: "onboarding",
      title: `Onboarding latency over ${samples.length} sandbox stacks (production server, worker on)`,
      durationMs: Date.now() - started,
      figures: [
        { metric: "publish → connected: p50 / max", value: `${ms(connected.p50)} / ${ms(connected.max)}`, unit: "ms" },
        { metric: "publish → CFN response: p50 / max", value: `${ms(response.p50)} / ${ms(response.max)}`, unit: "ms" },
        { metric: "assume step (AssumeRole + GetCallerIdentity): p50 / max", value: `${ms(assume.p50)} / ${ms(assume.max)}`, unit: "ms" },
        {
          metric: "publish → connected, assume excluded: p50 / max",
          value: `${ms(connectedExcl.p50)} / ${ms(connectedExcl.max)}`,
          unit: "ms",
          baseline: { label: "assume p50", value: ms(assume.p50), unit: "ms" },
          target: "< 3,000 ms",
          met: connectedExcl.max < 3_000,
        },
        {
          metric: "publish → CFN response, assume excluded: p50 / max",
          value: `${ms(responseExcl.p50)} / ${ms(responseExcl.max)}`,
          unit: "ms",
          baseline: { label: "assume p50", value: ms(assume.p50), unit: "ms" },
          target: "< 3,000 ms",
          met: responseExcl.max < 3_000,
        },
        {
          metric: "publish → connected beyond the assume step: p50",
          value: ms(connectedExcl.p50),
          unit: "ms",
          baseline: { label: "assume p50", value: ms(assume.p50), unit: "ms" },
          target: "p50 ≤ 100 ms",
          met: connectedExcl.p50 <= 100,
        },
        { metric: "stacks CREATE_COMPLETE", value: `${samples.length} of ${count}`, target: "all", met: samples.length === count },
        ...liveFigures(live, pick(10, 3)),
      ],
      details: {
        samples,
        failures,
        breakdownP50: {
          snsAcceptedMs: ms(summarize(samples.map((s) => s.acceptedMs)).p50),
          queuedMs: ms(summarize(samples.map((s) => s.queuedMs)).p50),
          assumeMs: ms(assume.p50),
        },
        // Woken by NOTIFY as each job is queued (lib/jobs/wake.ts); the 0.5 s poll is the fallback.
        workerPollingIntervalSeconds: 0.5,
        livePage: live,
      },
    };
  } finally {
    await endLocalStackRun({ savedEnv: saved, app, stack, dataDir });
  }
}

function liveFigures(live: { samples: LiveSample[]; failures: string[] }, count: number): Figure[] {
  if (live.samples.length === 0) return [{ metric: "browser: page shows Connected", value: `0 of ${count}`, target: "all", met: false }];
  const afterCfn = summarize(live.samples.map((s) => s.afterCfnCompleteMs));
  const afterCommit = summarize(live.samples.map((s) => s.afterCommitMs));
  const everyStep = live.samples.filter(paintedEveryStep).length;
  return [
    {
      metric: "browser: CFN complete → page paints Connected: p50 / max",
      value: `${Math.round(afterCfn.p50)} / ${Math.round(afterCfn.max)}`,
      unit: "ms",
      baseline: { label: "connected commit → paint p50", value: Math.round(afterCommit.p50), unit: "ms" },
      target: "p50 ≤ 500 ms",
      met: afterCfn.p50 <= 500,
    },
    {
      metric: "browser: connected committed → painted (the push): p50 / max",
      value: `${Math.round(afterCommit.p50)} / ${Math.round(afterCommit.max)}`,
      unit: "ms",
    },
    {
      metric: "browser: every step painted for ≥ 1 frame (waiting → stack running → role received → connected)",
      value: `${everyStep} of ${live.samples.length}`,
      target: "all",
      met: everyStep === live.samples.length && live.failures.length === 0,
    },
  ];
}
