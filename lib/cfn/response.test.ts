import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildResponseBody, MAX_RESPONSE_BYTES, sendCfnResponse, type SendAttempt } from "./response";

const request = {
  StackId: "arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-x/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c",
  RequestId: "a2b21671-1b4a-4cd2-8c73-2ca4b8ef1f2a",
  LogicalResourceId: "PhoneHome",
};

describe("buildResponseBody", () => {
  it("has the fields CloudFormation reads", () => {
    const body = buildResponseBody({
      status: "SUCCESS",
      reason: "ok",
      physicalResourceId: "rolelink-1",
      request,
      data: { RoleArn: "arn:x" },
    });
    expect(JSON.parse(body)).toEqual({
      Status: "SUCCESS",
      Reason: "ok",
      PhysicalResourceId: "rolelink-1",
      ...request,
      Data: { RoleArn: "arn:x" },
    });
    expect(JSON.parse(buildResponseBody({ status: "SUCCESS", physicalResourceId: "p", request, noEcho: true })).NoEcho).toBe(true);
  });

  it("requires a Reason on FAILED and a valid PhysicalResourceId", () => {
    expect(() => buildResponseBody({ status: "FAILED", reason: "  ", physicalResourceId: "p", request })).toThrow(/Reason/);
    expect(() => buildResponseBody({ status: "SUCCESS", reason: "", physicalResourceId: "", request })).toThrow(/PhysicalResourceId/);
    expect(() => buildResponseBody({ status: "SUCCESS", physicalResourceId: "x".repeat(1025), request })).toThrow(/PhysicalResourceId/);
  });

  it.each([
    ["ASCII", "a".repeat(10_000)],
    ["multi-byte", "é€".repeat(3000)],
    ["astral (surrogate pairs)", "🔑".repeat(3000)],
    ["characters JSON escapes", '"\\\n\u0001'.repeat(3000)],
  ])("shortens a long %s Reason to fit 4096 UTF-8 bytes, keeping as much as fits", (_name, reason) => {
    const body = buildResponseBody({ status: "FAILED", reason, physicalResourceId: "rolelink-1", request });
    expect(Buffer.byteLength(body, "utf8")).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    const parsed = JSON.parse(body) as { Reason: string; Status: string };
    expect(parsed.Status).toBe("FAILED");
    expect(parsed.Reason.endsWith("…")).toBe(true);
    const kept = parsed.Reason.slice(0, -1);
    expect(reason.startsWith(kept)).toBe(true);
    expect(kept).not.toMatch(/[\uD800-\uDBFF]$/); // no half surrogate pair
    const oneMore = Array.from(reason)
      .slice(0, Array.from(kept).length + 1)
      .join("");
    expect(Buffer.byteLength(JSON.stringify({ ...JSON.parse(body), Reason: oneMore + "…" }), "utf8")).toBeGreaterThan(MAX_RESPONSE_BYTES);
  });
});

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let origin: string;
const received: Received[] = [];
let replies: Array<number | "hang"> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const reply = replies.shift() ?? 200;
      if (reply === "hang") return; // never answers: the client must time out
      res.writeHead(reply, reply >= 300 && reply < 400 ? { Location: `${origin}/elsewhere` } : {});
      res.end(reply >= 400 ? "<Error><Code>SignatureDoesNotMatch</Code></Error>" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  replies = [];
});

const body = buildResponseBody({ status: "SUCCESS", reason: "rolelink verified access", physicalResourceId: "rolelink-1", request });
// Short retry delays; a per-attempt timeout no busy machine reaches (the timeout test sets its own).
const fast = { baseDelayMs: 5, timeoutMs: 10_000 };

