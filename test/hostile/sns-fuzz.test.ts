/**
 * Property-based fuzzing of POST /api/sns (the real route handler, called
 * directly): random JSON, tampered and hostile envelopes, oversized and
 * invalid UTF-8 bodies. Every one must be refused with a 4xx, write nothing,
 * and make no outbound request beyond the loopback sandbox origin (where the
 * signing certificate lives); /api/health must still answer 200 afterwards.
 * `npm run soak` runs the same property with HOSTILE_FUZZ_RUNS=10000.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordOutbound, type OutboundRecorder } from "@/test/outbound-recorder";
import { testSigningIdentity, TEST_TOPIC_ARN } from "@/test/sns-signing";
import { fuzzBodies, type FuzzBody } from "./sns-arbitraries";

const RUNS = Number(process.env.HOSTILE_FUZZ_RUNS ?? 1000);

let recorder: OutboundRecorder;
let certServer: Server;
let origin: string;
const served: string[] = [];

beforeAll(async () => {
  const { certificatePem } = await testSigningIdentity();
  certServer = createServer((req, res) => {
    served.push(`${req.method} ${req.url}`);
    if (req.method === "GET" && req.url?.endsWith(".pem")) return res.end(certificatePem);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => certServer.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(certServer.address() as AddressInfo).port}`;
  process.env.AWS_SANDBOX_URL = `${origin}/`;
  // Before the route is imported: its certificate fetcher captures fetch on first use.
  recorder = recordOutbound();
});

afterAll(async () => {
  recorder.restore();
  certServer.closeAllConnections();
  await new Promise<void>((resolve) => certServer.close(() => resolve()));
});

async function storedCounts() {
  const { db } = await import("@/lib/db");
  const [snsMessages, cfnRequests, events, subscriptions, connections] = await Promise.all([
    db.snsMessage.count(),
    db.cfnRequest.count(),
    db.event.count(),
    db.snsSubscription.count(),
    db.connection.count(),
  ]);
  return { snsMessages, cfnRequests, events, subscriptions, connections };
}

it(
  `refuses ${RUNS} hostile bodies: no 2xx, no 5xx, nothing stored, nothing fetched outside the sandbox`,
  async () => {
    const { POST } = await import("@/app/api/sns/route");
    const { GET: health } = await import("@/app/api/health/route");
    const identity = await testSigningIdentity();
    const before = await storedCounts();
    const byKind = new Map<string, Map<number, number>>();
    let tried = 0;

    await fc.assert(
      fc.asyncProperty(fuzzBodies({ identity, origin, topicArn: TEST_TOPIC_ARN }), async ({ kind, body, headers }: FuzzBody) => {
        tried++;
        const response = await POST(
          new Request("http://localhost/api/sns", {
            method: "POST",
            body: body as BodyInit,
            headers: { "content-type": "text/plain; charset=UTF-8", ...headers },
          }),
        );
        const statuses = byKind.get(kind) ?? new Map<number, number>();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        byKind.set(kind, statuses);
        const answer = (await response.json()) as { error?: string };
        // 4xx = "delivered, never retry": a forgery is final, and never a 5xx retry loop.
        expect(response.status, `${kind}: ${JSON.stringify(answer)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${kind}: ${JSON.stringify(answer)}`).toBeLessThan(500);
        expect(typeof answer.error).toBe("string");
      }),
      { numRuns: RUNS },
    );

    expect(await storedCounts()).toEqual(before);
    const outside = recorder.outside([origin]);
    expect(outside).toEqual([]);
    // The only thing ever fetched: the sandbox's certificate, once (then cached).
    expect(recorder.requests.every((r) => r.method === "GET" && r.url.endsWith(".pem"))).toBe(true);
    expect(served.every((line) => /^GET \/[^?#]*\.pem$/.test(line))).toBe(true);
    expect((await health()).status).toBe(200);

    const summary = Object.fromEntries([...byKind].map(([kind, statuses]) => [kind, Object.fromEntries(statuses)]));
    const total = [...byKind.values()].flatMap((m) => [...m]).reduce((n, [, c]) => n + c, 0);
    console.info(
      JSON.stringify({
        fuzz: {
          tried,
          total,
          accepted: 0,
          fiveXx: 0,
          outbound: recorder.requests.length,
          outsideAllowList: outside.length,
          byKind: summary,
        },
      }),
    );
    expect(total).toBe(tried);
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  },
  Math.max(60_000, RUNS * 100),
);
