/**
 * Publish access for an organization: one aws:PrincipalOrgID statement,
 * enforced by the sandbox SNS API on loopback, written over the whole policy
 * without losing the per-account statements the database says must exist.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "@/sandbox/sns-api";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { ensureOrganizationPublishAccess, releaseOrganizationPublishAccess } from "./publish-access";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const ORG = "o-abcdefghij";
const organizationOf: Record<string, string> = { "300000000001": ORG, "300000000002": ORG, "400000000001": "o-zzzzzzzzzz" };
let sns: SnsApiState;
let server: Server;
const saved = process.env.AWS_ENDPOINT_URL_SNS;

beforeAll(async () => {
  sns = createSnsApiState({ topics: [TOPIC], organizationOf: (account) => organizationOf[account] });
  const handler = createSnsApiHandler(sns);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns-api`;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
  else process.env.AWS_ENDPOINT_URL_SNS = saved;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(resetDb);

describe("organization publish access", () => {
  it("lets every account of the organization publish, nobody else, and keeps the per-account statements the database needs", async () => {
    const owner = await db.user.create({ data: { email: `o-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
    const single = await db.connection.create({
      data: { ownerId: owner.id, accountId: "500000000001", region: "us-east-1", externalId: `rl-${crypto.randomUUID()}` },
    });
    const link = await db.organizationLink.create({
      data: {
        ownerId: owner.id,
        managementAccountId: "300000000000",
        region: "us-east-1",
        externalId: `rl-org-${crypto.randomUUID()}`,
        targets: ["r-ab12"],
      },
    });
    // This grant is not in the policy (as if an AddPermission had been overwritten): the write must restore it.
    expect(sns.canPublish(TOPIC, single.accountId)).toBe(false);

    await ensureOrganizationPublishAccess({
      organizationLinkId: link.id,
      topicArn: TOPIC,
      organizationId: ORG,
      region: "us-east-1",
      mode: "per-account",
    });
    expect(sns.canPublish(TOPIC, "300000000001")).toBe(true);
    expect(sns.canPublish(TOPIC, "300000000002")).toBe(true);
    expect(sns.canPublish(TOPIC, "400000000001")).toBe(false);
    expect(sns.canPublish(TOPIC, single.accountId)).toBe(true);
    expect(sns.canPublish(TOPIC, "300000000000")).toBe(true);
    const statements = (JSON.parse(sns.policy(TOPIC)) as { Statement: Array<{ Sid: string; Condition?: unknown }> }).Statement;
    expect(statements.filter((s) => s.Sid === `rolelink-org-${ORG}`)).toEqual([
      expect.objectContaining({ Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } }),
    ]);

    // Idempotent: a second confirmation adds nothing.
    await ensureOrganizationPublishAccess({
      organizationLinkId: link.id,
      topicArn: TOPIC,
      organizationId: ORG,
      region: "us-east-1",
      mode: "per-account",
    });
    expect((JSON.parse(sns.policy(TOPIC)) as { Statement: unknown[] }).Statement).toHaveLength(statements.length);

    await releaseOrganizationPublishAccess({
      organizationLinkId: link.id,
      topicArn: TOPIC,
      organizationId: ORG,
      region: "us-east-1",
      mode: "per-account",
    });
    expect(sns.canPublish(TOPIC, "300000000001")).toBe(false);
    expect(sns.canPublish(TOPIC, single.accountId)).toBe(true);
  });
});
