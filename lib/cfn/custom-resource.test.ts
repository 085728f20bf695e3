import { describe, expect, it } from "vitest";
import { CustomResourceRequestError, hasAnswerablePhysicalId, parseCustomResourceRequest, redactRequest } from "./custom-resource";

const STACK_ID = "arn:aws:cloudformation:us-east-1:222222222222:stack/rolelink-222222222222-us-east-1/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c";
const RESPONSE_URL =
  "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A222222222222%3Astack/x/5ba240b0%7CPhoneHome%7Ca2b21671?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101&X-Amz-Signature=deadbeef";

function sampleRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestType: "Create",
    ServiceToken: "arn:aws:sns:us-east-1:111111111111:rolelink",
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: "a2b21671-1b4a-4cd2-8c73-2ca4b8ef1f2a",
    LogicalResourceId: "PhoneHome",
    ResourceType: "Custom::RolelinkPhoneHome",
    ResourceProperties: {
      ServiceToken: "arn:aws:sns:us-east-1:111111111111:rolelink",
      ServiceTimeout: "300",
      AccountID: "222222222222",
      RoleArn: "arn:aws:iam::222222222222:role/rolelink-222222222222-us-east-1-Role-1R7TIJN9P2TCM",
      ExternalID: "rl-abc",
      Region: "us-east-1",
      TemplateVersion: "1.0.0",
    },
    ...overrides,
  };
}

describe("parseCustomResourceRequest", () => {
  it("parses the request CloudFormation sends through SNS", () => {
    const request = parseCustomResourceRequest(JSON.stringify(sampleRequest()));
    expect(request.RequestType).toBe("Create");
    expect(request.ResourceProperties).toMatchObject({
      AccountID: "222222222222",
      ExternalID: "rl-abc",
      TemplateVersion: "1.0.0",
      ServiceTimeout: "300",
    });
    expect(request.PhysicalResourceId).toBeUndefined();
  });

  it("parses Update with old properties and Delete with a physical ID", () => {
    const update = parseCustomResourceRequest(
      JSON.stringify(sampleRequest({ RequestType: "Update", PhysicalResourceId: "rolelink-1", OldResourceProperties: { RoleArn: "old" } })),
    );
    expect(update.OldResourceProperties).toEqual({ RoleArn: "old" });
    expect(
      parseCustomResourceRequest(JSON.stringify(sampleRequest({ RequestType: "Delete", PhysicalResourceId: "rolelink-1" })))
        .PhysicalResourceId,
    ).toBe("rolelink-1");
  });

  it("turns a non-string property into an absent one, so the stack can still be told why", () => {
    const request = parseCustomResourceRequest(
      JSON.stringify(sampleRequest({ ResourceProperties: { ExternalID: { evil: true }, RoleArn: 7 } })),
    );
    expect(request.ResourceProperties.ExternalID).toBeUndefined();
    expect(request.ResourceProperties.RoleArn).toBeUndefined();
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["an unknown RequestType", JSON.stringify(sampleRequest({ RequestType: "Destroy" }))],
    ["no ResponseURL", JSON.stringify(sampleRequest({ ResponseURL: undefined }))],
    ["a ResponseURL that is not a URL", JSON.stringify(sampleRequest({ ResponseURL: "not a url" }))],
    ["no StackId", JSON.stringify(sampleRequest({ StackId: "" }))],
    ["no ResourceProperties", JSON.stringify(sampleRequest({ ResourceProperties: undefined }))],
  ])("throws a typed error for %s", (_name, text) => {
    expect(() => parseCustomResourceRequest(text)).toThrow(CustomResourceRequestError);
  });
});

/** The request as SNS delivers it: JSON text in which JSON.stringify escapes controls and lone surrogates (\u0000, \ud800). */
const asMessage = (request: Record<string, unknown>) => JSON.stringify(request);
const props = (extra: Record<string, unknown>) => ({ ...(sampleRequest().ResourceProperties as Record<string, unknown>), ...extra });

function parseError(text: string): CustomResourceRequestError {
  try {
    parseCustomResourceRequest(text);
  } catch (error) {
    if (error instanceof CustomResourceRequestError) return error;
    throw error;
  }
  throw new Error("parsed");
}

