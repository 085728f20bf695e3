/**
 * Benchmark 5: first-load JS of /connect and /admin, in kB gzip, from the
 * build output. A route loads the root main files (build-manifest.json: the
 * React/Next runtime every page shares) plus the entry chunks of its root
 * layout, its segment layouts and its page (the route's
 * page_client-reference-manifest.js, `entryJSFiles`). The shared runtime is
 * the baseline: what is left is what rolelink's own code adds.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import type { BenchResult, Figure } from "./support/report";
import { round } from "./support/stats";
import { root } from "./support/next-server";

const NEXT = path.join(root, ".next");
const ROUTES = [
  { route: "/connect", budgetKb: undefined },
  { route: "/admin", budgetKb: undefined },
];

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(NEXT, file), "utf8")) as T;
}

/** Evaluates the manifest module in an empty context (it only assigns a global). */
function clientManifest(appPath: string): { entryJSFiles: Record<string, string[]> } {
  const file = path.join(NEXT, "server", "app", `${appPath}_client-reference-manifest.js`);
  const context: Record<string, unknown> = {};
  context.globalThis = context;
  vm.runInNewContext(readFileSync(file, "utf8"), context, { timeout: 1_000 });
  const manifests = context.__RSC_MANIFEST as Record<string, { entryJSFiles: Record<string, string[]> }>;
  const manifest = manifests[appPath];
  if (!manifest) throw new Error(`no client manifest for ${appPath}`);
  return manifest;
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();

function sizes(chunk: string): { raw: number; gzip: number } {
  let hit = gzipCache.get(chunk);
  if (!hit) {
    const bytes = readFileSync(path.join(NEXT, chunk));
    hit = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    gzipCache.set(chunk, hit);
  }
  return hit;
}

const kb = (bytes: number) => round(bytes / 1024, 1);

function total(chunks: Iterable<string>): { raw: number; gzip: number; count: number } {
  let raw = 0;
  let gzip = 0;
  let count = 0;
  for (const chunk of chunks) {
    const s = sizes(chunk);
    raw += s.raw;
    gzip += s.gzip;
    count++;
  }
  return { raw, gzip, count };
}

/** Reads the build's manifests and files only: no server, nothing to await. */
export function runPageWeightBench(): BenchResult {
  const started = Date.now();
  if (!existsSync(path.join(NEXT, "BUILD_ID"))) throw new Error("no production build in .next (run with BENCH_BUILD=1)");
  const build = readJson<{ rootMainFiles: string[] }>("build-manifest.json");
  const routes = readJson<Record<string, string>>("app-path-routes-manifest.json");
  const shared = new Set(build.rootMainFiles);
  const sharedTotal = total(shared);
  const figures: Figure[] = [{ metric: "shared runtime (every page)", value: kb(sharedTotal.gzip), unit: "kB gzip" }];
  const details: Record<string, unknown> = { sharedChunks: [...shared] };

  for (const { route } of ROUTES) {
    const appPath = Object.entries(routes).find(([key, value]) => value === route && key.endsWith("/page"))?.[0];
    if (!appPath) throw new Error(`route ${route} is not in the build`);
    const pageDir = path.posix.dirname(appPath); // e.g. /(customer)/connect
    const entries = clientManifest(appPath).entryJSFiles;
    // The page itself and every layout on its path (the root layout included).
    const wanted = Object.keys(entries).filter((key) => {
      const match = /^\[project\]\/app(.*)\/(layout|page)$/.exec(key);
      if (!match) return false;
      const dir = match[1] || "/";
      return match[2] === "page"
        ? key === `[project]/app${appPath.replace(/\/page$/, "")}/page`
        : pageDir === dir || pageDir.startsWith(dir === "/" ? "/" : `${dir}/`);
    });
    const chunks = new Set<string>(shared);
    for (const key of wanted) for (const chunk of entries[key] ?? []) chunks.add(chunk);
    const all = total(chunks);
    const own = total([...chunks].filter((c) => !shared.has(c)));
    figures.push({
      metric: `${route} first-load JS`,
      value: kb(all.gzip),
      unit: "kB gzip",
      baseline: { label: "shared runtime", value: kb(sharedTotal.gzip), unit: "kB" },
      ratio: round(all.gzip / sharedTotal.gzip, 3),
    });
    details[route] = {
      appPath,
      entries: wanted,
      chunks: [...chunks].map((c) => ({ chunk: c, ...sizes(c) })),
      totalKbGzip: kb(all.gzip),
      totalKbRaw: kb(all.raw),
      beyondSharedKbGzip: kb(own.gzip),
    };
  }
  return { name: "page-weight", title: "First-load JS from the build output", durationMs: Date.now() - started, figures, details };
}
