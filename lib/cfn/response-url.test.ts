import { describe, expect, it } from "vitest";
import { isTrustedResponseUrl } from "./response-url";

const PATH = "/arn%3Aaws%3Acloudformation%3Aus-east-1%3A222222222222%3Astack/x/y%7CPhoneHome%7Cz?X-Amz-Signature=abc";
const SANDBOX = "http://127.0.0.1:4566/";

const trusted = (value: string, sandbox?: string) => isTrustedResponseUrl(new URL(value), sandbox);

describe("isTrustedResponseUrl", () => {
  it.each([
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com",
    "https://cloudformation-custom-resource-response-uswest2.s3-us-west-2.amazonaws.com",
    "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com",
    "https://cloudformation-custom-resource-response-apsoutheast2.s3.ap-southeast-2.amazonaws.com",
    "https://cloudformation-custom-resource-response-usgovwest1.s3-us-gov-west-1.amazonaws.com",
    "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn",
    "https://cloudformation-custom-resource-response-cnnorthwest1.s3.cn-northwest-1.amazonaws.com.cn",
    "https://CloudFormation-Custom-Resource-Response-USEAST1.S3.AMAZONAWS.COM",
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:443",
  ])("accepts CloudFormation's response bucket %s", (origin) => {
    expect(trusted(`${origin}${PATH}`)).toBe(true);
  });

  it.each([
    ["plain http", "http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x"],
    ["a port", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443/x"],
    ["userinfo trick", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com@evil.example/x"],
    ["userinfo with password", "https://a:b@cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x"],
    ["suffix trick", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/x"],
    ["prefix trick", "https://evil-cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x"],
    ["subdomain of the bucket", "https://x.cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x"],
    ["trailing dot", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com./x"],
    ["another bucket", "https://attacker-bucket.s3.amazonaws.com/x"],
    ["path-style URL to another bucket", "https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/x"],
    ["mismatched region", "https://cloudformation-custom-resource-response-useast1.s3.eu-west-1.amazonaws.com/x"],
    ["China bucket on .com", "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com/x"],
    ["non-China bucket on .cn", "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.cn/x"],
    ["an IPv4 address", "https://52.216.1.1/x"],
    ["an IPv6 address", "https://[2600:1f18::1]/x"],
    ["an encoded IP", "https://0x7f000001/x"],
    ["another scheme", "ftp://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x"],
  ])("rejects %s", (_name, value) => {
    expect(trusted(value)).toBe(false);
    expect(trusted(value, SANDBOX)).toBe(false);
  });

  it("accepts the sandbox only when configured, and only its exact origin", () => {
    expect(trusted(`http://127.0.0.1:4566${PATH}`)).toBe(false);
    expect(trusted(`http://127.0.0.1:4566${PATH}`, SANDBOX)).toBe(true);
    expect(trusted("http://127.0.0.1:4567/x", SANDBOX)).toBe(false);
    expect(trusted("https://127.0.0.1:4566/x", SANDBOX)).toBe(false);
    expect(trusted("http://localhost:4566/x", SANDBOX)).toBe(false);
    expect(trusted("http://user@127.0.0.1:4566/x", SANDBOX)).toBe(false);
  });

  it("never treats a non-loopback sandbox setting as trusted", () => {
    expect(trusted("https://evil.example/x", "https://evil.example/")).toBe(false);
    expect(trusted("http://127.0.0.1:4566/x", "not a url")).toBe(false);
  });
});
