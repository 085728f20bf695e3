import { describe, expect, it } from "vitest";
import { formatAccountId, uiReason } from "./reason";

const URL = "http://localhost:3000/connect";

describe("uiReason", () => {
  it.each([
    [`This launch link was cancelled or its stack deleted; start again at ${URL}`, "This launch link was cancelled or its stack deleted."],
    [
      `This account is already connected through another stack; start again at ${URL} for a new link`,
      "This account is already connected through another stack.",
    ],
    [
      `This stack runs in account 3333…, but the link was made for account 2222…. Sign in to the account you entered, or start again at ${URL}`,
      "This stack runs in account 3333…, but the link was made for account 2222…. Sign in to the account you entered.",
    ],
    ["The role accepts any External ID.", "The role accepts any External ID."],
    ["AccessDenied", "AccessDenied."],
  ])("words %s for the page", (reason, expected) => {
    expect(uiReason(reason)).toBe(expected);
    expect(uiReason(reason)).not.toContain("http");
  });
});

describe("formatAccountId", () => {
  it("groups twelve digits as the console does and leaves anything else alone", () => {
    expect(formatAccountId("222233334444")).toBe("2222-3333-4444");
    expect(formatAccountId("12345")).toBe("12345");
  });
});
