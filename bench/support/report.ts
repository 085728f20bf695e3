/** The shape every benchmark returns, the printed table and bench/results.json. */
import { writeFileSync } from "node:fs";
import os from "node:os";

export interface Figure {
  metric: string;
  value: number | string;
  unit?: string;
  /** The same-run baseline this figure is compared with. */
  baseline?: { label: string; value: number; unit?: string };
  /** value / baseline (or the reverse for latencies), as the metric says. */
  ratio?: number;
  target?: string;
  /** Whether the target was met; undefined when there is no target. */
  met?: boolean;
}

export interface BenchResult {
  name: string;
  title: string;
  durationMs: number;
  figures: Figure[];
  /** Everything else worth keeping (raw runs, plans, breakdowns). */
  details?: Record<string, unknown>;
  error?: string;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number")
    return Number.isInteger(value) ? value.toLocaleString("en") : value.toLocaleString("en", { maximumFractionDigits: 3 });
  return typeof value === "string" ? value : JSON.stringify(value);
}

function tableRows(results: BenchResult[]): string[][] {
  const rows: string[][] = [["benchmark", "metric", "value", "baseline", "ratio", "target", "ok"]];
  for (const result of results) {
    if (result.error) rows.push([result.name, "ERROR", result.error, "", "", "", "✗"]);
    for (const f of result.figures) {
      rows.push([
        result.name,
        f.metric,
        `${cell(f.value)}${f.unit ? ` ${f.unit}` : ""}`,
        f.baseline ? `${f.baseline.label}: ${cell(f.baseline.value)}${f.baseline.unit ? ` ${f.baseline.unit}` : ""}` : "",
        f.ratio === undefined ? "" : `${cell(Math.round(f.ratio * 1000) / 1000)}`,
        f.target ?? "",
        f.met === undefined ? "" : f.met ? "✓" : "✗",
      ]);
    }
  }
  return rows;
}

export function printTable(results: BenchResult[]): void {
  const rows = tableRows(results);
  const widths = rows[0]!.map((_, i) => Math.min(64, Math.max(...rows.map((r) => (r[i] ?? "").length))));
  const line = (r: string[]) => r.map((c, i) => c.slice(0, 64).padEnd(widths[i] ?? 0)).join(" │ ");
  console.log(line(rows[0]!));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const r of rows.slice(1)) console.log(line(r));
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function writeResults(file: string, payload: Record<string, unknown>): void {
  writeFileSync(file, JSON.stringify(payload, null, 2) + "\n");
}

/** The same table in Markdown, for bench/README.md (`npx tsx bench/results-table.ts`). */
export function markdownTable(results: BenchResult[]): string {
  const rows = tableRows(results).map((r) => r.map((c) => c.replace(/\|/g, "\\|")));
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  return [line(rows[0]!), line(rows[0]!.map(() => "---")), ...rows.slice(1).map(line)].join("\n");
}
