import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeSourceIdentity, sessionName, sourceIdentityFor } from "./source-identity";

const STS_NAME = /^[\w+=,.@-]{2,64}$/;

describe("names STS accepts", () => {
  it("keeps an e-mail address readable in CloudTrail", () => {
    expect(sanitizeSourceIdentity("ops@rolelink.test")).toBe("ops@rolelink.test");
    expect(sanitizeSourceIdentity("Ann O'Neil <ann@x.io>")).toBe("Ann-O-Neil--ann@x.io-");
  });

  it("never starts with aws:, is never too short or too long", () => {
    expect(sanitizeSourceIdentity("aws:admin")).toBe("aws-admin");
    expect(sanitizeSourceIdentity("")).toBe("--");
    expect(sanitizeSourceIdentity("a")).toBe("a-");
    expect(sanitizeSourceIdentity("x".repeat(100))).toHaveLength(64);
  });

  it("builds session names with the prefix first", () => {
    expect(sessionName("rolelink", "9a8b7c6d", 1700000000)).toBe("rolelink-9a8b7c6d-1700000000");
    expect(sessionName("rolelink", "a b/c")).toBe("rolelink-a-b-c");
    expect(sessionName("rolelink", "x".repeat(80))).toMatch(/^rolelink-x{55}$/);
  });

  it("any input gives a value within STS's constraints", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        const identity = sanitizeSourceIdentity(a);
        expect(identity).toMatch(STS_NAME);
        expect(identity.toLowerCase().startsWith("aws:")).toBe(false);
        expect(sessionName(a, b)).toMatch(STS_NAME);
      }),
    );
  });
});

describe("sourceIdentityFor: what customer roles (StringLike rolelink*) accept", () => {
  it("names each kind of caller after the rolelink prefix", () => {
    expect(sourceIdentityFor({ kind: "system" })).toBe("rolelink-system");
    expect(sourceIdentityFor({ kind: "onboarding" })).toBe("rolelink-onboarding");
    expect(sourceIdentityFor({ kind: "admin", email: "ops@rolelink.test" })).toBe("rolelink-ops@rolelink.test");
  });

  it("keeps the prefix for any admin email, within STS's constraints", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (email) => {
        const identity = sourceIdentityFor({ kind: "admin", email });
        expect(identity).toMatch(STS_NAME);
        expect(identity.startsWith("rolelink-")).toBe(true);
      }),
    );
  });
});