describe("parseCustomResourceRequest refuses text PostgreSQL or CloudFormation would choke on", () => {
  const forbidden: Array<[string, string]> = [
    ["a NUL", String.fromCharCode(0x00)],
    ["an escape (C0 control)", String.fromCharCode(0x1b)],
    ["a newline (C0 control)", String.fromCharCode(0x0a)],
    ["a unit separator (last C0 control)", String.fromCharCode(0x1f)],
    ["a DEL", String.fromCharCode(0x7f)],
    ["a lone high surrogate", String.fromCharCode(0xd800)],
    ["a lone high surrogate (last)", String.fromCharCode(0xdbff)],
    ["a lone low surrogate", String.fromCharCode(0xdc00)],
    ["a lone low surrogate (last)", String.fromCharCode(0xdfff)],
    ["a surrogate pair in the wrong order", String.fromCharCode(0xde00, 0xd83d)],
  ];
  const places: Array<[string, (bad: string) => Record<string, unknown>, string]> = [
    ["a top-level field", (bad) => sampleRequest({ RequestId: `a2b21671${bad}-1b4a` }), "request.RequestId"],
    ["the start of a field", (bad) => sampleRequest({ LogicalResourceId: `${bad}PhoneHome` }), "request.LogicalResourceId"],
    [
      "a nested ResourceProperties value",
      (bad) => sampleRequest({ ResourceProperties: props({ ExternalID: `rl-abc${bad}` }) }),
      "request.ResourceProperties.ExternalID",
    ],
    [
      "an unknown nested property",
      (bad) => sampleRequest({ ResourceProperties: props({ Extra: { deep: [`x${bad}`] } }) }),
      "request.ResourceProperties.Extra.deep[0]",
    ],
    ["a key", (bad) => sampleRequest({ ResourceProperties: props({ [`Tag${bad}`]: "v" }) }), "request.ResourceProperties"],
    ["a top-level key", (bad) => sampleRequest({ [`${bad}`]: "v" }), "request"],
  ];
  const cases = forbidden.flatMap(([what, bad]) =>
    places.map(([where, build, path]) => [what, where, asMessage(build(bad)), path] as const),
  );

  it.each(cases)("%s in %s", (_what, _where, text, path) => {
    // JSON.parse itself accepts the escaped character: the refusal is ours.
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    const error = parseError(text);
    expect(error.message).toBe("the message contains control characters or unpaired surrogates");
    expect(error.issues).toEqual([path]);
  });

  it("accepts a valid surrogate pair (an emoji) anywhere", () => {
    const emoji = String.fromCharCode(0xd83d, 0xde00);
    const request = parseCustomResourceRequest(
      asMessage(
        sampleRequest({
          LogicalResourceId: `Phone${emoji}`,
          ResourceProperties: props({ ExternalID: `rl-${emoji}`, [`Tag${emoji}`]: emoji }),
        }),
      ),
    );
    expect(request.LogicalResourceId).toBe("Phone😀");
    expect(request.ResourceProperties.ExternalID).toBe("rl-😀");
  });

  it("accepts printable text next to the forbidden ranges (space, tilde, U+0080, U+E000)", () => {
    const text = ` ~${String.fromCharCode(0x80, 0xe000, 0xd7ff)}`;
    expect(
      parseCustomResourceRequest(asMessage(sampleRequest({ ResourceProperties: props({ Note: text }) }))).ResourceProperties,
    ).toMatchObject({ Note: text });
  });
});

describe("parseCustomResourceRequest counts limits in UTF-8 bytes", () => {
  // "é" is one character and two bytes; "€" one character and three.
  it.each<[string, number, string]>([
    ["StackId", 1024, "é"],
    ["RequestId", 256, "é"],
    ["LogicalResourceId", 256, "€"],
    ["ResourceType", 256, "é"],
  ])("accepts a %s of exactly %i bytes and refuses one more, though far fewer characters", (field, limit, wide) => {
    const width = Buffer.byteLength(wide, "utf8");
    const atLimit = wide.repeat(Math.floor(limit / width)) + "x".repeat(limit % width);
    expect(Buffer.byteLength(atLimit, "utf8")).toBe(limit);
    expect(parseCustomResourceRequest(asMessage(sampleRequest({ [field]: atLimit })))[field as "StackId"]).toBe(atLimit);

    const over = atLimit + "x";
    expect(over.length).toBeLessThan(limit);
    const error = parseError(asMessage(sampleRequest({ [field]: over })));
    expect(error.message).toBe("the message is not a CloudFormation custom resource request");
    expect(error.issues).toEqual([`${field}: at most ${limit} bytes`]);
  });

  it.each<[string, string, boolean]>([
    ["1024 ASCII bytes", "p".repeat(1024), true],
    ["1024 bytes of two-byte characters", "é".repeat(512), true],
    ["1025 ASCII bytes", "p".repeat(1025), false],
    ["1025 bytes in 513 characters", "é".repeat(512) + "p", false],
    ["1026 bytes in 342 characters", "€".repeat(342), false],
  ])("parses a PhysicalResourceId of %s; answerable: %s", (_name, physicalId, answerable) => {
    const request = parseCustomResourceRequest(asMessage(sampleRequest({ RequestType: "Delete", PhysicalResourceId: physicalId })));
    expect(request.PhysicalResourceId).toBe(physicalId);
    expect(hasAnswerablePhysicalId(request)).toBe(answerable);
  });

  it("treats a request without PhysicalResourceId (Create) as answerable", () => {
    expect(hasAnswerablePhysicalId(parseCustomResourceRequest(asMessage(sampleRequest())))).toBe(true);
  });
});

describe("redactRequest", () => {
  it("removes the presigned signature and credential from ResponseURL, and nothing else", () => {
    const request = parseCustomResourceRequest(JSON.stringify(sampleRequest()));
    const redacted = redactRequest(request);
    expect(redacted.ResponseURL).not.toMatch(/Signature|Credential|AKIA|deadbeef/);
    expect(redacted.ResponseURL.startsWith("https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws")).toBe(
      true,
    );
    expect({ ...redacted, ResponseURL: request.ResponseURL }).toEqual(request);
    expect(request.ResponseURL).toBe(RESPONSE_URL); // the original is not modified
  });
});
