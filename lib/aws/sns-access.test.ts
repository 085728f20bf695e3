/** Per-account publish access through the real AWS SDK, against the sandbox SNS API on loopback. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "@/sandbox/sns-api";
import { grantPublish, inspectTopicPolicy, publishLabel, revokePublish } from "./sns-access";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const CUSTOMER = "222233334444";
const ENV_KEYS = ["AWS_ENDPOINT_URL_SNS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
let sns: SnsApiState;
let server: Server;

beforeAll(async () => {
  sns = createSnsApiState({ topics: [TOPIC] });
  const handler = createSnsApiHandler(sns);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns-api`,
    AWS_ACCESS_KEY_ID: "AKIAVENDOR",
    AWS_SECRET_ACCESS_KEY: "x",
  });
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => sns.topics.get(TOPIC)!.grants.clear());

const account = (i: number) => String(100_000_000_000 + i);

describe("publish access per account", () => {
  it("labels are valid SNS labels, one per account", () => {
    expect(publishLabel(CUSTOMER)).toBe("rolelink-222233334444");
    expect(publishLabel(CUSTOMER)).toMatch(/^[\w-]{1,80}$/);
    expect(() => publishLabel("2222")).toThrow();
  });

  it("a grant lets exactly that account publish, and granting twice is still success", async () => {
    await grantPublish(TOPIC, CUSTOMER);
    await grantPublish(TOPIC, CUSTOMER);
    expect(sns.canPublish(TOPIC, CUSTOMER)).toBe(true);
    expect(sns.canPublish(TOPIC, "333344445555")).toBe(false);
    const statements = (JSON.parse(sns.policy(TOPIC)) as { Statement: Array<{ Sid: string }> }).Statement;
    expect(statements.filter((s) => s.Sid === "rolelink-222233334444")).toHaveLength(1);
  });

  it("a revoke stops the account publishing, and revoking twice (or never granted) is still success", async () => {
    await grantPublish(TOPIC, CUSTOMER);
    await revokePublish(TOPIC, CUSTOMER);
    await revokePublish(TOPIC, CUSTOMER);
    await revokePublish(TOPIC, "333344445555");
    expect(sns.canPublish(TOPIC, CUSTOMER)).toBe(false);
  });

  it("other refusals are not swallowed", async () => {
    const missing = "arn:aws:sns:us-east-1:111111111111:no-such-topic";
    await expect(grantPublish(missing, CUSTOMER)).rejects.toThrow();
    await expect(revokePublish(missing, CUSTOMER)).rejects.toThrow();
  });
});

describe("topic policy limits (100 statements, 30 KB, 200 principals)", () => {
  it("counts what AWS counts, including the default owner statement", async () => {
    await grantPublish(TOPIC, CUSTOMER);
    const usage = await inspectTopicPolicy(TOPIC);
    expect(usage).toEqual({ statements: 2, principals: 2, bytes: Buffer.byteLength(sns.policy(TOPIC)), nearLimit: false });
  });

  it("is near the limit from 80 statements", async () => {
    for (let i = 0; i < 78; i++) await grantPublish(TOPIC, account(i));
    expect(await inspectTopicPolicy(TOPIC)).toMatchObject({ statements: 79, nearLimit: false });
    await grantPublish(TOPIC, account(78));
    expect(await inspectTopicPolicy(TOPIC)).toMatchObject({ statements: 80, nearLimit: true });
  });

  it("is near the limit from 160 principals, however few the statements", async () => {
    sns.grant(TOPIC, { label: "bulk", accounts: Array.from({ length: 159 }, (_, i) => account(i)), actions: ["Publish"] });
    expect(await inspectTopicPolicy(TOPIC)).toMatchObject({ statements: 2, principals: 160, nearLimit: true });
  });

  it("a grant past 100 statements is refused, as AWS refuses it, and the policy stays as it was", async () => {
    for (let i = 0; i < 99; i++) await grantPublish(TOPIC, account(i));
    const full = sns.policy(TOPIC);
    expect(await inspectTopicPolicy(TOPIC)).toMatchObject({ statements: 100 });
    await expect(grantPublish(TOPIC, account(99))).rejects.toThrow(/exceed its limits/);
    expect(sns.policy(TOPIC)).toBe(full);
    expect(sns.canPublish(TOPIC, account(99))).toBe(false);
  });

  it("a whole policy past 200 principals is refused as well (SetTopicAttributes)", () => {
    const bulk = (n: number) => ({
      Sid: "bulk",
      Effect: "Allow",
      Principal: { AWS: Array.from({ length: n }, (_, i) => `arn:aws:iam::${account(i)}:root`) },
      Action: "SNS:Publish",
      Resource: TOPIC,
    });
    expect(() => sns.setPolicy(TOPIC, JSON.stringify({ Version: "2008-10-17", Statement: [bulk(201)] }))).toThrow(/exceed its limits/);
    expect(() => sns.setPolicy(TOPIC, JSON.stringify({ Version: "2008-10-17", Statement: [bulk(200)] }))).not.toThrow();
  });
});
