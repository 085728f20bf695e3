/**
 * Scale across processes is correct, not only fast: two web processes (the
 * real /api/sns handler, each in its own Node process) and two worker
 * processes (`npm run worker`) on the test PostgreSQL.
 *  - A 200-copy duplicate storm of one signed Create notification, split
 *    across both web processes: one stored request, one job, one AssumeRole,
 *    one CloudFormation answer.
 *  - A fleet run split into chunk jobs that both workers take: every account
 *    verified exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { APP_TOPICS, startAppHarness, VENDOR, waitUntil, type AppHarness } from "@/test/app-harness";
import { recordOutbound, type OutboundRecorder } from "@/test/outbound-recorder";

const root = path.resolve(import.meta.dirname, "../..");
const COPIES = 200;
const FLEET = 240;
const ACCOUNT = "555566668888";

let app: AppHarness;
let recorder: OutboundRecorder;
const children: Array<{ child: ChildProcess; output: string[] }> = [];
const webPorts: number[] = [];
const db = async () => (await import("@/lib/db")).db;

/** `node --import tsx <script>` (not the tsx CLI, whose grandchild a kill would miss), its output kept. */
function startProcess(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const entry = { child, output: [] as string[] };
  child.stdout.on("data", (chunk: Buffer) => entry.output.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => entry.output.push(chunk.toString()));
  children.push(entry);
  return entry;
}

const step = (what: string) => process.env.SCALE_TEST_TRACE && console.info(`${new Date().toISOString()} scale-out: ${what}`);

