import { describe, expect, it } from "vitest";
import { isTrustedSigningCertUrl, isTrustedSubscribeUrl, regionOfTopicArn } from "./trusted-urls";

const SANDBOX = "http://127.0.0.1:4590/";
const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";

describe("regionOfTopicArn", () => {
  it("reads the region of SNS topic ARNs in every partition", () => {
    expect(regionOfTopicArn(TOPIC)).toBe("us-east-1");
    expect(regionOfTopicArn("arn:aws-cn:sns:cn-north-1:111111111111:t")).toBe("cn-north-1");
    expect(regionOfTopicArn("arn:aws-us-gov:sns:us-gov-west-1:111111111111:t.fifo")).toBe("us-gov-west-1");
  });

  it("rejects what is not an SNS topic ARN", () => {
    for (const arn of ["", "arn:aws:sqs:us-east-1:111111111111:q", "arn:aws:sns:US-EAST-1:111111111111:t", "arn:aws:sns::111111111111:t", "arn:aws:sns:us-east-1:111111111111:t:sub"]) {
      expect(regionOfTopicArn(arn), arn).toBeUndefined();
    }
  });
});

describe("isTrustedSigningCertUrl", () => {
  it("accepts AWS's certificate URL for the topic's region", () => {
    expect(isTrustedSigningCertUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", "us-east-1")).toBe(true);
    expect(isTrustedSigningCertUrl(new URL("https://sns.us-east-1.amazonaws.com/x.pem"), "us-east-1")).toBe(true);
    expect(isTrustedSigningCertUrl("https://sns.cn-north-1.amazonaws.com.cn/x.pem", "cn-north-1")).toBe(true);
  });

  it.each([
    ["plain http", "http://sns.us-east-1.amazonaws.com/x.pem"],
    ["another host", "https://attacker.test/x.pem"],
    ["userinfo naming AWS", "https://sns.us-east-1.amazonaws.com@attacker.test/x.pem"],
    ["AWS name as a subdomain", "https://sns.us-east-1.amazonaws.com.attacker.test/x.pem"],
    ["trailing-dot host", "https://sns.us-east-1.amazonaws.com./x.pem"],
    ["IPv4 literal", "https://52.94.0.1/x.pem"],
    ["IPv6 literal", "https://[::1]/x.pem"],
    ["explicit port", "https://sns.us-east-1.amazonaws.com:8443/x.pem"],
    ["percent-encoded dots in the host", "https://sns%2Eus-east-1%2Eamazonaws%2Ecom/x.pem"],
    ["percent-encoded dot in the path", "https://sns.us-east-1.amazonaws.com/x%2Epem"],
    ["wrong region", "https://sns.eu-west-1.amazonaws.com/x.pem"],
    ["not a .pem", "https://sns.us-east-1.amazonaws.com/x.pem.txt"],
    ["a query string", "https://sns.us-east-1.amazonaws.com/x.pem?a=b"],
    ["a non-AWS sns host", "https://sns.us-east-1.amazonaws.co/x.pem"],
    ["not a URL", "sns.us-east-1.amazonaws.com/x.pem"],
    ["sandbox URL with no sandbox configured", "http://127.0.0.1:4590/sns/cert.pem"],
  ])("rejects %s", (_label, url) => {
    expect(isTrustedSigningCertUrl(url, "us-east-1")).toBe(false);
  });

  it("trusts the sandbox origin only when it is configured, and only that origin", () => {
    expect(isTrustedSigningCertUrl("http://127.0.0.1:4590/sns/cert.pem", "us-east-1", SANDBOX)).toBe(true);
    expect(isTrustedSigningCertUrl("http://127.0.0.1:4591/sns/cert.pem", "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl("http://localhost:4590/sns/cert.pem", "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl("http://user@127.0.0.1:4590/sns/cert.pem", "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl("http://127.0.0.1:4590/sns/cert.txt", "us-east-1", SANDBOX)).toBe(false);
  });
});

describe("isTrustedSubscribeUrl", () => {
  const good = new URL("https://sns.us-east-1.amazonaws.com/");
  good.searchParams.set("Action", "ConfirmSubscription");
  good.searchParams.set("TopicArn", TOPIC);
  good.searchParams.set("Token", "abc");

  function variant(change: (url: URL) => void): string {
    const url = new URL(good);
    change(url);
    return url.href;
  }

  it("accepts SNS's ConfirmSubscription URL for the message's topic", () => {
    expect(isTrustedSubscribeUrl(good.href, TOPIC)).toBe(true);
    expect(isTrustedSubscribeUrl("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:111111111111:rolelink&Token=2336412f37", TOPIC)).toBe(true);
  });

  it.each([
    ["plain http", (u: URL) => (u.protocol = "http:")],
    ["another host", (u: URL) => (u.hostname = "attacker.test")],
    ["AWS name as a subdomain", (u: URL) => (u.hostname = "sns.us-east-1.amazonaws.com.attacker.test")],
    ["an IP literal", (u: URL) => (u.hostname = "127.0.0.1")],
    ["a port", (u: URL) => (u.port = "8443")],
    ["userinfo", (u: URL) => (u.username = "sns.us-east-1.amazonaws.com")],
    ["the wrong region", (u: URL) => (u.hostname = "sns.eu-west-1.amazonaws.com")],
    ["another action", (u: URL) => u.searchParams.set("Action", "Unsubscribe")],
    ["a second action", (u: URL) => u.searchParams.append("Action", "Unsubscribe")],
    ["no action", (u: URL) => u.searchParams.delete("Action")],
    ["another topic", (u: URL) => u.searchParams.set("TopicArn", "arn:aws:sns:us-east-1:111111111111:other")],
    ["a second topic", (u: URL) => u.searchParams.append("TopicArn", TOPIC)],
  ])("rejects %s", (_label, change) => {
    expect(isTrustedSubscribeUrl(variant(change), TOPIC)).toBe(false);
  });

  it("rejects a percent-encoded host and a sandbox URL when no sandbox is configured", () => {
    expect(isTrustedSubscribeUrl(good.href.replace("sns.us-east-1", "sns%2Eus-east-1"), TOPIC)).toBe(false);
    const sandbox = variant((u) => {
      u.protocol = "http:";
      u.host = "127.0.0.1:4590";
    });
    expect(isTrustedSubscribeUrl(sandbox, TOPIC)).toBe(false);
    expect(isTrustedSubscribeUrl(sandbox, TOPIC, SANDBOX)).toBe(true);
    expect(isTrustedSubscribeUrl(sandbox.replace("ConfirmSubscription", "Unsubscribe"), TOPIC, SANDBOX)).toBe(false);
  });
});
