import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath (after sign-in)", () => {
  it.each(["/connect", "/admin/accounts/1234?tab=events", "/accounts", "/connect/%2F%2Fevil.example"])(
    "follows the same-site path %s",
    (path) => {
      expect(safeCallbackPath(path, "/home")).toBe(path);
    },
  );

  it.each([
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/connect",
    "http:evil.example",
    "javascript:alert(1)",
    "/.//evil.example",
    "/./\\evil.example",
    "/x/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " /evil",
    "connect",
    "",
    "/" + "a".repeat(3000),
  ])("refuses %j and falls back", (value) => {
    const result = safeCallbackPath(value, "/home");
    expect(result).toBe("/home");
  });

  it("never returns something a browser would read as another origin", () => {
    const tricky = ["/.//a", "/..//a", "/a/../..//b", "/%2e%2e//c", "/./\\d", "/.%2F/e", "/%5C/f"];
    for (const value of tricky) {
      const result = safeCallbackPath(value, "/home");
      expect(new URL(result, "https://app.example").origin, value).toBe("https://app.example");
      expect(result.startsWith("//")).toBe(false);
    }
  });

  it("ignores values that are not strings", () => {
    expect(safeCallbackPath(undefined, "/admin")).toBe("/admin");
    expect(safeCallbackPath(["/a", "/b"], "/admin")).toBe("/admin");
  });
});
