/**
 * Faults on the way out, through the real pipeline (sandbox CloudFormation →
 * signed SNS → /api/sns → stored request → processCfnRequest → STS and the
 * ResponseURL): a ResponseURL answering 500 once, and STS throttling that
 * passes and that does not. The job is run here directly (not by a worker) so
 * the retry timings can be short.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { recordOutbound, type OutboundRecorder } from "@/test/outbound-recorder";
import { truncate } from "@/test/db";

let app: AppHarness;
let recorder: OutboundRecorder;

beforeAll(async () => {
  recorder = recordOutbound();
  app = await startAppHarness();
  await waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
}, 60_000);

afterAll(async () => {
  recorder.restore();
  // No worker ran here: drop the jobs queued for requests this file processed itself.
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'cfn-request' AND state = 'created'`).catch(() => undefined);
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 });
  await app.stop();
});

beforeEach(async () => {
  app.sandbox.state.sts.throttled = 0;
  recorder.intercept(undefined);
  await truncate(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
});

async function launchStack(accountId: string) {
  const owner = await db.user.create({ data: { email: `fault-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { launchDetails } = await import("@/lib/connections/launch");
  const { id } = await startConnection({ ownerId: owner.id, accountId, region: "us-east-1" });
  const connection = await db.connection.findUniqueOrThrow({ where: { id } });
  const details = launchDetails(connection);
  const stack = app.sandbox.state.cloudformation.createStack({
    region: "us-east-1",
    accountId,
    stackName: details.stackName,
    templateUrl: details.templateUrl,
    parameters: details.parameters,
    capabilities: ["CAPABILITY_IAM"],
  });
  return { connectionId: id, stackId: stack.stackId, roleArn: stack.roleArn! };
}

/** Runs the job for each stored request of the stack as it arrives, until the stack settles. */
async function runJobs(stackId: string, timings: { createDeadlineMs: number; baseDelayMs: number }) {
  const { processCfnRequest } = await import("@/lib/connections/stack-requests/process-request");
  return waitUntil(async () => {
    for (const row of await db.cfnRequest.findMany({ where: { stackId, state: "received" }, orderBy: { createdAt: "asc" } })) {
      await processCfnRequest(row.id, timings);
    }
    const status = app.sandbox.state.cloudformation.getStack(stackId)?.status;
    return status && !status.endsWith("IN_PROGRESS") ? status : undefined;
  }, 30_000);
}

async function eventDetails(connectionId: string, kind: string) {
  return (await db.event.findMany({ where: { connectionId, kind }, orderBy: { id: "asc" } })).map(
    (e) => e.detail as Record<string, unknown>,
  );
}

it("a ResponseURL answering 500 then 200: retried, one SUCCESS recorded, the stack completes", async () => {
  const puts: number[] = [];
  recorder.intercept(({ url, method }) => {
    if (method !== "PUT" || !url.pathname.startsWith("/cfn-response/")) return undefined;
    puts.push(Date.now());
    // The first PUT meets an S3 hiccup; later ones go through to the sandbox.
    return puts.length === 1 ? new Response("<Error><Code>InternalError</Code></Error>", { status: 500 }) : undefined;
  });
  const { connectionId, stackId } = await launchStack("222211113333");
  expect(await runJobs(stackId, { createDeadlineMs: 10_000, baseDelayMs: 100 })).toBe("CREATE_COMPLETE");

  expect(puts).toHaveLength(2);
  expect((await eventDetails(connectionId, "cfn.response_attempt")).map((d) => d.status)).toEqual([500, 200]);
  const sent = await eventDetails(connectionId, "cfn.response_sent");
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ status: "SUCCESS", attempts: 2, httpStatus: 200 });
  expect(await eventDetails(connectionId, "cfn.response_failed")).toEqual([]);
  expect(await db.cfnRequest.findFirstOrThrow({ where: { stackId } })).toMatchObject({ state: "responded", responseStatus: "SUCCESS" });
  console.info(
    JSON.stringify({ fault: "response_url_500_then_200", puts: puts.length, retryAfterMs: puts[1]! - puts[0]!, stack: "CREATE_COMPLETE" }),
  );
});

it("STS throttling that passes: AssumeRole backs off (growing gaps) and the link succeeds", async () => {
  const { connectionId, stackId, roleArn } = await launchStack("222211114444");
  app.sandbox.state.sts.throttleNext(4);
  expect(await runJobs(stackId, { createDeadlineMs: 30_000, baseDelayMs: 100 })).toBe("CREATE_COMPLETE");

  const calls = app.sandbox.state.sts.calls.filter((c) => c.action === "AssumeRole" && c.roleArn === roleArn && c.externalIdGiven);
  expect(calls.map((c) => c.outcome)).toEqual(["Throttling", "Throttling", "Throttling", "Throttling", "ok"]);
  const at = calls.map((c) => Date.parse(c.at));
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  // Exponential backoff with jitter (base 100 ms, factor 2, 50–100%): the 4th wait is at least 400 ms, the 1st at most 100 ms.
  expect(gaps[3]!).toBeGreaterThanOrEqual(2 * gaps[0]!);
  expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(700);
  expect((await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).status).toBe("connected");
  console.info(
    JSON.stringify({ fault: "sts_throttling_then_ok", throttled: 4, gapsMs: gaps, outcome: "connected", stack: "CREATE_COMPLETE" }),
  );
});

it("STS throttling that never ends: gives up at the deadline with a FAILED answer (the stack rolls back, never hangs)", async () => {
  const { connectionId, stackId } = await launchStack("222211115555");
  app.sandbox.state.sts.throttleNext(1_000_000);
  const started = Date.now();
  expect(await runJobs(stackId, { createDeadlineMs: 1_500, baseDelayMs: 100 })).toBe("ROLLBACK_COMPLETE");
  expect(Date.now() - started).toBeLessThan(15_000);

  const connection = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  // Nothing was confirmed: the link waits, and says why.
  expect(connection.status).toBe("pending");
  expect(connection.diagnosis).toContain("AWS is throttling requests right now");
  expect(app.sandbox.state.cloudformation.getStack(stackId)?.failureReason).toContain("AWS is throttling requests right now");
  const requests = await db.cfnRequest.findMany({ where: { stackId }, orderBy: { createdAt: "asc" } });
  expect(requests.map((r) => [r.requestType, r.state, r.responseStatus])).toEqual([
    ["Create", "responded", "FAILED"],
    ["Delete", "responded", "SUCCESS"],
  ]);
  console.info(
    JSON.stringify({
      fault: "sts_throttling_forever",
      outcome: "FAILED then rollback Delete SUCCESS",
      stack: "ROLLBACK_COMPLETE",
      ms: Date.now() - started,
    }),
  );
});
