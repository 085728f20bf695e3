/**
 * fast-check generators for hostile /api/sns bodies. Every body generated here
 * must be refused: none is an authentic, fresh, correctly signed message from
 * an allowed topic with URLs we trust. Where a body carries a VALID signature
 * (hostile certificate or Subscribe URLs, foreign topics, stale timestamps),
 * only the check under test stands between it and the database.
 */
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import type { SnsEnvelope } from "@/lib/sns/envelope";
import { signEnvelope, type SigningIdentity } from "@/sandbox/sns-signer";

export type FuzzBody = { kind: string; body: string | Uint8Array; headers?: Record<string, string> };

export interface FuzzContext {
  identity: SigningIdentity;
  /** The loopback origin trusted as the sandbox, e.g. http://127.0.0.1:40123 (no trailing slash). */
  origin: string;
  topicArn: string;
}

const REGION = "us-east-1";
const AWS_HOST = `sns.${REGION}.amazonaws.com`;

/** Certificate URLs that must never be fetched for a us-east-1 topic (the sandbox origin excluded on purpose). */
export function hostileCertUrls(origin: string): string[] {
  const port = Number(new URL(origin).port);
  return [
    `http://${AWS_HOST}/SimpleNotificationService-x.pem`,
    `https://${AWS_HOST}@attacker.test/SimpleNotificationService-x.pem`,
    `https://${AWS_HOST}:x@attacker.test/x.pem`,
    `https://${AWS_HOST}.attacker.test/SimpleNotificationService-x.pem`,
    `https://${AWS_HOST}.cn.attacker.test/x.pem`,
    `https://attacker.test/SimpleNotificationService-x.pem`,
    `https://attacker.test/${AWS_HOST}/x.pem`,
    `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem`,
    `https://sns.${REGION}.amazonaws.com.cn.evil/x.pem`,
    `https://xsns.${REGION}.amazonaws.com/x.pem`,
    `https://sns.${REGION}.amazonaws.com./x.pem`,
    `https://SNS.${REGION}.AMAZONAWS.COM/x.pem`,
    `https://sns%2E${REGION}%2Eamazonaws%2Ecom/x.pem`,
    `https://sns.${REGION}.amazonaws%2ecom/x.pem`,
    `https://${AWS_HOST}%2Eattacker.test/x.pem`,
    `https://${AWS_HOST}%00.attacker.test/x.pem`,
    `https://${AWS_HOST}\\@attacker.test/x.pem`,
    `https://\u0455ns.${REGION}.amazonaws.com/x.pem`,
    `https://${AWS_HOST}:443/x.pem`,
    `https://${AWS_HOST}:8443/x.pem`,
    `https://${AWS_HOST}/x.txt`,
    `https://${AWS_HOST}/x.pem?redirect=https://attacker.test/x.pem`,
    `https://${AWS_HOST}/x.pem#frag`,
    `https://54.239.28.85/x.pem`,
    `https://0x36ef1c55/x.pem`,
    `https://920591445/x.pem`,
    `https://[2600:1f18::1]/x.pem`,
    `https://169.254.169.254/latest/meta-data/x.pem`,
    `http://169.254.169.254/latest/meta-data/iam/security-credentials/x.pem`,
    `https://127.0.0.1/x.pem`,
    `http://127.0.0.1:${port + 1}/x.pem`,
    `http://localhost:${port}/x.pem`,
    `http://[::1]:${port}/x.pem`,
    `http://user@127.0.0.1:${port}/x.pem`,
    `http://user:pw@127.0.0.1:${port}/x.pem`,
    `${origin}/x.pem?x=1`,
    `${origin}/x.txt`,
    `${origin.toUpperCase()}/x.pem`,
    ` ${origin}/x.pem`,
    `//attacker.test/x.pem`,
    `file:///etc/ssl/x.pem`,
    `data:text/plain,-----BEGIN%20CERTIFICATE-----.pem`,
    `javascript:alert(1)//.pem`,
    `ftp://${AWS_HOST}/x.pem`,
    `wss://${AWS_HOST}/x.pem`,
  ];
}