beforeAll(async () => {
  step("start");
  const client = await db();
  // Other files' leftovers (they ran no worker) must not reach this file's worker processes.
  await client.$executeRawUnsafe(`TRUNCATE users, connections, sns_messages, cfn_requests, events, verify_runs RESTART IDENTITY CASCADE`);
  await client.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE state < 'completed'`).catch(() => undefined);
  recorder = recordOutbound();
  app = await startAppHarness();
  await waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
  // pg-boss's tables and queues exist before any process races to create them.
  const { getBoss } = await import("@/lib/jobs/boss");
  await getBoss();
  step("sandbox and pg-boss ready");
  const webs = [0, 1].map(() => startProcess("test/hostile/sns-web-process.ts", { LOG_LEVEL: "error" }));
  // info: each worker logs the fleet chunks it verified.
  for (let i = 0; i < 2; i++)
    startProcess("scripts/worker.ts", { LOG_LEVEL: "info", ASSUME_ROLE_RETRY_SECONDS: "5", VERIFY_CONCURRENCY: "8" });
  const started = async <T>(probe: () => T | undefined, what: string) =>
    waitUntil(probe, 120_000).catch((error: unknown) => {
      throw new Error(`${what} did not start: ${children.map((c) => c.output.join("").slice(-800)).join("\n---\n")}`, { cause: error });
    });
  for (const web of webs) webPorts.push(Number(await started(() => /listening (\d+)/.exec(web.output.join(""))?.[1], "web process")));
  step("web processes listening");
  await started(
    () => children.slice(2).every((w) => w.output.join("").includes("background worker started")) || undefined,
    "worker process",
  );
}, 180_000);

afterAll(async () => {
  recorder?.restore();
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
  await app?.stop();
}, 60_000);

/** node:http, not fetch: the outbound recorder watches fetch, and these are SNS's deliveries, not the app's calls. */
function post(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; json: { result?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/sns",
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as { result?: string } }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

it(`a ${COPIES}-copy duplicate storm split across two web processes: one request, one job, one AssumeRole, one CloudFormation answer`, async () => {
  const client = await db();
  const owner = await client.user.create({ data: { email: `scale-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { launchDetails } = await import("@/lib/connections/launch");
  const { id } = await startConnection({ ownerId: owner.id, accountId: ACCOUNT, region: "us-east-1" });
  const connection = await client.connection.findUniqueOrThrow({ where: { id } });

  // What CloudFormation receives at its ResponseURL, whoever sends it.
  const cfn = app.sandbox.state.cloudformation;
  const answers: string[] = [];
  const receive = cfn.receiveResponse.bind(cfn);
  cfn.receiveResponse = (responseId, ...rest) => (answers.push(responseId), receive(responseId, ...rest));

  let storm: Promise<Array<{ status: number; json: { result?: string } }>> | undefined;
  recorder.intercept(async ({ url, method, headers, body }) => {
    if (storm || method !== "POST" || !url.pathname.endsWith("/api/sns") || headers.get("x-amz-sns-message-type") !== "Notification")
      return undefined;
    // SNS's first delivery of the Create and its copies, half to each web process, all at once.
    const plain = Object.fromEntries(headers);
    storm = Promise.all(Array.from({ length: COPIES }, (_, i) => post(webPorts[i % 2]!, typeof body === "string" ? body : "", plain)));
    const [first] = await storm;
    return Response.json(first!.json, { status: first!.status });
  });

  const details = launchDetails(connection);
  const stack = cfn.createStack({
    region: "us-east-1",
    accountId: ACCOUNT,
    stackName: details.stackName,
    templateUrl: details.templateUrl,
    parameters: details.parameters,
    capabilities: ["CAPABILITY_IAM"],
  });
  const status = await waitUntil(() => {
    const s = cfn.getStack(stack.stackId)?.status;
    return s && !s.endsWith("IN_PROGRESS") ? s : undefined;
  }, 45_000);
  const replies = await storm!;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a second job or answer to show up

  expect(status).toBe("CREATE_COMPLETE");
  expect(replies.map((r) => r.status)).toEqual(Array(COPIES).fill(200));
  expect(replies.filter((r) => r.json.result === "accepted")).toHaveLength(1);
  const stored = await client.cfnRequest.findMany({ where: { stackId: stack.stackId } });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ state: "responded", responseStatus: "SUCCESS" });
  const jobs = await client.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'cfn-request' AND data->>'cfnRequestId' = $1`,
    stored[0]!.id,
  );
  expect(jobs[0]!.n).toBe(1);
  const roleArn = cfn.getStack(stack.stackId)!.roleArn!;
  expect(app.sandbox.state.sts.calls.filter((c) => c.roleArn === roleArn && c.externalIdGiven && c.outcome === "ok")).toHaveLength(1);
  expect(answers).toHaveLength(1);
  expect(await client.connection.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "connected" });
}, 90_000);

it(`a fleet run of ${FLEET} accounts split into chunks across both workers verifies each account exactly once`, async () => {
  const client = await db();
  const owner = await client.user.create({ data: { email: `fleet-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const accounts = Array.from({ length: FLEET }, (_, i) => String(710000000000 + i));
  for (const [i, accountId] of accounts.entries()) {
    app.sandbox.state.sts.putRole({
      roleArn: `arn:aws:iam::${accountId}:role/scale`,
      trustedAccountId: VENDOR,
      externalId: `ext-scale-${i}`,
    });
  }
  await client.connection.createMany({
    data: accounts.map((accountId, i) => ({
      ownerId: owner.id,
      accountId,
      region: "us-east-1",
      externalId: `ext-scale-${i}`,
      status: "connected" as const,
      roleArn: `arn:aws:iam::${accountId}:role/scale`,
    })),
  });
  const fleetIds = (await client.connection.findMany({ where: { ownerId: owner.id }, select: { id: true } })).map((c) => c.id);
  const { getBoss } = await import("@/lib/jobs/boss");
  const { startFleetRun } = await import("@/lib/connections/verification/fleet-jobs");
  // Chunks of 20: twelve jobs, so both workers (two chunk loops each) take part.
  const runId = await startFleetRun(await getBoss(), { trigger: "scale-test" }, 20);
  expect(runId).not.toBeNull();
  const run = await waitUntil(() => client.verifyRun.findFirst({ where: { id: runId!, finishedAt: { not: null } } }), 60_000);
  const total = await client.connection.count({ where: { status: { in: ["connected", "broken"] }, roleArn: { not: null } } });
  expect(run).toMatchObject({ total, done: total, succeeded: total, failed: 0 });

  const perAccount = await client.event.groupBy({
    by: ["connectionId"],
    where: { kind: { in: ["verify.succeeded", "verify.failed"] }, actor: "system", connectionId: { in: fleetIds } },
    _count: { _all: true },
  });
  expect(perAccount).toHaveLength(FLEET);
  expect(perAccount.every((row) => row._count._all === 1)).toBe(true);
  const assumed = app.sandbox.state.sts.calls.filter((c) => c.roleArn?.endsWith(":role/scale") && c.outcome === "ok");
  expect(new Set(assumed.map((c) => c.roleArn)).size).toBe(FLEET);
  expect(assumed).toHaveLength(FLEET);
  // Both worker processes verified chunks of this run.
  const chunksBy = children.slice(2).map(
    (w) =>
      w.output
        .join("")
        .split("\n")
        .filter((line) => line.includes("fleet chunk verified") && line.includes(runId!)).length,
  );
  expect(chunksBy.every((n) => n > 0)).toBe(true);
  expect(chunksBy.reduce((a, b) => a + b, 0)).toBe(Math.ceil(total / 20));
}, 90_000);
