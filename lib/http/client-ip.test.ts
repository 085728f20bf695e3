import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const h = (entries: Record<string, string>) => new Headers(entries);

describe("clientIp (key for per-network limits)", () => {
  it("uses the last X-Forwarded-For entry: the one our own proxy added, not one the client wrote", () => {
    expect(clientIp(h({ "x-forwarded-for": "1.2.3.4, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("falls back to X-Real-IP, then to one shared key", () => {
    expect(clientIp(h({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(h({}))).toBe("unknown");
  });

  it("bounds what it keeps", () => {
    expect(clientIp(h({ "x-forwarded-for": "a".repeat(500) }))).toHaveLength(64);
  });
});
