/**
 * Duplicate storm: the sandbox's one signed Create notification, caught on its
 * way to the app and delivered 100 times at once (the first delivery among
 * them), must give one link, one pg-boss job and one CloudFormation response.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { recordOutbound, type OutboundRecorder } from "@/test/outbound-recorder";
import { forgetStackRequests } from "@/test/links";
import { truncate } from "@/test/db";

const COPIES = Number(process.env.HOSTILE_STORM_COPIES ?? 100);
const ACCOUNT = "555566667777";

let app: AppHarness;
let recorder: OutboundRecorder;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  recorder = recordOutbound();
  app = await startAppHarness();
  await forgetStackRequests();
  const worker = await import("@/lib/server/worker");
  stopWorker = worker.stopWorker;
  await worker.startWorker();
  await waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
  await truncate(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
}, 60_000);

afterAll(async () => {
  recorder.restore();
  await stopWorker();
  await app.stop();
});

it(`one signed notification delivered ${COPIES} times at once: one link, one job, one CloudFormation response`, async () => {
  const owner = await db.user.create({ data: { email: `storm-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { launchDetails } = await import("@/lib/connections/launch");
  const { id } = await startConnection({ ownerId: owner.id, accountId: ACCOUNT, region: "us-east-1" });
  const connection = await db.connection.findUniqueOrThrow({ where: { id } });

  let storm: Promise<Array<{ status: number; json: unknown }>> | undefined;
  recorder.intercept(async ({ url, method, headers, body }) => {
    if (storm || method !== "POST" || !url.pathname.endsWith("/api/sns") || headers.get("x-amz-sns-message-type") !== "Notification")
      return undefined;
    // The first delivery of the Create request: it and its copies all go in at once.
    storm = Promise.all(Array.from({ length: COPIES }, () => app.post(typeof body === "string" ? body : "", Object.fromEntries(headers))));
    const [first] = await storm;
    return Response.json(first!.json, { status: first!.status });
  });

  const details = launchDetails(connection);
  const stack = app.sandbox.state.cloudformation.createStack({
    region: "us-east-1",
    accountId: ACCOUNT,
    stackName: details.stackName,
    templateUrl: details.templateUrl,
    parameters: details.parameters,
    capabilities: ["CAPABILITY_IAM"],
  });
  const status = await waitUntil(() => {
    const s = app.sandbox.state.cloudformation.getStack(stack.stackId)?.status;
    return s && !s.endsWith("IN_PROGRESS") ? s : undefined;
  }, 30_000);
  const answers = await storm!;
  await waitUntil(() => db.cfnRequest.findFirst({ where: { stackId: stack.stackId, state: "responded" } }));
  // Anything a second job would do happens within a poll or two: give it the chance to show up.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  expect(status).toBe("CREATE_COMPLETE");
  expect(answers.map((a) => a.status)).toEqual(Array(COPIES).fill(200));
  const results = answers.map((a) => (a.json as { result: string }).result);
  expect(results.filter((r) => r === "accepted")).toHaveLength(1);
  expect(results.filter((r) => r === "duplicate")).toHaveLength(COPIES - 1);

  const stored = await db.cfnRequest.findMany({ where: { stackId: stack.stackId } });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ state: "responded", responseStatus: "SUCCESS" });
  expect(await db.snsMessage.count({ where: { messageId: stored[0]!.messageId } })).toBe(1);
  const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'cfn-request' AND data->>'cfnRequestId' = $1`,
    stored[0]!.id,
  );
  expect(Number(jobs[0]!.n)).toBe(1);

  const kinds = (await db.event.findMany({ where: { connectionId: connection.id }, select: { kind: true } })).map((e) => e.kind);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  expect({
    received: count("cfn.request_received"),
    connected: count("connection.connected"),
    verified: count("verify.succeeded"),
    attempts: count("cfn.response_attempt"),
    sent: count("cfn.response_sent"),
  }).toEqual({ received: 1, connected: 1, verified: 1, attempts: 1, sent: 1 });
  expect(await db.connection.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "connected", stackId: stack.stackId });
  // One link: one successful AssumeRole with the External ID for this role.
  const roleArn = app.sandbox.state.cloudformation.getStack(stack.stackId)!.roleArn!;
  expect(app.sandbox.state.sts.calls.filter((c) => c.roleArn === roleArn && c.externalIdGiven && c.outcome === "ok")).toHaveLength(1);

  // What CloudFormation observed: exactly one PUT to its ResponseURL.
  const puts = recorder.requests.filter((r) => r.method === "PUT" && r.url.includes("/cfn-response/"));
  expect(puts).toHaveLength(1);
  const sandboxOrigin = new URL(app.sandbox.origin).origin;
  const appOrigin = new URL(app.deliveries[0]?.headers.host ? `http://${app.deliveries[0].headers.host}` : sandboxOrigin).origin;
  expect(recorder.outside([sandboxOrigin, appOrigin])).toEqual([]);
  console.info(
    JSON.stringify({
      storm: {
        copies: COPIES,
        statuses: { 200: answers.length },
        accepted: 1,
        duplicates: COPIES - 1,
        cfnRequests: stored.length,
        jobs: Number(jobs[0]!.n),
        responses: puts.length,
        stack: status,
      },
    }),
  );
}, 90_000);
