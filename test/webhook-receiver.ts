/** A vendor's webhook receiver on loopback: verifies every delivery with the standardwebhooks package. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  type: string;
  verified: boolean;
  answered: number;
  body: { type: string; data: { connection: { id: string; status: string }; previousStatus: string | null } };
  signature: string;
  raw: { body: string; headers: Record<string, string> };
}

export async function startReceiver(secret: () => string, answer: (id: string, seen: number) => number = () => 204) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      let verified = false;
      try {
        new Webhook(secret()).verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      const id = headers["webhook-id"] ?? "";
      const status = verified ? answer(id, received.filter((r) => r.id === id).length) : 400;
      const parsed = JSON.parse(body) as Received["body"];
      received.push({
        id,
        type: parsed.type,
        verified,
        answered: status,
        body: parsed,
        signature: headers["webhook-signature"] ?? "",
        raw: { body, headers },
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    /** Ids the receiver accepted (answered 2xx), in order. */
    accepted: () => received.filter((r) => r.answered < 300).map((r) => r.id),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
