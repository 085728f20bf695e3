/**
 * A loopback round-robin HTTP proxy for benchmark 1, in its own process: each
 * request goes to the next of BENCH_UPSTREAMS (comma-separated origins) over a
 * keep-alive agent, so two `next start` processes share the load the way two
 * instances behind a load balancer would.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { announce } from "./support/children";

const upstreams = (process.env.BENCH_UPSTREAMS ?? "")
  .split(",")
  .filter(Boolean)
  .map((origin) => new URL(origin));
if (upstreams.length === 0) throw new Error("BENCH_UPSTREAMS is not set");
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = createServer((req, res) => {
  const upstream = upstreams[next++ % upstreams.length]!;
  const forward = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on("error", (error: NodeJS.ErrnoException) => {
    // Said out loud: a 502 here is the proxy's, not the app's.
    console.error(`round-robin proxy: ${upstream.host} ${error.code ?? error.message}`);
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => announce((server.address() as AddressInfo).port));
