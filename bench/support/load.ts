/** Load generation for benchmark 1: autocannon with distinct signed bodies, and the certificate host. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { round } from "./stats";
import { BENCH_TOPIC_ARN } from "./sns-messages";
import { inspect } from "node:util";

export type BodySource = ReturnType<typeof bodySource>;

export interface Body {
  id: string;
  text: string;
}

export interface Run {
  target: "floor" | "app";
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bodiesReused: number;
  statusCodes: Record<string, number>;
}

/** Serves the signing certificate, as SNS's certificate host would; counts fetches. */
export async function startCertServer(pem: string, certPath: string): Promise<{ server: Server; origin: string; fetches: () => number }> {
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === certPath) {
      fetches++;
      res.writeHead(200, { "Content-Type": "application/x-x509-ca-cert" }).end(pem);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, fetches: () => fetches };
}

/** Hands out bodies in order; past the end it wraps (and counts it: the app would see duplicates). */
export function bodySource(bodies: Body[]) {
  let next = 0;
  let reused = 0;
  return {
    take(): Body {
      if (next >= bodies.length) reused++;
      return bodies[next++ % bodies.length]!;
    },
    reusedSince(mark: number): number {
      return reused - mark;
    },
    get reused() {
      return reused;
    },
  };
}

export async function drive(url: string, connections: number, seconds: number, source: ReturnType<typeof bodySource>, signal: AbortSignal) {
  const mark = source.reused;
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 20,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => {
              const body = source.take();
              return {
                ...request,
                body: body.text,
                headers: {
                  "content-type": "text/plain; charset=UTF-8",
                  "user-agent": "Amazon Simple Notification Service Agent",
                  "x-amz-sns-message-type": "Notification",
                  "x-amz-sns-message-id": body.id,
                  "x-amz-sns-topic-arn": BENCH_TOPIC_ARN,
                },
              };
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error(inspect(error))) : resolve(result),
    );
  });
  // The budget ran out: stop the load now (autocannon then reports what it has).
  const onAbort = () => instance?.stop();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return { result: await done, reused: source.reusedSince(mark) };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

export function toRun(target: Run["target"], connections: number, r: autocannon.Result, reused: number): Run {
  return {
    target,
    connections,
    requestsPerSecond: round(r.requests.average, 1),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bodiesReused: reused,
    // Which statuses: a non-2xx must be explainable (the proxy's 502, the app's 503 or 4xx).
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
  };
}
