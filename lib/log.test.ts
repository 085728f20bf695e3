import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { log, requestIdFrom } from "./log";

let lines: string[];

beforeEach(() => {
  lines = [];
  vi.stubEnv("LOG_LEVEL", "debug");
  const capture = (chunk: string | Uint8Array) => void lines.push(String(chunk));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (capture(chunk), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (capture(chunk), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("structured logs", () => {
  it("writes one JSON object per line, secrets redacted at any depth", () => {
    log.error("boom", { user: "a@b.c", password: "hunter22", nested: { SessionToken: "IQo...", ok: 1 } });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(parsed()[0]).toMatchObject({
      level: "error",
      msg: "boom",
      user: "a@b.c",
      password: "[redacted]",
      nested: { SessionToken: "[redacted]", ok: 1 },
    });
    expect(lines[0]).not.toContain("hunter22");
  });

  it("a bound logger adds the request ID to every line and still redacts", () => {
    const requestLog = log.with({ requestId: "req-12345678" });
    requestLog.info("first");
    requestLog.with({ route: "/api/ready" }).warn("second", { secretAccessKey: "abc" });
    expect(parsed()).toEqual([
      expect.objectContaining({ msg: "first", requestId: "req-12345678" }),
      expect.objectContaining({ msg: "second", requestId: "req-12345678", route: "/api/ready", secretAccessKey: "[redacted]" }),
    ]);
  });

  it("honours LOG_LEVEL", () => {
    vi.stubEnv("LOG_LEVEL", "warn");
    log.info("quiet");
    log.warn("loud");
    expect(parsed().map((l) => l.msg)).toEqual(["loud"]);
  });
});

describe("request IDs", () => {
  it("keeps a sane upstream x-request-id", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "lb-7f3a9c2e-0001" }))).toBe("lb-7f3a9c2e-0001");
    expect(requestIdFrom(new Headers({ "x-request-id": " 0f8fad5b-d9cb-469f-a165-70867728950e " }))).toBe(
      "0f8fad5b-d9cb-469f-a165-70867728950e",
    );
  });

  it("replaces a missing, oversized or line-breaking one with a new UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const headers of [
      new Headers(),
      new Headers({ "x-request-id": "x".repeat(500) }),
      new Headers({ "x-request-id": 'a", "level": "fake' }),
      new Headers({ "x-request-id": "short" }),
    ]) {
      expect(requestIdFrom(headers)).toMatch(uuid);
    }
    expect(requestIdFrom(new Headers())).not.toBe(requestIdFrom(new Headers()));
  });
});
