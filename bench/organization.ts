/**
 * Benchmark 9: an AWS Organization of 1,000 member accounts (issue 18 item 6).
 * The local stack (embedded PostgreSQL + the AWS sandbox, scripts/local-stack.ts)
 * and the production server with its worker. The bench makes the organization
 * through the sandbox's API (one target OU, 1,000 accounts; 100 in quick mode),
 * starts an organization link in-process (startOrganizationLink) and creates
 * the management stack with the link's launch parameters, as the customer's
 * Launch Stack link does. The StackSet deploys with the template's operation
 * preferences (MaxConcurrentCount 100); every member stack phones home over SNS.
 *
 * The clock starts when the management stack's own custom resource has been
 * answered and its StackSet resource begins (the StackSet's CREATE_IN_PROGRESS
 * event): CloudFormation completes the stack only once the StackSet's operation
 * has ended, i.e. after every member stack, so "from the management stack's
 * completion" can only mean from its PhoneHome's. It stops when the last member
 * connection is connected (connected_at).
 *
 * Baseline, same run: the same organization and template on a second sandbox
 * whose SNS endpoint is a responder that checks nothing and answers each
 * request SUCCESS 3 s (the sandbox's IAM propagation) after it arrives: the
 * floor for any vendor that must assume a member's new role before vouching for
 * it, with the sandbox's own StackSet, SNS and CloudFormation costs included.
 * ratio = rolelink / floor, so 1 means rolelink adds nothing to the rollout and
 * everything above it is rolelink's receiving, queueing and checking. The
 * single-account onboarding time would not do: per account it hides the
 * StackSet's concurrency, which is what decides the time here.
 *
 * Checks: no message lost (every Notification the sandbox published is one
 * cfn_requests row and one sns_messages row, by MessageId), every member stack
 * CREATE_COMPLETE and answered exactly once (the sandbox's record of what
 * arrived at each ResponseURL, repeats included), concurrency as configured.
 */
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { organizationLaunchDetails } from "@/lib/organizations/launch";
import { startOrganizationLink } from "@/lib/organizations/start-organization-link";
import { freePort } from "@/scripts/embedded-db";
import { startLocalStack } from "@/scripts/local-stack";
import { pick, sleep } from "./support/budget";
import { baseAppEnv, startNextServer } from "./support/next-server";
import {
  createOrganization,
  createStack,
  measureFloor,
  peakInProgress,
  REGION,
  sandboxJson,
  stackReachedAt,
  stackSchema,
  stackSetStartedAt,
  TOPIC_ARN,
  waitForStack,
} from "./support/org-sandbox";
import type { BenchResult } from "./support/report";
import { round, summarize } from "./support/stats";
import { endLocalStackRun } from "./support/local-stack-run";

/** The sandbox's IAM propagation delay (scripts/local-stack.ts's default), for rolelink's run and the floor alike. */
const IAM_PROPAGATION_MS = 3_000;
const TARGET_MS = 5 * 60_000;

const deliverySchema = z.object({
  messageId: z.string(),
  type: z.string(),
  topicArn: z.string(),
  state: z.string(),
  attempts: z.array(z.unknown()),
});
const responseSchema = z.object({ stackId: z.string(), requestType: z.string(), status: z.string(), repeats: z.number() });

