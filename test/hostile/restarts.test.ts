/**
 * Faults that stop things: PostgreSQL stopped mid-run, and a worker process
 * killed with SIGKILL in the middle of a job. Runs on its OWN embedded
 * PostgreSQL (started, stopped and restarted here) so nothing else shares it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startEmbeddedDb, type EmbeddedDb } from "@/scripts/embedded-db";
import { migrateDeploy } from "@/scripts/migrate";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";

const root = path.resolve(import.meta.dirname, "../..");

let dir: string;
let port: number;
let pg: EmbeddedDb;
let app: AppHarness;
const children: ChildProcess[] = [];

const startDb = () => startEmbeddedDb({ dataDir: path.join(dir, "data"), port, persistent: true });
const db = async () => (await import("@/lib/db")).db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-hostile-db-"));
  chmodSync(dir, 0o755); // the server runs as user postgres
  port = await freePort();
  pg = await startDb();
  await migrateDeploy(pg.url);
  // Before lib/db creates its client: this file's database, not the shared one.
  process.env.DATABASE_URL = pg.url;
  Object.assign(globalThis, { prisma: undefined, pgPool: undefined, boss: undefined });
  app = await startAppHarness();
  await waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
}, 90_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
  await app?.stop();
  await (await db()).$disconnect();
  await pg?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function newConnection(accountId: string) {
  const client = await db();
  const owner = await client.user.create({ data: { email: `restart-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { id } = await startConnection({ ownerId: owner.id, accountId, region: "us-east-1" });
  return client.connection.findUniqueOrThrow({ where: { id } });
}

async function launch(connection: { id: string; accountId: string; region: string; externalId: string }) {
  const { launchDetails } = await import("@/lib/connections/launch");
  const d = launchDetails(connection);
  return app.sandbox.state.cloudformation.createStack({
    region: connection.region,
    accountId: connection.accountId,
    stackName: d.stackName,
    templateUrl: d.templateUrl,
    parameters: d.parameters,
    capabilities: ["CAPABILITY_IAM"],
  });
}

const stackStatus = (stackId: string) => app.sandbox.state.cloudformation.getStack(stackId)?.status;

it("PostgreSQL stopped: /api/sns answers 503 (SNS retries); after a restart the retried delivery is accepted and processed", async () => {
  const connection = await newConnection("333311112222");
  await pg.stop();
  const stack = await launch(connection);
  // The sandbox plays SNS: the first delivery and its retries all meet the outage.
  const delivery = await waitUntil(() =>
    app.sandbox.state.delivery
      .listDeliveries()
      .find((d) => d.type === "Notification" && d.body.includes(stack.stackId) && d.state !== "pending"),
  );
  expect(delivery.state).toBe("failed");
  expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
  const { GET: health } = await import("@/app/api/health/route");
  expect((await health()).status).toBe(503);

  pg = await startDb();
  expect((await health()).status).toBe(200);
  // SNS's next retry: the same body, the same MessageId.
  expect(await app.post(delivery.body, { "x-amz-sns-message-type": "Notification" })).toEqual({
    status: 200,
    json: { result: "accepted" },
  });
  const client = await db();
  const row = await client.cfnRequest.findFirstOrThrow({ where: { stackId: stack.stackId } });
  expect(row.messageId).toBe(delivery.messageId);
  const { processCfnRequest } = await import("@/lib/connections/stack-requests/process-request");
  await processCfnRequest(row.id, { createDeadlineMs: 10_000, baseDelayMs: 100 });
  expect(await waitUntil(() => stackStatus(stack.stackId) === "CREATE_COMPLETE" && "CREATE_COMPLETE")).toBe("CREATE_COMPLETE");
  expect(await client.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "connected" });
  console.info(
    JSON.stringify({
      fault: "database_stopped",
      whileDown: delivery.attempts.map((a) => a.status),
      healthWhileDown: 503,
      afterRestart: 200,
      stack: "CREATE_COMPLETE",
    }),
  );
}, 60_000);

function startWorkerProcess(): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL would miss.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    // The sandbox (STS, ResponseURL) is this process's loopback server; the harness put its settings in process.env.
    env: { ...process.env, DATABASE_URL: pg.url, ASSUME_ROLE_RETRY_SECONDS: "120", LOG_LEVEL: "error" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

it("a worker killed with SIGKILL mid-job: after a restart the job finishes, with exactly one answer", async () => {
  const client = await db();
  const connection = await newConnection("333311113333");
  // IAM "still propagating": AssumeRole is refused, so the job sits in its retry loop.
  app.sandbox.state.sts.refuseAll = true;
  const first = startWorkerProcess();
  const stack = await launch(connection);
  const row = await waitUntil(() => client.cfnRequest.findFirst({ where: { stackId: stack.stackId } }), 30_000);
  await waitUntil(
    () => app.sandbox.state.sts.calls.some((c) => c.roleArn === stack.roleArn && c.externalIdGiven && c.outcome === "AccessDenied"),
    60_000,
  );
  expect((await client.cfnRequest.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("processing");

  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  expect(first.signalCode).toBe("SIGKILL");
  expect(() => process.kill(first.pid!, 0)).toThrow(); // gone: nothing of it keeps running the job
  const callsAtKill = app.sandbox.state.sts.calls.length;
  expect(stackStatus(stack.stackId)).toBe("CREATE_IN_PROGRESS");
  expect(
    await client.event.count({ where: { connectionId: connection.id, kind: { in: ["cfn.response_sent", "cfn.response_failed"] } } }),
  ).toBe(0);

  expect(app.sandbox.state.sts.calls.length).toBe(callsAtKill);
  app.sandbox.state.sts.refuseAll = false;
  // Time passes (as in production, minutes): the dead worker's job expires, the stored request counts as abandoned.
  await client.$executeRawUnsafe(
    `UPDATE pgboss.job SET started_on = started_on - interval '10 minutes' WHERE name = 'cfn-request' AND state = 'active'`,
  );
  await client.$executeRawUnsafe(`UPDATE cfn_requests SET created_at = created_at - interval '10 minutes' WHERE id = $1::uuid`, row.id);
  const { getBoss } = await import("@/lib/jobs/boss");
  await (await getBoss()).maintain();

  const restarted = Date.now();
  const second = startWorkerProcess(); // its start-up sweep re-queues the abandoned request
  const done = await waitUntil(
    () => client.cfnRequest.findFirst({ where: { id: row.id, state: { in: ["responded", "response_failed"] } } }),
    60_000,
  );
  expect(done).toMatchObject({ state: "responded", responseStatus: "SUCCESS" });
  expect(await waitUntil(() => stackStatus(stack.stackId) === "CREATE_COMPLETE" && "CREATE_COMPLETE")).toBe("CREATE_COMPLETE");
  await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a duplicate answer to show up
  expect(await client.event.count({ where: { connectionId: connection.id, kind: "cfn.response_sent" } })).toBe(1);
  expect(await client.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "connected" });
  second.kill("SIGTERM");
  await new Promise((resolve) => second.once("exit", resolve));
  console.info(
    JSON.stringify({
      fault: "worker_sigkill_mid_job",
      killedIn: "processing (AssumeRole retry loop)",
      recoveredInMs: Date.now() - restarted,
      answers: 1,
      stack: "CREATE_COMPLETE",
    }),
  );
}, 120_000);
