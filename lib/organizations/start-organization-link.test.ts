/**
 * startOrganizationLink against the test database and the sandbox SNS API on
 * loopback: what is stored, reused and refused, and who may publish.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "@/sandbox/sns-api";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { startOrganizationLink, type OrganizationLinkInput } from "./start-organization-link";

const TOPIC = "arn:aws:sns:eu-west-1:111111111111:rolelink";
let ownerId: string;
let sns: SnsApiState;
let server: Server;
const saved = { endpoint: process.env.AWS_ENDPOINT_URL_SNS, mode: process.env.SNS_PUBLISH_ACCESS };

beforeAll(async () => {
  sns = createSnsApiState({ topics: ["arn:aws:sns:us-east-1:111111111111:rolelink", TOPIC] });
  const handler = createSnsApiHandler(sns);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns-api`;
  process.env.SNS_PUBLISH_ACCESS = "per-account";
});

afterAll(async () => {
  for (const [key, value] of [
    ["AWS_ENDPOINT_URL_SNS", saved.endpoint],
    ["SNS_PUBLISH_ACCESS", saved.mode],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
const valid: OrganizationLinkInput = {
  managementAccountId: "333333333333",
  region: "eu-west-1",
  targets: ["ou-ab12-abcdefgh", "ou-ab12-zyxwvuts"],
};

beforeEach(async () => {
  await resetDb();
  ownerId = (await db.user.create({ data: { email: `o-${crypto.randomUUID()}@example.test`, passwordHash: "x" } })).id;
});

describe("startOrganizationLink", () => {
  it("stores the link with its own External ID, the targets sorted and deduplicated, and records who asked", async () => {
    const outcome = await startOrganizationLink(ownerId, {
      ...valid,
      targets: ["ou-ab12-zyxwvuts", " ou-ab12-abcdefgh", "ou-ab12-zyxwvuts"],
    });
    expect(outcome.kind).toBe("created");
    const link = await db.organizationLink.findFirstOrThrow({ where: { ownerId } });
    expect(link).toMatchObject({
      managementAccountId: "333333333333",
      region: "eu-west-1",
      targets: ["ou-ab12-abcdefgh", "ou-ab12-zyxwvuts"],
      callAs: "SELF",
      managementRoleArn: null,
    });
    expect(link.externalId).toMatch(/^rl-[\w-]{32}$/);
    const events = await db.event.findMany({ where: { kind: "organization.link_created" } });
    expect(events.map((e) => [e.actor, (e.detail as { organizationLinkId?: string }).organizationLinkId])).toEqual([
      [`customer:${ownerId}`, link.id],
    ]);
    // The management stack phones home before rolelink knows the organization: that one account may publish.
    expect(sns.canPublish(TOPIC, "333333333333")).toBe(true);
  });

  it("reuses the unconfirmed link for the same account, region and targets; a different target set is a new link", async () => {
    const first = await startOrganizationLink(ownerId, valid);
    const [again, twice] = await Promise.all([
      startOrganizationLink(ownerId, valid),
      startOrganizationLink(ownerId, { ...valid, targets: [...valid.targets].reverse() }),
    ]);
    expect(again).toEqual({ kind: "reused", id: "id" in first ? first.id : "" });
    expect(twice).toEqual(again);
    const other = await startOrganizationLink(ownerId, { ...valid, targets: ["r-ab12"] });
    expect(other.kind).toBe("created");
    expect(await db.organizationLink.count()).toBe(2);
    const ids = await db.organizationLink.findMany({ select: { externalId: true } });
    expect(new Set(ids.map((l) => l.externalId)).size).toBe(2);
  });

  it.each([
    ["a short account ID", { managementAccountId: "33333333333" }, "managementAccountId"],
    ["a region without a vendor topic", { region: "ap-south-1" }, "region"],
    ["no targets", { targets: [] }, "targets"],
    ["an account ID as target", { targets: ["333333333333"] }, "targets"],
    ["a malformed OU", { targets: ["ou-AB12-abcdefgh"] }, "targets"],
    ["the root mixed with OUs", { targets: ["r-ab12", "ou-ab12-abcdefgh"] }, "targets"],
    ["an unknown CallAs", { callAs: "ADMIN" as "SELF" }, "callAs"],
  ])("refuses %s with a field error and stores nothing", async (_name, change, field) => {
    const outcome = await startOrganizationLink(ownerId, { ...valid, ...change });
    expect(outcome.kind).toBe("invalid");
    expect(outcome.kind === "invalid" && outcome.fieldErrors[field]?.length).toBeGreaterThan(0);
    expect(await db.organizationLink.count()).toBe(0);
  });
});
