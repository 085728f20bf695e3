import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./keyset";
import { classifySearch, listHref, parseListParams } from "./list-params";

describe("keyset cursors", () => {
  it("round-trip as opaque base64url", () => {
    const cursor = { k: "2026-11-21T10:00:00.123Z", id: "0b7c7e38-5d5c-4b8e-9a53-2b8f1f5a7d10" };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded, "connections")).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ k: "-infinity", id: cursor.id }), "connections")).toEqual({ k: "-infinity", id: cursor.id });
    expect(decodeCursor(encodeCursor({ k: cursor.k, id: "42" }), "events")).toEqual({ k: cursor.k, id: "42" });
  });

  it("a cursor of the other list (wrong id or key type) is dropped, never sent to the database", () => {
    const connections = encodeCursor({ k: "2026-11-21T10:00:00.123Z", id: "0b7c7e38-5d5c-4b8e-9a53-2b8f1f5a7d10" });
    const events = encodeCursor({ k: "2026-11-21T10:00:00.123Z", id: "42" });
    expect(decodeCursor(connections, "events")).toBeNull();
    expect(decodeCursor(events, "connections")).toBeNull();
    expect(decodeCursor(encodeCursor({ k: "12345", id: "0b7c7e38-5d5c-4b8e-9a53-2b8f1f5a7d10" }), "connections")).toBeNull();
    expect(decodeCursor(encodeCursor({ k: "-infinity", id: "42" }), "events")).toBeNull();
    expect(decodeCursor(encodeCursor({ k: "2026-11-21T10:00:00.123Z", id: "9999999999999999999" }), "events")).toBeNull();
  });

  it.each([
    "",
    "not base64!",
    Buffer.from("{").toString("base64url"),
    Buffer.from(JSON.stringify({ k: "yesterday", id: "1" })).toString("base64url"),
    "A".repeat(600),
  ])("rejects %j", (value) => expect(decodeCursor(value, "connections")).toBeNull());
});

describe("list params", () => {
  it("fall back to defaults on anything unexpected", () => {
    expect(parseListParams({ q: ["  1234 ", "x"], status: "hacked", sort: "random", dir: "up", size: "7" })).toEqual({
      q: "1234",
      status: undefined,
      sort: "newest",
      dir: "desc",
      size: 50,
      cursor: null,
    });
    expect(parseListParams({ status: "broken", sort: "verified", size: "100" })).toMatchObject({
      status: "broken",
      sort: "verified",
      dir: "desc",
      size: 100,
    });
    expect(parseListParams({ sort: "account" })).toMatchObject({ sort: "account", dir: "asc" });
  });

  it("search three characters or more as a substring (digits as an account ID), shorter ones as a prefix", () => {
    expect(classifySearch("1234-5678")).toEqual({ kind: "contains", needle: "12345678" });
    expect(classifySearch("Jane@Example")).toEqual({ kind: "contains", needle: "jane@example" });
    expect(classifySearch("4-2")).toEqual({ kind: "account", prefix: "42" });
    expect(classifySearch("12")).toEqual({ kind: "account", prefix: "12" });
    expect(classifySearch("ja")).toEqual({ kind: "email", prefix: "ja" });
    expect(classifySearch("  ")).toEqual({ kind: "none" });
  });

  it("build short links", () => {
    expect(listHref({})).toBe("/admin");
    expect(listHref({ q: "a b", status: "connected", sort: "verified", cursor: "abc" })).toBe(
      "/admin?q=a+b&status=connected&sort=verified&cursor=abc",
    );
    // Defaults are left out: the default direction of each sort, the default page size.
    expect(listHref({ sort: "account", dir: "asc", size: 50 })).toBe("/admin?sort=account");
    expect(listHref({ sort: "account", dir: "desc", size: 25 })).toBe("/admin?sort=account&dir=desc&size=25");
  });
});
