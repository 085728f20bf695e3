import { describe, expect, it } from "vitest";
import { redactRequest } from "./redact-request";

const request = {
  RequestType: "Create",
  ResponseURL:
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation/abc?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261121&X-Amz-Signature=deadbeef",
  StackId: "arn:aws:cloudformation:us-east-1:222222222222:stack/test/5ba240b0",
  ResourceProperties: {
    RoleArn: "arn:aws:iam::222222222222:role/test",
    Nested: [{ Url: "http://127.0.0.1:4566/cfn-response/x?X-Amz-Signature=abc#frag" }],
  },
};

describe("redacting a stored CloudFormation request", () => {
  it("drops every presigned query string and keeps everything else", () => {
    const redacted = redactRequest(request);
    const text = JSON.stringify(redacted);
    expect(text).not.toMatch(/X-Amz-Signature|X-Amz-Credential|deadbeef|AKIA/);
    expect(redacted).toEqual({
      RequestType: "Create",
      ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation/abc?[redacted]",
      StackId: request.StackId,
      ResourceProperties: {
        RoleArn: request.ResourceProperties.RoleArn,
        Nested: [{ Url: "http://127.0.0.1:4566/cfn-response/x?[redacted]" }],
      },
    });
  });
});
