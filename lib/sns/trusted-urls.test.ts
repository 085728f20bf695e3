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
    for (const arn of [
      "",
      "arn:aws:sqs:us-east-1:111111111111:q",
      "arn:aws:sns:US-EAST-1:111111111111:t",
      "arn:aws:sns::111111111111:t",
      "arn:aws:sns:us-east-1:111111111111:t:sub",
    ]) {
      expect(regionOfTopicArn(arn), arn).toBeUndefined();
    }
  });
});

describe("isTrustedSigningCertUrl", () => {
  const HEX = "7ff5318490ec183fbaddaa2a969abfda";
  const FILE = `SimpleNotificationService-${HEX}.pem`;
  const AWS = `https://sns.us-east-1.amazonaws.com/${FILE}`;

  it("accepts AWS's certificate URL for the topic's region", () => {
    expect(isTrustedSigningCertUrl(AWS, "us-east-1")).toBe(true);
    expect(isTrustedSigningCertUrl(new URL(AWS), "us-east-1")).toBe(true);
    expect(isTrustedSigningCertUrl(`https://sns.us-east-2.amazonaws.com/${FILE}`, "us-east-2")).toBe(true);
    expect(isTrustedSigningCertUrl(`https://sns.cn-north-1.amazonaws.com.cn/${FILE}`, "cn-north-1")).toBe(true);
  });

  it.each([
    ["plain http", `http://sns.us-east-1.amazonaws.com/${FILE}`],
    ["another host", `https://attacker.test/${FILE}`],
    ["userinfo naming AWS", `https://sns.us-east-1.amazonaws.com@attacker.test/${FILE}`],
    ["a username", `https://user@sns.us-east-1.amazonaws.com/${FILE}`],
    ["a password", `https://:pw@sns.us-east-1.amazonaws.com/${FILE}`],
    ["AWS name as a subdomain", `https://sns.us-east-1.amazonaws.com.attacker.test/${FILE}`],
    ["trailing-dot host", `https://sns.us-east-1.amazonaws.com./${FILE}`],
    ["IPv4 literal", `https://52.94.0.1/${FILE}`],
    ["IPv6 literal", `https://[::1]/${FILE}`],
    ["explicit port", `https://sns.us-east-1.amazonaws.com:8443/${FILE}`],
    ["explicit default port", `https://sns.us-east-1.amazonaws.com:443/${FILE}`],
    ["percent-encoded dots in the host", `https://sns%2Eus-east-1%2Eamazonaws%2Ecom/${FILE}`],
    ["percent-encoded dot in the path", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX}%2Epem`],
    ["wrong region", `https://sns.eu-west-1.amazonaws.com/${FILE}`],
    ["the China domain for a non-China region", `https://sns.us-east-1.amazonaws.com.cn/${FILE}`],
    ["a query string", `${AWS}?a=b`],
    ["an empty query", `${AWS}?`],
    ["a fragment", `${AWS}#x`],
    ["an empty fragment", `${AWS}#`],
    ["a non-AWS sns host", `https://sns.us-east-1.amazonaws.co/${FILE}`],
    ["not a URL", `sns.us-east-1.amazonaws.com/${FILE}`],
    ["sandbox URL with no sandbox configured", `http://127.0.0.1:4590/${FILE}`],
    // The path: exactly /SimpleNotificationService-<32 lowercase hex>.pem
    ["any other .pem", "https://sns.us-east-1.amazonaws.com/x.pem"],
    ["not a .pem", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX}.pem.txt`],
    ["a directory before the file", `https://sns.us-east-1.amazonaws.com/sns/${FILE}`],
    ["upper-case hex", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX.toUpperCase()}.pem`],
    ["31 hex digits", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX.slice(1)}.pem`],
    ["33 hex digits", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX}0.pem`],
    ["a non-hex digit", `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${HEX.slice(1)}g.pem`],
    ["another prefix", `https://sns.us-east-1.amazonaws.com/SimpleNotificationServic-${HEX}.pem`],
    ["a lower-case prefix", `https://sns.us-east-1.amazonaws.com/simplenotificationservice-${HEX}.pem`],
  ])("rejects %s", (_label, url) => {
    expect(isTrustedSigningCertUrl(url, "us-east-1")).toBe(false);
  });

  it("uses .amazonaws.com.cn for China's regions only", () => {
    expect(isTrustedSigningCertUrl(`https://sns.cn-north-1.amazonaws.com/${FILE}`, "cn-north-1")).toBe(false);
    expect(isTrustedSigningCertUrl(`https://sns.us-east-1.amazonaws.com.cn/${FILE}`, "us-east-1")).toBe(false);
  });

  it("refuses URL objects carrying what a string would show", () => {
    const withUser = new URL(AWS);
    withUser.username = "u";
    const withHash = new URL(`${AWS}#`);
    expect(isTrustedSigningCertUrl(withUser, "us-east-1")).toBe(false);
    expect(isTrustedSigningCertUrl(withHash, "us-east-1")).toBe(false);
    expect(isTrustedSigningCertUrl(new URL(`${AWS}?`), "us-east-1")).toBe(false);
  });

  it("trusts the sandbox origin only when it is configured, and only that origin", () => {
    expect(isTrustedSigningCertUrl(`http://127.0.0.1:4590/${FILE}`, "us-east-1", SANDBOX)).toBe(true);
    expect(isTrustedSigningCertUrl(`http://127.0.0.1:4591/${FILE}`, "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl(`http://localhost:4590/${FILE}`, "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl(`http://user@127.0.0.1:4590/${FILE}`, "us-east-1", SANDBOX)).toBe(false);
    expect(isTrustedSigningCertUrl(`http://:pw@127.0.0.1:4590/${FILE}`, "us-east-1", SANDBOX)).toBe(false);
  });

  it.each([
    ["another file name", "http://127.0.0.1:4590/sns/cert.pem"],
    ["the old sandbox path", "http://127.0.0.1:4590/sns/SimpleNotificationService-sandbox.pem"],
    ["a directory before the file", `http://127.0.0.1:4590/sns/${FILE}`],
    ["not a .pem", `http://127.0.0.1:4590/SimpleNotificationService-${HEX}.txt`],
    ["a query", `http://127.0.0.1:4590/${FILE}?a=b`],
    ["an empty query", `http://127.0.0.1:4590/${FILE}?`],
    ["a fragment", `http://127.0.0.1:4590/${FILE}#x`],
  ])("holds the sandbox to AWS's path rule: rejects %s", (_label, url) => {
    expect(isTrustedSigningCertUrl(url, "us-east-1", SANDBOX)).toBe(false);
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
    expect(
      isTrustedSubscribeUrl(
        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:111111111111:rolelink&Token=2336412f37",
        TOPIC,
      ),
    ).toBe(true);
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
    ["a fragment", (u: URL) => (u.hash = "x")],
  ])("rejects %s", (_label, change) => {
    expect(isTrustedSubscribeUrl(variant(change), TOPIC)).toBe(false);
  });

  it("expects China's regions under .amazonaws.com.cn and no other region there", () => {
    const cnTopic = "arn:aws-cn:sns:cn-north-1:111111111111:rolelink";
    const url = (host: string, topic: string) =>
      `https://${host}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic)}&Token=abc`;
    expect(isTrustedSubscribeUrl(url("sns.cn-north-1.amazonaws.com.cn", cnTopic), cnTopic)).toBe(true);
    expect(isTrustedSubscribeUrl(url("sns.cn-north-1.amazonaws.com", cnTopic), cnTopic)).toBe(false);
    expect(isTrustedSubscribeUrl(url("sns.us-east-1.amazonaws.com.cn", TOPIC), TOPIC)).toBe(false);
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
