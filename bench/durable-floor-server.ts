/**
 * The durable floor for benchmark 1, in its own process: a bare node:http
 * server that verifies the signature as the verify-only floor does, then does
 * the same durable work as /api/sns — the very statement the route runs
 * (lib/connections/stack-requests/accept-sql.ts: dedupe, stored request,
 * event and pg-boss job in one INSERT … ON CONFLICT), as the same named
 * prepared statement, through raw `pg` on the same PostgreSQL, with a pool as
 * large as the app's. What /api/sns adds
 * on top of this is Next.js, zod and our own code.
 */
import { createPublicKey, verify } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { acceptQuery, type AcceptFields } from "@/lib/connections/stack-requests/accept-sql";
import { snsStringToSign, type SignableSnsFields } from "@/lib/sns/string-to-sign";
import { announce } from "./support/children";

const pem = process.env.BENCH_CERT_PEM;
const connectionString = process.env.DATABASE_URL;
if (!pem || !connectionString) throw new Error("BENCH_CERT_PEM and DATABASE_URL must be set");
const key = createPublicKey(pem);
const pool = new pg.Pool({ connectionString, max: 10 });

type Message = SignableSnsFields & { Signature: string; MessageId: string; Type: string; TopicArn: string; Message: string };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let message: Message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Message;
      if (!verify("sha256", Buffer.from(snsStringToSign(message), "utf8"), key, Buffer.from(message.Signature, "base64")))
        throw new Error("bad signature");
    } catch {
      res.writeHead(403, { "Content-Type": "application/json" }).end('{"error":"bad_signature"}');
      return;
    }
    let fields: AcceptFields;
    try {
      fields = {
        messageId: message.MessageId,
        type: message.Type,
        topicArn: message.TopicArn,
        request: JSON.parse(message.Message) as AcceptFields["request"],
      };
    } catch {
      res.writeHead(400, { "Content-Type": "application/json" }).end('{"error":"not_a_custom_resource_request"}');
      return;
    }
    pool.query(acceptQuery(fields)).then(
      (result) =>
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(result.rowCount ? '{"result":"accepted"}' : '{"result":"duplicate"}'),
      () => res.writeHead(503, { "Content-Type": "application/json" }).end('{"error":"unavailable"}'),
    );
  });
});
server.listen(0, "127.0.0.1", () => announce((server.address() as AddressInfo).port));