export async function runOrganizationBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const count = pick(1_000, 100);
  const loadAtStart = os.loadavg();
  // The floor first, alone on the machine: the app is not running yet.
  const floor = await measureFloor({ count, answerAfterMs: IAM_PROPAGATION_MS, deadlineMs: TARGET_MS, signal });

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rolelink-bench-org-"));
  chmodSync(dataDir, 0o755);
  const appPort = await freePort();
  const stack = await startLocalStack({
    dataDir,
    dbPort: 0,
    sandboxPort: await freePort(),
    appUrl: `http://127.0.0.1:${appPort}`,
    persistent: false,
    iamPropagationMs: IAM_PROPAGATION_MS,
    env: { DATABASE_URL: process.env.DATABASE_URL },
  });
  const saved = { ...process.env };
  let app: Awaited<ReturnType<typeof startNextServer>> | undefined;
  try {
    app = await startNextServer(
      {
        ...baseAppEnv(),
        ...stack.env,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        DATABASE_URL: process.env.DATABASE_URL ?? "",
        RUN_WORKER: "true",
      },
      { port: appPort },
    );
    // startOrganizationLink runs here, in the bench process, with the app's settings.
    Object.assign(process.env, stack.env);
    const env = getEnv();
    if (env.AWS_SANDBOX_URL !== stack.env.AWS_SANDBOX_URL) throw new Error("lib/env was read before the organization benchmark set it up");
    const sandbox = stack.env.AWS_SANDBOX_URL ?? "";
    const deadline = Date.now() + TARGET_MS + 60_000;
    for (;;) {
      const { subscriptions } = (await sandboxJson(sandbox, "api/subscriptions")) as {
        subscriptions: Array<{ topicArn: string; status: string }>;
      };
      if (subscriptions.some((s) => s.topicArn === TOPIC_ARN && s.status === "confirmed")) break;
      if (Date.now() > deadline || signal.aborted) throw new Error("the app never confirmed its SNS subscription");
      await sleep(50);
    }

    const org = await createOrganization(sandbox, count);
    const owner = await db.user.create({ data: { email: "organization@bench.test", passwordHash: "!bench-no-login" } });
    const outcome = await startOrganizationLink(owner.id, {
      managementAccountId: org.managementAccountId,
      region: REGION,
      targets: [org.targetOu],
    });
    if (outcome.kind === "invalid") throw new Error(`startOrganizationLink: ${JSON.stringify(outcome.fieldErrors)}`);
    const link = await db.organizationLink.findUniqueOrThrow({ where: { id: outcome.id } });
    const launch = organizationLaunchDetails(link, env);
    const management = await createStack(sandbox, {
      accountId: org.managementAccountId,
      stackName: launch.stackName,
      templateUrl: launch.templateUrl,
      parameters: launch.parameters,
    });

    // Progress: members connected so far, until all are or the target (plus a minute) has passed.
    const connectedMembers = () =>
      db.connection.count({
        where: { organizationLinkId: link.id, accountId: { not: org.managementAccountId }, status: "connected" },
      });
    let connected = 0;
    while (Date.now() < deadline && !signal.aborted && (connected = await connectedMembers()) < count) await sleep(250);
    const done = await waitForStack(sandbox, management.stackId, deadline, signal);
    const stackSetStarted = stackSetStartedAt(done);
    if (stackSetStarted === undefined)
      throw new Error(`the organization stack never started its StackSet: ${done.status} ${done.failureReason ?? ""}`);
    const rolloutEnded = stackReachedAt(done, "CREATE_COMPLETE");

    const members = await db.connection.findMany({
      where: { organizationLinkId: link.id, accountId: { not: org.managementAccountId } },
      select: { accountId: true, status: true, connectedAt: true },
    });
    const lastConnected = Math.max(...members.map((m) => m.connectedAt?.getTime() ?? Number.NaN));
    const allConnected = connected === count && Number.isFinite(lastConnected);
    const toAllConnectedMs = allConnected ? lastConnected - stackSetStarted : Number.NaN;

    // No message lost: every Notification the sandbox sent is stored once, by MessageId.
    const { deliveries } = z.object({ deliveries: z.array(deliverySchema) }).parse(await sandboxJson(sandbox, "api/deliveries"));
    const notifications = deliveries.filter((d) => d.type === "Notification" && d.topicArn === TOPIC_ARN);
    const sent = new Set(notifications.map((d) => d.messageId));
    const stored = await db.$queryRaw<Array<{ messageId: string; requests: number; messages: number }>>`
      SELECT r.message_id AS "messageId", count(*)::int AS requests,
             (SELECT count(*)::int FROM sns_messages m WHERE m.message_id = r.message_id) AS messages
      FROM cfn_requests r GROUP BY r.message_id`;
    const storedOnce = stored.filter((row) => sent.has(row.messageId) && row.requests === 1 && row.messages === 1).length;
    const snsRetries = notifications.reduce((sum, d) => sum + Math.max(0, d.attempts.length - 1), 0);

    // Every member stack answered once: CREATE_COMPLETE, one Create response, SUCCESS, nothing after it.
    const memberIds = new Set(org.members);
    const { stacks } = z.object({ stacks: z.array(stackSchema) }).parse(await sandboxJson(sandbox, "api/stacks"));
    const memberStacks = stacks.filter((s) => memberIds.has(s.accountId));
    const { responses } = z.object({ responses: z.array(responseSchema) }).parse(await sandboxJson(sandbox, "api/cfn-responses"));
    const byStack = groupBy(responses, (r) => r.stackId);
    const answeredOnce = memberStacks.filter((s) => {
      const answers = byStack.get(s.stackId) ?? [];
      return (
        s.status === "CREATE_COMPLETE" &&
        answers.length === 1 &&
        answers[0]?.requestType === "Create" &&
        answers[0].status === "SUCCESS" &&
        answers[0].repeats === 0
      );
    }).length;
    const repeats = responses.reduce((sum, r) => sum + r.repeats, 0);

    // Per member: its stack's request published (PhoneHome CREATE_IN_PROGRESS) → its connection connected.
    const connectedAt = new Map(members.map((m) => [m.accountId, m.connectedAt?.getTime()]));
    const perMember = memberStacks.flatMap((s) => {
      const published = s.events.find((e) => e.logicalResourceId === "PhoneHome" && e.status === "CREATE_IN_PROGRESS");
      const at = connectedAt.get(s.accountId);
      return published && at !== undefined ? [at - Date.parse(published.timestamp)] : [];
    });
    const member = summarize(perMember);
    // Where a member's time goes: SNS + the endpoint storing it, then the queue and the checks until the answer.
    const requests = await db.cfnRequest.findMany({
      where: { requestType: "Create", claimedAccount: { in: org.members } },
      select: { stackId: true, createdAt: true, respondedAt: true },
    });
    const publishedAt = new Map(
      memberStacks.map((s) => [s.stackId, s.events.find((e) => e.logicalResourceId === "PhoneHome" && e.status === "CREATE_IN_PROGRESS")]),
    );
    const storedMs = summarize(
      requests.flatMap((r) => {
        const published = publishedAt.get(r.stackId);
        return published ? [r.createdAt.getTime() - Date.parse(published.timestamp)] : [];
      }),
    );
    const answeredMs = summarize(requests.flatMap((r) => (r.respondedAt ? [r.respondedAt.getTime() - r.createdAt.getTime()] : [])));
    const peak = peakInProgress(memberStacks);
    const seconds = (ms: number) => round(ms / 1000, 1);
    const loadAtEnd = os.loadavg();

    return {
      name: "organization",
      title: `Organization of ${count} member accounts, StackSet concurrency 100 (production server, worker on)`,
      durationMs: Date.now() - started,
      figures: [
        {
          metric: `StackSet start → all ${count} members connected`,
          value: allConnected ? seconds(toAllConnectedMs) : `${connected} of ${count} by the deadline`,
          unit: allConnected ? "s" : undefined,
          baseline: { label: "sandbox alone, answers after IAM propagation", value: seconds(floor.stackSetToCompleteMs), unit: "s" },
          ratio: allConnected ? toAllConnectedMs / floor.stackSetToCompleteMs : undefined,
          target: "< 300 s",
          met: allConnected && toAllConnectedMs < TARGET_MS,
        },
        {
          metric: "StackSet start → organization stack CREATE_COMPLETE",
          value: rolloutEnded === undefined ? done.status : seconds(rolloutEnded - stackSetStarted),
          unit: rolloutEnded === undefined ? undefined : "s",
          baseline: { label: "sandbox alone", value: seconds(floor.stackSetToCompleteMs), unit: "s" },
          ratio: rolloutEnded === undefined ? undefined : (rolloutEnded - stackSetStarted) / floor.stackSetToCompleteMs,
        },
        {
          metric: "members connected per second",
          value: allConnected ? round(count / (toAllConnectedMs / 1000), 1) : "n/a",
          baseline: { label: "sandbox alone", value: round(count / (floor.stackSetToCompleteMs / 1000), 1) },
        },
        {
          metric: "member request published → connected: p50 / max",
          value: `${Math.round(member.p50)} / ${Math.round(member.max)}`,
          unit: "ms",
          baseline: { label: "IAM propagation", value: IAM_PROPAGATION_MS, unit: "ms" },
        },
        {
          metric: "no message lost: each Notification stored once, by MessageId",
          value: `${storedOnce} of ${sent.size}`,
          target: `all, and ${count + 1} sent`,
          met: storedOnce === sent.size && sent.size === count + 1,
        },
        {
          metric: "member stacks CREATE_COMPLETE and answered exactly once",
          value: `${answeredOnce} of ${count}`,
          target: "all, no repeats",
          met: answeredOnce === count && memberStacks.length === count && repeats === 0,
        },
        {
          metric: "member stacks in progress at once: peak",
          value: peak,
          baseline: { label: "sandbox alone", value: floor.peakInProgress },
          target: "≤ 100 (MaxConcurrentCount)",
          met: peak <= 100,
        },
      ],
      details: {
        accounts: count,
        iamPropagationMs: IAM_PROPAGATION_MS,
        floor,
        stackSetStartedAt: new Date(stackSetStarted).toISOString(),
        organizationStack: { status: done.status, failureReason: done.failureReason },
        membersByStatus: Object.fromEntries([...groupBy(members, (m) => m.status)].map(([k, v]) => [k, v.length])),
        memberPublishedToConnectedMs: member,
        memberPublishedToStoredMs: storedMs,
        memberStoredToRespondedMs: answeredMs,
        notificationsSent: sent.size,
        snsRetries,
        responseRepeats: repeats,
        loadAverage: { atStart: loadAtStart.map((l) => round(l, 2)), atEnd: loadAtEnd.map((l) => round(l, 2)) },
      },
    };
  } finally {
    await endLocalStackRun({ savedEnv: saved, app, stack, dataDir });
  }
}

/** Map.groupBy arrives with Node 21; the machines run Node 20. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
