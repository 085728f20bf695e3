import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyFor } from "./target-policy";
import { sendWebhook } from "./send";

let redirecting: Server;
let target: Server;
let targetHits = 0;
let slow: Server;
const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

beforeAll(async () => {
  target = createServer((_req, res) => {
    targetHits++;
    res.writeHead(200).end();
  });
  await listen(target);
  redirecting = createServer((_req, res) => res.writeHead(307, { location: `${origin(target)}/elsewhere` }).end());
  await listen(redirecting);
  slow = createServer(() => undefined);
  await listen(slow);
});

afterAll(async () => {
  for (const server of [target, redirecting, slow]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("sendWebhook", () => {
  it("never follows a redirect: the attempt fails and the Location is not requested", async () => {
    const result = await sendWebhook(new URL(`${origin(redirecting)}/hooks`), "{}", {}, { policy: policyFor("test"), timeoutMs: 2_000 });
    expect(result).toMatchObject({ statusCode: 307, error: "redirects are not followed" });
    expect(targetHits).toBe(0);
  });

  it("gives up on an endpoint that does not answer within the attempt's timeout", async () => {
    const started = Date.now();
    const result = await sendWebhook(new URL(`${origin(slow)}/hooks`), "{}", {}, { policy: policyFor("test"), timeoutMs: 300 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
