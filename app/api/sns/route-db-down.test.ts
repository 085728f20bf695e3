/**
 * Database down: a verified message cannot be recorded, so the endpoint answers
 * 503 and SNS retries it later with the same MessageId (nothing is lost).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signedNotification, testSigningIdentity, TEST_TOPIC_ARN } from "@/test/sns-signing";

let certServer: Server;
let origin: string;

beforeAll(async () => {
  const { certificatePem } = await testSigningIdentity();
  certServer = createServer((_req, res) => res.end(certificatePem));
  await new Promise<void>((resolve) => certServer.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(certServer.address() as AddressInfo).port}/`;
  // Nothing listens on port 1: every query fails to connect, as when PostgreSQL is down.
  Object.assign(process.env, {
    DATABASE_URL: "postgresql://postgres:x@127.0.0.1:1/rolelink",
    AWS_SANDBOX_URL: origin,
    SNS_TOPIC_ARNS: TEST_TOPIC_ARN,
  });
  Object.assign(globalThis, { prisma: undefined, pgPool: undefined });
});

afterAll(() => new Promise<void>((resolve) => certServer.close(() => resolve())));

it("answers 503 (retry later) for a verified message when PostgreSQL is unreachable", async () => {
  const { POST } = await import("@/app/api/sns/route");
  const message = await signedNotification({
    message: JSON.stringify({
      RequestType: "Create",
      ServiceToken: TEST_TOPIC_ARN,
      ResponseURL: "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=y",
      StackId: "arn:aws:cloudformation:us-east-1:222233334444:stack/s/6c1b1b4e-0000-4000-8000-000000000000",
      RequestId: "6c1b1b4e-0000-4000-8000-000000000001",
      LogicalResourceId: "PhoneHome",
      ResourceType: "Custom::RolelinkPhoneHome",
      ResourceProperties: { ServiceToken: TEST_TOPIC_ARN, ExternalID: "rl-x", AccountID: "222233334444" },
    }),
    subject: "AWS CloudFormation custom resource request",
    certUrl: new URL("SimpleNotificationService-0123456789abcdef0123456789abcdef.pem", origin).href,
  });
  const response = await POST(new Request("http://localhost/api/sns", { method: "POST", body: JSON.stringify(message) }));
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ error: "unavailable" });
});

it("answers 503 on /api/health too", async () => {
  const { GET } = await import("@/app/api/health/route");
  const response = await GET();
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ status: "error", database: { status: "unreachable" } });
});

it("the accept statement's own path (raw pg, not Prisma) fails with an error classified as transient, so SNS retries", async () => {
  const { sql } = await import("@/lib/db");
  const { isTransientError } = await import("@/lib/db-errors");
  const error = await sql({ text: "SELECT 1", values: [] }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeDefined();
  expect(isTransientError(error)).toBe(true);
});
