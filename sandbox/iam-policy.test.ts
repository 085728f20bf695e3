/** The sandbox's IAM evaluation: wildcards as IAM matches them, explicit Deny first, unsupported parts fail closed. */
import { describe, expect, it } from "vitest";
import { evaluate, statementsOf, wildcardMatch } from "./iam-policy";

const STACK = "arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-a/5ba240b0-0000-4000-8000-000000000000";

describe("wildcardMatch", () => {
  it.each([
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-a/*", STACK, true],
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-?/*", STACK, true],
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-??/*", STACK, false],
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-a*", STACK, true],
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-b/*", STACK, false],
    ["arn:aws:cloudformation:*:222222222222:stack/*", STACK, true],
    ["arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink.a/*", STACK, false],
    ["*", STACK, true],
    ["ARN:aws:cloudformation:us-east-1:222222222222:stack/rolelink-a/*", STACK, false],
  ])("%s matches the stack ARN: %s", (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
});

describe("evaluate", () => {
  const confirm = statementsOf({
    Statement: [
      {
        Effect: "Allow",
        Action: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
        Resource: STACK.replace(/[^/]+$/, "*"),
      },
    ],
  });

  it("allows the listed actions on the stack (action names case-insensitive), nothing else", () => {
    expect(evaluate(confirm, "cloudformation:DescribeStacks", STACK)).toBe("allowed");
    expect(evaluate(confirm, "CloudFormation:describestackresource", STACK)).toBe("allowed");
    expect(evaluate(confirm, "cloudformation:DescribeStackEvents", STACK)).toBe("implicit-deny");
    expect(evaluate(confirm, "cloudformation:DescribeStacks", STACK.replace("rolelink-a", "rolelink-b"))).toBe("implicit-deny");
    expect(evaluate([], "cloudformation:DescribeStacks", STACK)).toBe("implicit-deny");
  });

  it("an explicit Deny beats any Allow; NotAction works; an Allow with a Condition never applies", () => {
    const statements = [
      ...statementsOf({ Statement: { Effect: "Allow", Action: "cloudformation:Describe*", Resource: "*" } }),
      ...statementsOf({ Statement: { Effect: "Deny", NotAction: "cloudformation:DescribeStacks", Resource: "*" } }),
    ];
    expect(evaluate(statements, "cloudformation:DescribeStacks", STACK)).toBe("allowed");
    expect(evaluate(statements, "cloudformation:DescribeStackResource", STACK)).toBe("explicit-deny");
    const conditional = statementsOf({
      Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
    });
    expect(evaluate(conditional, "cloudformation:DescribeStacks", STACK)).toBe("implicit-deny");
  });
});
