/**
 * One "web process" for the scale-out test: the real /api/sns route handler
 * behind node:http in its own Node process (as each `next start` instance
 * runs it), on the test database. Prints `listening <port>` once ready.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { POST } from "@/app/api/sns/route";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    void POST(new Request("http://localhost/api/sns", { method: "POST", body: Buffer.concat(chunks).toString("utf8"), headers }))
      .then(async (response) => res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text()))
      .catch(() => res.writeHead(500).end());
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.once("SIGTERM", () => process.exit(0));
