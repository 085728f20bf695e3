import { describe, expect, it } from "vitest";
import { CustomResourceRequestError, parseCustomResourceRequest, redactRequest } from "./custom-resource";

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
    expect(request.ResourceProperties).toMatchObject({ AccountID: "222222222222", ExternalID: "rl-abc", TemplateVersion: "1.0.0", ServiceTimeout: "300" });
    expect(request.PhysicalResourceId).toBeUndefined();
  });

  it("parses Update with old properties and Delete with a physical ID", () => {
    const update = parseCustomResourceRequest(
      JSON.stringify(sampleRequest({ RequestType: "Update", PhysicalResourceId: "rolelink-1", OldResourceProperties: { RoleArn: "old" } })),
    );
    expect(update.OldResourceProperties).toEqual({ RoleArn: "old" });
    expect(parseCustomResourceRequest(JSON.stringify(sampleRequest({ RequestType: "Delete", PhysicalResourceId: "rolelink-1" }))).PhysicalResourceId).toBe("rolelink-1");
  });

  it("turns a non-string property into an absent one, so the stack can still be told why", () => {
    const request = parseCustomResourceRequest(JSON.stringify(sampleRequest({ ResourceProperties: { ExternalID: { evil: true }, RoleArn: 7 } })));
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

describe("redactRequest", () => {
  it("removes the presigned signature and credential from ResponseURL, and nothing else", () => {
    const request = parseCustomResourceRequest(JSON.stringify(sampleRequest()));
    const redacted = redactRequest(request);
    expect(redacted.ResponseURL).not.toMatch(/Signature|Credential|AKIA|deadbeef/);
    expect(redacted.ResponseURL.startsWith("https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws")).toBe(true);
    expect({ ...redacted, ResponseURL: request.ResponseURL }).toEqual(request);
    expect(request.ResponseURL).toBe(RESPONSE_URL); // the original is not modified
  });
});
