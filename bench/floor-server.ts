/**
 * The floor for benchmark 1, run as its own process: a bare node:http server
 * that reads the body, parses it and does only what verification cannot skip —
 * build the string to sign and crypto.verify it with a cached public key.
 */
import { createPublicKey, verify } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { snsStringToSign, type SignableSnsFields } from "@/lib/sns/string-to-sign";
import { announce } from "./support/children";

const pem = process.env.BENCH_CERT_PEM;
if (!pem) throw new Error("BENCH_CERT_PEM is not set");
const key = createPublicKey(pem);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let ok = false;
    try {
      const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SignableSnsFields & { Signature: string };
      ok = verify("sha256", Buffer.from(snsStringToSign(message), "utf8"), key, Buffer.from(message.Signature, "base64"));
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 200 : 403, { "Content-Type": "application/json" }).end(ok ? '{"result":"verified"}' : '{"error":"bad_signature"}');
  });
});
server.listen(0, "127.0.0.1", () => announce((server.address() as AddressInfo).port));