/** SubscribeURLs (signed into the message) that must never be visited. */
export function hostileSubscribeUrls(origin: string, topicArn: string): string[] {
  const confirm = (base: string, params = `Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=t`) =>
    `${base}?${params}`;
  const bases = hostileCertUrls(origin)
    .map((u) => u.replace(/\/[^/]*\.(pem|txt)([?#].*)?$/, "/"))
    // Those two are the genuine AWS and sandbox endpoints (their cert URLs were hostile only by path).
    .filter((b) => b !== `${origin}/` && b !== `https://${AWS_HOST}/`);
  return [
    ...bases.map((b) => confirm(b)),
    confirm(`${origin}/`, `Action=Unsubscribe&TopicArn=${encodeURIComponent(topicArn)}&Token=t`),
    confirm(`${origin}/`, `Action=ConfirmSubscription&Action=Unsubscribe&TopicArn=${encodeURIComponent(topicArn)}&Token=t`),
    confirm(`${origin}/`, `Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn.replace("rolelink", "other"))}&Token=t`),
    confirm(`${origin}/`, `Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&TopicArn=x&Token=t`),
    confirm(`${origin}/`, `Token=t`),
    `${confirm(`${origin}/`)}#x`,
  ];
}

function mutateString(original: string): fc.Arbitrary<string> {
  return fc
    .oneof(fc.string(), fc.string({ unit: "grapheme", maxLength: 64 }), fc.constant(original + " "), fc.constant(original.toUpperCase()))
    .filter((s) => s !== original);
}

function wrongTypeValue(): fc.Arbitrary<unknown> {
  // Never a string: UnsubscribeURL and SigningCertURL are not signed, so another string there is still authentic.
  return fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  );
}

const INVALID_UTF8: number[][] = [
  [0xff],
  [0xc0, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
];

export function fuzzBodies(ctx: FuzzContext): fc.Arbitrary<FuzzBody> {
  const { identity, origin, topicArn } = ctx;
  const certUrl = `${origin}/SimpleNotificationService-${"f".repeat(32)}.pem`;
  const sign = <T extends Parameters<typeof signEnvelope>[0]>(fields: T, version: "1" | "2" = "2") =>
    signEnvelope(fields, identity.privateKeyPem, version);
  const notification = (over: Partial<Record<string, unknown>> = {}) => ({
    Type: "Notification" as const,
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Subject: "AWS CloudFormation custom resource request",
    Message: JSON.stringify({
      RequestType: "Create",
      ResponseURL: `${origin}/cfn-response/x?X-Amz-Signature=y`,
      StackId: "arn:aws:cloudformation:us-east-1:222233334444:stack/s/1",
      RequestId: randomUUID(),
      LogicalResourceId: "PhoneHome",
      ResourceType: "Custom::RolelinkPhoneHome",
      ServiceToken: topicArn,
      ResourceProperties: { ExternalID: "rl-x" },
    }),
    Timestamp: new Date().toISOString(),
    SigningCertURL: certUrl,
    UnsubscribeURL: `https://${AWS_HOST}/?Action=Unsubscribe&SubscriptionArn=${topicArn}:1`,
    ...over,
  });
  const confirmation = (subscribeUrl: string, over: Partial<Record<string, unknown>> = {}) => ({
    Type: "SubscriptionConfirmation" as const,
    MessageId: randomUUID(),
    Token: "t",
    TopicArn: topicArn,
    Message: "You have chosen to subscribe.",
    SubscribeURL: subscribeUrl,
    Timestamp: new Date().toISOString(),
    SigningCertURL: certUrl,
    ...over,
  });
  const json = (value: unknown, kind: string): FuzzBody => ({ kind, body: JSON.stringify(value) });
  const signedBase = fc.constantFrom("1", "2").map((v) => sign(notification(), v) as SnsEnvelope & Record<string, unknown>);
  const fields = [
    "Type",
    "MessageId",
    "TopicArn",
    "Subject",
    "Message",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
    "UnsubscribeURL",
  ];

  return fc.oneof(
    fc.jsonValue().map((v) => json(v, "random_json")),
    fc.string({ unit: "binary", maxLength: 200 }).map((s) => ({ kind: "random_text", body: s })),
    // A genuine signature over other content: any signed field changed after signing.
    fc.tuple(signedBase, fc.constantFrom("Message", "MessageId", "Subject", "Timestamp", "Type"), fc.string()).chain(([env, field]) =>
      (field === "Timestamp"
        ? fc
            .date({ min: new Date(Date.now() - 30 * 60_000), max: new Date(Date.now() + 60_000), noInvalidDate: true })
            .map((d) => d.toISOString())
            .filter((t) => t !== env.Timestamp)
        : field === "Type"
          ? fc.constant("SubscriptionConfirmation")
          : mutateString(String(env[field]))
      ).map((value) => json({ ...env, [field]: value }, "bad_signature_tampered")),
    ),
    fc
      .tuple(signedBase, fc.oneof(fc.base64String({ minLength: 4, maxLength: 700 }), fc.string({ maxLength: 400 })))
      .filter(([env, sig]) => sig !== env.Signature && sig !== "")
      .map(([env, sig]) => json({ ...env, Signature: sig }, "bad_signature_random")),
    signedBase.map((env) => json({ ...env, SignatureVersion: env.SignatureVersion === "1" ? "2" : "1" }, "bad_signature_version_swap")),
    signedBase.map((env) =>
      json(
        { ...env, Signature: Buffer.from(Buffer.from(env.Signature, "base64").map((b, i) => (i === 7 ? b ^ 1 : b))).toString("base64") },
        "bad_signature_bitflip",
      ),
    ),
    fc
      .tuple(signedBase, fc.constantFrom("3", "0", "", "1 ", "v2"))
      .map(([env, v]) => json({ ...env, SignatureVersion: v }, "unsupported_signature_version")),
    // VALID signatures; only the URL checks refuse these.
    fc
      .tuple(
        signedBase,
        fc.oneof(
          fc.constantFrom(...hostileCertUrls(origin)),
          fc.webUrl().map((u) => `${u}.pem`),
          fc.domain().map((d) => `https://${d}/x.pem`),
          fc.tuple(fc.domain(), fc.domain()).map(([a, b]) => `https://${a}.${AWS_HOST}.${b}/x.pem`),
        ),
      )
      .map(([env, url]) => json({ ...env, SigningCertURL: url }, "hostile_cert_url")),
    fc.constantFrom(...hostileSubscribeUrls(origin, topicArn)).map((url) => json(sign(confirmation(url)), "hostile_subscribe_url")),
    fc
      .constantFrom(
        topicArn.replace("rolelink", "someone-else"),
        topicArn.replace("111111111111", "999999999999"),
        topicArn.replace("us-east-1", "us-west-2"),
        topicArn.replace("arn:aws:", "arn:aws-cn:"),
        `${topicArn}.fifo`,
      )
      .map((t) => json(sign(notification({ TopicArn: t })), "wrong_topic")),
    fc
      .constantFrom(-2 * 3600_000, -3601_000, 10 * 60_000, 3 * 24 * 3600_000)
      .map((skew) => json(sign(notification({ Timestamp: new Date(Date.now() + skew).toISOString() })), "stale_or_future_timestamp")),
    fc
      .tuple(signedBase, fc.constantFrom(...fields), wrongTypeValue())
      .map(([env, field, value]) => json({ ...env, [field]: value }, "wrong_type")),
    fc
      .tuple(
        signedBase,
        fc.constantFrom("MessageId", "TopicArn", "Message", "Timestamp", "Signature"),
        fc.integer({ min: 3000, max: 20_000 }),
      )
      .map(([env, field, n]) => json({ ...env, [field]: "A".repeat(n) }, "oversized_field")),
    fc
      .tuple(signedBase, fc.subarray(fields, { minLength: 1 }))
      .map(([env, drop]) => json(Object.fromEntries(Object.entries(env).filter(([k]) => !drop.includes(k))), "missing_fields")),
    fc.integer({ min: 256 * 1024 + 1, max: 300 * 1024 }).map((size) => {
      const env = sign(notification());
      const text = JSON.stringify({ ...env, Padding: "" });
      return { kind: "oversized", body: text.replace('"Padding":""', `"Padding":"${"x".repeat(Math.max(0, size - text.length))}"`) };
    }),
    fc.constant({ kind: "oversized_declared", body: "{}", headers: { "content-length": String(10 * 1024 * 1024) } }),
    fc.tuple(signedBase, fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([env, bad, at]) => {
      const bytes = Buffer.from(JSON.stringify(env), "utf8");
      const cut = at % bytes.length;
      return { kind: "invalid_utf8", body: new Uint8Array(Buffer.concat([bytes.subarray(0, cut), Buffer.from(bad), bytes.subarray(cut)])) };
    }),
    fc
      .tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...INVALID_UTF8))
      .map(([bytes, bad]) => ({ kind: "invalid_utf8", body: new Uint8Array([...bytes, ...bad]) })),
  );
}
