/** Real route handlers behind a loopback HTTP server, for clients that speak HTTP (the CLI). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export interface Route {
  method: string;
  /** e.g. /api/v1/connections/:id/credentials */
  path: string;
  handler: Handler;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(":")) params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

export async function startRouteServer(routes: Route[]): Promise<{ origin: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => void answer().catch((error: unknown) => res.writeHead(500).end(String(error))));
    async function answer() {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const route = routes.map((r) => ({ r, params: r.method === req.method ? match(r.path, url.pathname) : null })).find((m) => m.params);
      if (!route?.params) return void res.writeHead(404).end();
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const response = await route.r.handler(new Request(url, { method: req.method, headers, body }), {
        params: Promise.resolve(route.params),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