describe("sendCfnResponse (loopback server as the sandbox S3)", () => {
  it("PUTs the body with an empty Content-Type to the presigned URL", async () => {
    const result = await sendCfnResponse(`${origin}/bucket/key?X-Amz-Signature=abc`, body, { ...fast, sandboxUrl: origin });
    expect(result).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(received).toHaveLength(1);
    const [put] = received;
    expect(put!.method).toBe("PUT");
    expect(put!.url).toBe("/bucket/key?X-Amz-Signature=abc");
    expect(put!.headers["content-type"]).toBe(""); // present and empty, not text/plain
    expect(put!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(JSON.parse(put!.body)).toEqual({
      Status: "SUCCESS",
      Reason: "rolelink verified access",
      PhysicalResourceId: "rolelink-1",
      ...request,
    });
  });

  it("retries a 500 and succeeds once, reporting every attempt", async () => {
    replies = [500, 200];
    const attempts: SendAttempt[] = [];
    const result = await sendCfnResponse(`${origin}/r`, body, { ...fast, sandboxUrl: origin, onAttempt: (a) => void attempts.push(a) });
    expect(result).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(received).toHaveLength(2);
    expect(attempts).toEqual([
      { attempt: 1, status: 500 },
      { attempt: 2, status: 200 },
    ]);
  });

  it("retries a timeout", async () => {
    replies = ["hang", 200];
    const attempts: SendAttempt[] = [];
    const result = await sendCfnResponse(`${origin}/r`, body, {
      baseDelayMs: 5,
      timeoutMs: 200,
      sandboxUrl: origin,
      onAttempt: (a) => void attempts.push(a),
    });
    expect(result).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(attempts[0]).toEqual({ attempt: 1, error: "timeout" });
  });

  it("does not retry a 4xx, and gives up after the configured attempts on 5xx", async () => {
    replies = [403];
    expect(await sendCfnResponse(`${origin}/r`, body, { ...fast, sandboxUrl: origin })).toEqual({ ok: false, attempts: 1, status: 403 });
    expect(received).toHaveLength(1);
    received.length = 0;
    replies = [503, 503, 503];
    expect(await sendCfnResponse(`${origin}/r`, body, { ...fast, attempts: 3, sandboxUrl: origin })).toEqual({
      ok: false,
      attempts: 3,
      status: 503,
    });
    expect(received).toHaveLength(3);
  });

  it("does not follow a redirect", async () => {
    replies = [307];
    const result = await sendCfnResponse(`${origin}/r`, body, { ...fast, sandboxUrl: origin });
    expect(result.ok).toBe(false);
    expect(received.map((r) => r.url)).toEqual(["/r"]);
  });

  it("survives a failing onAttempt recorder", async () => {
    const result = await sendCfnResponse(`${origin}/r`, body, {
      ...fast,
      sandboxUrl: origin,
      onAttempt: () => Promise.reject(new Error("db down")),
    });
    expect(result.ok).toBe(true);
  });

  it("reports a refused connection as an error and retries", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const attempts: SendAttempt[] = [];
    const result = await sendCfnResponse(`${deadOrigin}/r`, body, {
      ...fast,
      attempts: 2,
      sandboxUrl: deadOrigin,
      onAttempt: (a) => void attempts.push(a),
    });
    expect(result).toEqual({ ok: false, attempts: 2 });
    expect(attempts).toEqual([
      { attempt: 1, error: "ECONNREFUSED" },
      { attempt: 2, error: "ECONNREFUSED" },
    ]);
  });
});

describe("sendCfnResponse refuses untrusted URLs without any request", () => {
  it.each([
    "https://evil.example/steal",
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/x",
    "http://169.254.169.254/latest/meta-data/",
    "not a url",
  ])("%s", async (url) => {
    const calls: unknown[] = [];
    const spy = (async (...args: unknown[]) => {
      calls.push(args);
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    expect(await sendCfnResponse(url, body, { fetch: spy, sandboxUrl: origin })).toEqual({ ok: false, attempts: 0, refused: true });
    expect(calls).toHaveLength(0);
    expect(received).toHaveLength(0);
  });

  it("the loopback server is not trusted without sandboxUrl", async () => {
    expect(await sendCfnResponse(`${origin}/r`, body, fast)).toMatchObject({ ok: false, attempts: 0 });
    expect(received).toHaveLength(0);
  });

  it("a real CloudFormation response URL is sent to (through the given fetch)", async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const spy = (async (input: URL | RequestInfo, init?: RequestInit) => {
      seen.push({ url: input instanceof Request ? input.url : input.toString(), init });
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const url = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/a?X-Amz-Signature=s";
    expect(await sendCfnResponse(url, body, { fetch: spy })).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(seen[0]?.url).toBe(url);
    expect(seen[0]?.init).toMatchObject({ method: "PUT", headers: { "Content-Type": "" }, redirect: "manual", body });
  });
});
