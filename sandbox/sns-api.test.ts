/** The sandbox SNS API as the real AWS SDK sees it: topic-policy statements and who may publish. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AddPermissionCommand, GetTopicAttributesCommand, RemovePermissionCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "./sns-api";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const OTHER = "arn:aws:sns:eu-west-1:111111111111:rolelink";
let state: SnsApiState;
let server: Server;
let sns: SNSClient;

beforeAll(async () => {
  state = createSnsApiState({ topics: [TOPIC, OTHER] });
  const handler = createSnsApiHandler(state);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns-api`;
  sns = new SNSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIASANDBOXTEST00001", secretAccessKey: "x" },
    maxAttempts: 1,
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const grant = (account: string, topicArn = TOPIC) =>
  sns.send(
    new AddPermissionCommand({ TopicArn: topicArn, Label: `rolelink-${account}`, AWSAccountId: [account], ActionName: ["Publish"] }),
  );

async function statements(
  topicArn = TOPIC,
): Promise<Array<{ Sid: string; Principal: { AWS: unknown }; Action: unknown; Resource: string }>> {
  const out = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  expect(out.Attributes?.TopicArn).toBe(topicArn);
  return (JSON.parse(out.Attributes?.Policy ?? "{}") as { Statement: [] }).Statement;
}

// The SDK names SNS's error codes by their model shapes: InvalidParameter → InvalidParameterException.
async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

describe("topic permissions", () => {
  it("AddPermission adds one statement per label, lets that account publish, and is remembered for the console", async () => {
    expect(await statements()).toHaveLength(1);
    expect(state.canPublish(TOPIC, "222233334444")).toBe(false);

    await grant("222233334444");
    await grant("333344445555");
    const policy = await statements();
    expect(policy).toHaveLength(3);
    expect(policy.find((s) => s.Sid === "rolelink-222233334444")).toEqual({
      Sid: "rolelink-222233334444",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222233334444:root" },
      Action: "SNS:Publish",
      Resource: TOPIC,
    });
    expect(state.canPublish(TOPIC, "222233334444")).toBe(true);
    expect(state.canPublish(OTHER, "222233334444")).toBe(false);
    expect(state.canPublish(TOPIC, "999999999999")).toBe(false);
    expect(state.lastGrantedAccountId()).toBe("333344445555");
  });

  it("the same label twice is InvalidParameter, as SNS answers", async () => {
    await grant("444455556666");
    expect(await errorOf(grant("444455556666"))).toMatchObject({
      name: "InvalidParameterException",
      status: 400,
      message: "Invalid parameter: Statement already exists",
    });
  });

  it("RemovePermission takes the statement and the publish right away; an unknown label is InvalidParameter", async () => {
    await grant("555566667777");
    await sns.send(new RemovePermissionCommand({ TopicArn: TOPIC, Label: "rolelink-555566667777" }));
    expect((await statements()).some((s) => s.Sid === "rolelink-555566667777")).toBe(false);
    expect(state.canPublish(TOPIC, "555566667777")).toBe(false);
    const error = await errorOf(sns.send(new RemovePermissionCommand({ TopicArn: TOPIC, Label: "rolelink-555566667777" })));
    expect(error).toMatchObject({ name: "InvalidParameterException", status: 400 });
  });

  it("an unknown topic is NotFound (404)", async () => {
    const missing = "arn:aws:sns:us-east-1:111111111111:nope";
    expect(await errorOf(grant("222233334444", missing))).toMatchObject({ name: "NotFoundException", status: 404 });
    expect((await errorOf(sns.send(new GetTopicAttributesCommand({ TopicArn: missing })))).name).toBe("NotFoundException");
  });

  it("a principal that is not an account id is refused", async () => {
    expect((await errorOf(grant("not-an-account"))).name).toBe("InvalidParameterException");
  });

  it("an open topic lets any account publish, with one statement for everyone", async () => {
    const before = (await statements(OTHER)).length;
    state.setOpen(OTHER, true);
    expect(state.canPublish(OTHER, "999999999999")).toBe(true);
    expect(await statements(OTHER)).toHaveLength(before + 1);
    state.setOpen(OTHER, false);
    expect(state.canPublish(OTHER, "999999999999")).toBe(false);
  });
});
