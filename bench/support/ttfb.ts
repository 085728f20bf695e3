/** Server time to first byte of one GET on loopback: request sent → first body byte (headers alone can come early). */
import http from "node:http";

export interface Timing {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function timeGet(url: URL, cookie: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = Number.NaN;
    let bytes = 0;
    const request = http.get(url, { agent, headers: { cookie, accept: "text/html" } }, (response) => {
      response.on("data", (chunk: Buffer) => {
        if (Number.isNaN(first)) first = performance.now();
        bytes += chunk.length;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, ttfbMs: first - started, totalMs: performance.now() - started, bytes }),
      );
      response.on("error", reject);
    });
    request.setTimeout(15_000, () => request.destroy(new Error(`timeout: ${url.pathname}`)));
    request.on("error", reject);
  });
}
