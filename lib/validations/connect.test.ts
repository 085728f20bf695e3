import { describe, expect, it } from "vitest";
import { connectSchema } from "./connect";

const schema = connectSchema(["us-east-1", "eu-west-1"]);

describe("connect form validation", () => {
  it.each(["123456789012", "1234-5678-9012", " 1234 5678 9012 "])("accepts %j as 123456789012", (accountId) => {
    expect(schema.parse({ accountId, region: "us-east-1" }).accountId).toBe("123456789012");
  });

  it.each(["12345678901", "1234567890123", "12345678901a", "<script>1</script>", "１２３４５６７８９０１２", "x".repeat(10_000)])(
    "rejects %j with a message about 12 digits",
    (accountId) => {
      const result = schema.safeParse({ accountId, region: "us-east-1" });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/12 digits/);
    },
  );

  it("rejects a region that is not supported", () => {
    const result = schema.safeParse({ accountId: "123456789012", region: "ap-south-1" });
    expect(result.error?.issues[0]?.message).toBe("Choose one of the supported regions.");
  });
});
