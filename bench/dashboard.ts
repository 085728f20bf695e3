/**
 * Benchmark 4: the /admin table's queries (lib/admin/connection-query.ts,
 * through the app's Prisma client, as lib/data/admin-connections.ts runs them)
 * at 100,000 connections: first page, a filtered page and a deep keyset page,
 * 50 timed requests each, with EXPLAIN's plan nodes. Baseline: `SELECT 1`
 * through the same client (the round-trip floor of any query).
 */
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { seedConnections } from "@/scripts/seed/connections";
import { connectionListSql, type ConnectionQuery } from "@/lib/admin/connection-query";
import { PAGE_SIZE } from "@/lib/admin/list-params";
import { pick } from "./support/budget";
import type { BenchResult, Figure } from "./support/report";
import { round, summarize, type Summary } from "./support/stats";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const flatten = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(flatten)];

async function explain(query: Prisma.Sql): Promise<{ nodes: PlanNode[]; executionMs: number }> {
  const [row] = await db.$queryRaw<Array<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>>(
    Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`,
  );
  const plan = row?.["QUERY PLAN"][0];
  if (!plan) throw new Error("EXPLAIN returned no plan");
  return { nodes: flatten(plan.Plan), executionMs: plan["Execution Time"] };
}

async function time(run: () => Promise<unknown>, requests: number): Promise<Summary> {
  for (let i = 0; i < 5; i++) await run(); // warm the plan cache and the pool
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export async function runDashboardBench(): Promise<BenchResult> {
  const started = Date.now();
  const rows = pick(100_000, 100_000);
  const requests = pick(50, 20);
  const seedStarted = Date.now();
  await seedConnections(db, { connections: rows, customers: 2_000, emailDomain: "seed.bench.test" });
  await db.$executeRawUnsafe("ANALYZE");
  const seedMs = Date.now() - seedStarted;

  // A cursor 90% of the way down the newest-first list: the deep page an offset query would crawl to.
  const [deep] = await db.$queryRaw<Array<{ created_at: Date; id: string }>>`
    SELECT created_at, id::text AS id FROM connections ORDER BY created_at DESC, id DESC OFFSET ${Math.floor(rows * 0.9)} LIMIT 1`;
  if (!deep) throw new Error("seeding produced no rows");
  const limit = PAGE_SIZE + 1; // as listAdminConnections asks: one extra row tells whether a next page exists
  const base: ConnectionQuery = { search: { kind: "none" }, sort: "newest", cursor: null, limit };
  const shapes: Array<{ name: string; query: ConnectionQuery }> = [
    { name: "first page", query: base },
    { name: "filtered page (status=broken, by last verified)", query: { ...base, status: "broken", sort: "verified" } },
    { name: "deep keyset page (row 90,000)", query: { ...base, cursor: { k: deep.created_at.toISOString(), id: deep.id } } },
    { name: "account ID prefix search", query: { ...base, search: { kind: "account", prefix: "4242" } } },
  ];

  const floor = await time(() => db.$queryRaw`SELECT 1`, requests);
  const figures: Figure[] = [
    { metric: "floor: SELECT 1 round trip p50 / p95", value: `${round(floor.p50, 2)} / ${round(floor.p95, 2)}`, unit: "ms" },
  ];
  const plans: Record<string, unknown> = {};
  for (const shape of shapes) {
    const sql = connectionListSql(shape.query);
    const { nodes, executionMs } = await explain(sql);
    const timing = await time(() => db.$queryRaw(sql), requests);
    const onConnections = nodes.filter((n) => n["Relation Name"] === "connections");
    const seqScan = onConnections.some((n) => n["Node Type"] === "Seq Scan");
    const plan = nodes.map((n) => (n["Index Name"] ? `${n["Node Type"]} using ${n["Index Name"]}` : n["Node Type"])).join(" → ");
    plans[shape.name] = { plan, executionMs: round(executionMs, 2), timing };
    figures.push({
      metric: `${shape.name}: p50 / p95`,
      value: `${round(timing.p50, 1)} / ${round(timing.p95, 1)}`,
      unit: "ms",
      baseline: { label: "SELECT 1 p95", value: round(floor.p95, 2), unit: "ms" },
      ratio: round(timing.p95 / floor.p95, 1),
      target: "p95 ≤ 100 ms, no Seq Scan",
      met: timing.p95 <= 100 && !seqScan,
    });
    const scans = onConnections.map((n) => `${n["Node Type"]}${n["Index Name"] ? ` (${n["Index Name"]})` : ""}`).join(", ");
    figures.push({ metric: "  plan on connections", value: scans || "none" });
  }
  // Every /admin load also counts connections by status (a scan of the status index).
  const counts = await time(() => db.connection.groupBy({ by: ["status"], _count: { _all: true } }), requests);
  figures.push({
    metric: "status counts (every /admin load): p50 / p95",
    value: `${round(counts.p50, 1)} / ${round(counts.p95, 1)}`,
    unit: "ms",
    target: "p95 ≤ 100 ms",
    met: counts.p95 <= 100,
  });

  return {
    name: "dashboard",
    title: `/admin queries at ${rows.toLocaleString("en")} connections`,
    durationMs: Date.now() - started,
    figures,
    details: { rows, requestsPerShape: requests, seedMs, floor, plans, statusCounts: counts },
  };
}
