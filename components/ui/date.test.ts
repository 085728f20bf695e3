import { describe, expect, it } from "vitest";
import { formatDateTime, formatRelative } from "./date";

describe("the app's one date format", () => {
  it("shows day, month, year and the time to the second, in UTC, whatever the machine's zone", () => {
    expect(formatDateTime(new Date("2026-12-02T05:07:09.500Z"))).toBe("2 Dec 2026, 05:07:09 UTC");
    expect(formatDateTime("2026-01-31T23:59:59Z")).toBe("31 Jan 2026, 23:59:59 UTC");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
  });

  it("says relative times with seconds for the last minute", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const ago = (seconds: number) => formatRelative(new Date(now.getTime() - seconds * 1000), now);
    expect(ago(2)).toBe("just now");
    expect(ago(42)).toBe("42 sec. ago");
    expect(ago(3 * 60)).toBe("3 min. ago");
    expect(ago(5 * 3600)).toBe("5 hr. ago");
    expect(ago(2 * 86_400)).toBe("2 days ago");
  });
});
