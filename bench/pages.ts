/**
 * Page times on the production build with 100,000 connections seeded: server
 * time to first byte (and to the last byte) of /connect/<id>, /admin,
 * /admin/accounts/<id> and /accounts, one request at a time, signed in as the
 * customer or an admin. Baseline: /api/health on the same server (no session,
 * no page render), measured in the same run.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { seedConnections } from "@/scripts/seed/connections";
import { pick } from "./support/budget";
import { baseAppEnv, startNextServer } from "./support/next-server";
import type { BenchResult, Figure } from "./support/report";
import { sessionCookie } from "./support/session-cookie";
import { summarize } from "./support/stats";
import { timeGet, type Timing } from "./support/ttfb";

const WARMUP = 5;
const P50_TARGET_MS = 50;
const P95_TARGET_MS = 150;

async function sample(url: URL, cookie: string, count: number, signal: AbortSignal): Promise<Timing[]> {
  for (let i = 0; i < WARMUP; i++) await timeGet(url, cookie);
  const timings: Timing[] = [];
  for (let i = 0; i < count && !signal.aborted; i++) {
    const timing = await timeGet(url, cookie);
    if (timing.status !== 200) throw new Error(`${url.pathname}: HTTP ${timing.status}`);
    timings.push(timing);
  }
  return timings;
}

async function fixtures() {
  const seeded = await seedConnections(db, { connections: 100_000, customers: 2_000 });
  await db.$executeRawUnsafe("ANALYZE");
  const customer = await db.user.create({ data: { email: "pages@bench.test", passwordHash: "!bench-no-login" } });
  const admin = await db.user.create({
    data: { email: "pages-admin@bench.test", passwordHash: "!bench-no-login", role: "admin", mfaEnabled: true },
  });
  // The customer's link waiting for its stack: the connect page then shows the launch card and the template review.
  const pending = await db.connection.create({
    data: { ownerId: customer.id, accountId: "123456789012", region: "us-east-1", externalId: `bench-${randomBytes(12).toString("hex")}` },
  });
  // The admin's account page for a seeded connection with a timeline.
  const [target] = await db.$queryRaw<
    Array<{ id: string }>
  >`SELECT id::text FROM connections WHERE status = 'connected' ORDER BY created_at LIMIT 1`;
  if (!target) throw new Error("no connected connection was seeded");
  await db.event.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      connectionId: target.id,
      kind: i % 2 ? "verify.succeeded" : "verify.failed",
      actor: "system",
      detail: { durationMs: i },
    })),
  });
  return { seeded, customer, admin, pendingId: pending.id, adminTargetId: target.id };
}

export async function runPagesBench(signal: AbortSignal): Promise<BenchResult> {
  const started = Date.now();
  const count = pick(60, 15);
  const seedStarted = Date.now();
  const f = await fixtures();
  const seedMs = Date.now() - seedStarted;
  console.log(`  seeded ${f.seeded.connections} connections in ${seedMs} ms`);
  const secret = randomBytes(32).toString("base64url");
  // Nothing here calls AWS: the sandbox address is a closed loopback port, there only because configuration requires one.
  const app = await startNextServer({
    ...baseAppEnv(),
    NEXTAUTH_SECRET: secret,
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    VENDOR_ACCOUNT_ID: "111111111111",
    VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/rolelink-app",
    SNS_TOPIC_ARNS: "arn:aws:sns:us-east-1:111111111111:rolelink-cfn",
    AWS_SANDBOX_URL: "http://127.0.0.1:9/",
    TEMPLATE_URL: "http://127.0.0.1:9/templates/rolelink-role.yaml",
    RUN_WORKER: "false",
  });
  try {
    const customerCookie = await sessionCookie({ id: f.customer.id, role: "customer" }, secret);
    const adminCookie = await sessionCookie({ id: f.admin.id, role: "admin" }, secret);
    const health = summarize((await sample(new URL("/api/health", app.url), "", count, signal)).map((t) => t.ttfbMs));
    const pages: Array<{ label: string; path: string; cookie: string }> = [
      { label: "/connect/<id> (pending: launch card + template review)", path: `/connect/${f.pendingId}`, cookie: customerCookie },
      { label: "/admin (first page + status counts)", path: "/admin", cookie: adminCookie },
      { label: "/admin/accounts/<id> (40-event timeline)", path: `/admin/accounts/${f.adminTargetId}`, cookie: adminCookie },
      { label: "/accounts", path: "/accounts", cookie: customerCookie },
    ];
    const figures: Figure[] = [
      { metric: "baseline: /api/health TTFB p50 / p95", value: `${health.p50.toFixed(1)} / ${health.p95.toFixed(1)}`, unit: "ms" },
    ];
    const details: Record<string, unknown> = { seededConnections: f.seeded.connections, seedMs, requestsPerPage: count, health };
    for (const page of pages) {
      const timings = await sample(new URL(page.path, app.url), page.cookie, count, signal);
      const ttfb = summarize(timings.map((t) => t.ttfbMs));
      console.log(`  ${page.path}: TTFB p50 ${ttfb.p50.toFixed(1)} ms, p95 ${ttfb.p95.toFixed(1)} ms`);
      const total = summarize(timings.map((t) => t.totalMs));
      figures.push({
        metric: `${page.label}: TTFB p50 / p95`,
        value: `${ttfb.p50.toFixed(1)} / ${ttfb.p95.toFixed(1)}`,
        unit: "ms",
        baseline: { label: "health p50", value: Number(health.p50.toFixed(1)), unit: "ms" },
        ratio: Number((ttfb.p50 / health.p50).toFixed(1)),
        target: `p50 ≤ ${P50_TARGET_MS}, p95 ≤ ${P95_TARGET_MS} ms`,
        met: ttfb.p50 <= P50_TARGET_MS && ttfb.p95 <= P95_TARGET_MS,
      });
      details[page.path.replace(/[0-9a-f-]{36}/, "<id>")] = { ttfb, total, bytes: timings[0]?.bytes };
    }
    const work = await templateWorkBeforeAfter();
    figures.push({
      metric: "connect page's template work per view, in process: cached (now)",
      value: Number(work.afterMs.toFixed(3)),
      unit: "ms",
      baseline: { label: "fresh document, as before", value: Number(work.beforeMs.toFixed(3)), unit: "ms" },
      ratio: Number((work.beforeMs / Math.max(work.afterMs, 0.001)).toFixed(1)),
    });
    figures.push({ metric: "connections seeded", value: f.seeded.connections, unit: `rows (${(seedMs / 1000).toFixed(1)} s)` });
    return {
      name: "pages",
      title: `Page TTFB on the production build, ${f.seeded.connections.toLocaleString("en")} connections seeded (${count} sequential requests per page)`,
      durationMs: Date.now() - started,
      figures,
      details,
    };
  } finally {
    await app.stop();
  }
}

/**
 * The per-request work the connect page used to repeat, measured in this
 * process in the same run: describing the template from a fresh copy of its
 * document (what every view did before the per-document cache) against the
 * cached description every view now gets.
 */
export async function templateWorkBeforeAfter(rounds = 200): Promise<{ beforeMs: number; afterMs: number }> {
  const { loadCustomerTemplate, describeTemplate, renderPermissionsPolicy } = await import("@/lib/cfn/template");
  const { document } = loadCustomerTemplate();
  const stack = { accountId: "123456789012", region: "us-east-1", stackName: "rolelink-123456789012-abcdef12" };
  const time = (fresh: boolean) => {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      const doc = fresh ? structuredClone(document) : document;
      describeTemplate(doc);
      renderPermissionsPolicy(doc, stack);
    }
    return (performance.now() - started) / rounds;
  };
  time(false);
  return { beforeMs: time(true), afterMs: time(false) };
}
