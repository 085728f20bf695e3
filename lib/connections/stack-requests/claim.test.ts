/**
 * Fair, bounded processing of stored requests, against the test database:
 * one in flight per connection, PER_ACCOUNT_IN_FLIGHT per claimed account,
 * MAX_ATTEMPTS then parked; and the sweeper's grace from the last attempt.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { claimRequest, MAX_ATTEMPTS, PER_ACCOUNT_IN_FLIGHT, PROCESSING_LEASE_MS, waitingBehind } from "./claim";
import type { QueuedRequest } from "./enqueue";
import { sweepStoredRequests } from "./sweep";

const queued = vi.hoisted(() => [] as QueuedRequest[]);
vi.mock("./enqueue", () => ({
  enqueueCfnRequest: async (request: QueuedRequest) => {
    queued.push(request);
  },
}));

const ACCOUNT = "222222222222";
const OTHER_ACCOUNT = "333333333333";
const NOW = new Date("2026-03-01T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

async function connectionFor(accountId = ACCOUNT) {
  const owner = await db.user.create({ data: { email: `q-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  return db.connection.create({ data: { ownerId: owner.id, accountId, region: "us-east-1", externalId: `ext-${crypto.randomUUID()}` } });
}

interface StoredRequest {
  connectionId?: string | null;
  claimedAccount?: string | null;
  state?: string;
  attempts?: number;
  lastAttemptAt?: Date | null;
  createdAt?: Date;
}

async function stored(input: StoredRequest = {}): Promise<string> {
  const row = await db.cfnRequest.create({
    data: {
      messageId: crypto.randomUUID(),
      requestType: "Create",
      requestId: crypto.randomUUID(),
      stackId: `arn:aws:cloudformation:us-east-1:${input.claimedAccount ?? ACCOUNT}:stack/s/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c`,
      logicalResourceId: "PhoneHome",
      payload: {},
      connectionId: input.connectionId ?? null,
      claimedAccount: input.claimedAccount === undefined ? ACCOUNT : input.claimedAccount,
      state: input.state ?? "received",
      attempts: input.attempts ?? 0,
      lastAttemptAt: input.lastAttemptAt ?? null,
      createdAt: input.createdAt ?? NOW,
    },
  });
  return row.id;
}

const stateOf = (id: string) =>
  db.cfnRequest.findUniqueOrThrow({ where: { id }, select: { state: true, attempts: true, lastAttemptAt: true } });
/** waitingBehind promises no order across its two lanes. */
const byId = (requests: QueuedRequest[]) => [...requests].sort((a, b) => a.id.localeCompare(b.id));
const respond = (id: string) => db.cfnRequest.update({ where: { id }, data: { state: "responded" } });

describe("claimRequest", () => {
  beforeEach(resetDb);

  it("claims a received request: processing, attempt 1, last attempt now", async () => {
    const c = await connectionFor();
    const id = await stored({ connectionId: c.id });
    expect(await claimRequest(id, NOW)).toEqual({ kind: "claimed", attempt: 1 });
    expect(await stateOf(id)).toEqual({ state: "processing", attempts: 1, lastAttemptAt: NOW });
  });

  it("keeps a second request of the same connection waiting while the first is processing, and lets it go after", async () => {
    const c = await connectionFor();
    const first = await stored({ connectionId: c.id });
    const second = await stored({ connectionId: c.id, claimedAccount: null });
    expect(await claimRequest(first, NOW)).toEqual({ kind: "claimed", attempt: 1 });
    expect(await claimRequest(second, NOW)).toEqual({ kind: "busy" });
    expect(await stateOf(second)).toEqual({ state: "received", attempts: 0, lastAttemptAt: null });
    await respond(first);
    expect(await claimRequest(second, NOW)).toEqual({ kind: "claimed", attempt: 1 });
  });

  it(`lets at most ${PER_ACCOUNT_IN_FLIGHT} requests of one claimed account be processed at once, whatever their connections`, async () => {
    const inFlight: string[] = [];
    for (let i = 0; i < PER_ACCOUNT_IN_FLIGHT; i++) {
      const id = await stored({ connectionId: (await connectionFor()).id });
      expect(await claimRequest(id, NOW)).toEqual({ kind: "claimed", attempt: 1 });
      inFlight.push(id);
    }
    const another = await stored({ connectionId: (await connectionFor()).id });
    const unknownLink = await stored({ connectionId: null });
    expect(await claimRequest(another, NOW)).toEqual({ kind: "busy" });
    expect(await claimRequest(unknownLink, NOW)).toEqual({ kind: "busy" });

    const otherAccount = await stored({ connectionId: (await connectionFor(OTHER_ACCOUNT)).id, claimedAccount: OTHER_ACCOUNT });
    expect(await claimRequest(otherAccount, NOW)).toEqual({ kind: "claimed", attempt: 1 });

    await respond(inFlight[0]!);
    expect(await claimRequest(another, NOW)).toEqual({ kind: "claimed", attempt: 1 });
    expect(await claimRequest(unknownLink, NOW)).toEqual({ kind: "busy" });
  });

  it("counts each claim as an attempt and parks the request for an admin after MAX_ATTEMPTS", async () => {
    const c = await connectionFor();
    const id = await stored({ connectionId: c.id });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // A retried job finds its own request still processing: that does not make it busy.
      expect(await claimRequest(id, NOW)).toEqual({ kind: "claimed", attempt });
      expect(await stateOf(id)).toMatchObject({ state: "processing", attempts: attempt });
    }
    expect(await claimRequest(id, NOW)).toEqual({ kind: "parked" });
    expect(await stateOf(id)).toMatchObject({ state: "response_failed", attempts: MAX_ATTEMPTS });
    const events = await db.event.findMany({ select: { kind: true, connectionId: true, actor: true, detail: true } });
    expect(events).toEqual([
      { kind: "cfn.request_parked", connectionId: c.id, actor: "system", detail: { attempts: MAX_ATTEMPTS, cfnRequestId: id } },
    ]);
    expect(await claimRequest(id, NOW)).toEqual({ kind: "finished" });
  });

  it("parks a request of an unknown link too, with an event that names it", async () => {
    const id = await stored({ connectionId: null, attempts: MAX_ATTEMPTS });
    expect(await claimRequest(id, NOW)).toEqual({ kind: "parked" });
    expect(await db.event.findMany({ select: { kind: true, connectionId: true, detail: true } })).toEqual([
      { kind: "cfn.request_parked", connectionId: null, detail: { attempts: MAX_ATTEMPTS, cfnRequestId: id } },
    ]);
  });

  it("does not count a processing request whose worker stopped renewing it (lease expired)", async () => {
    const c = await connectionFor();
    // Its last attempt is exactly one lease ago: expired.
    await stored({ connectionId: c.id, state: "processing", attempts: 1, lastAttemptAt: ago(PROCESSING_LEASE_MS) });
    const next = await stored({ connectionId: c.id });
    expect(await claimRequest(next, NOW)).toEqual({ kind: "claimed", attempt: 1 });
    await respond(next);

    await stored({ connectionId: c.id, state: "processing", attempts: 1, lastAttemptAt: ago(PROCESSING_LEASE_MS - 1) });
    const waiting = await stored({ connectionId: c.id });
    expect(await claimRequest(waiting, NOW)).toEqual({ kind: "busy" });
  });

  it("does not count abandoned requests against the account either", async () => {
    for (let i = 0; i < PER_ACCOUNT_IN_FLIGHT; i++) {
      await stored({
        connectionId: (await connectionFor()).id,
        state: "processing",
        attempts: 1,
        lastAttemptAt: ago(PROCESSING_LEASE_MS + 60_000),
      });
    }
    const id = await stored({ connectionId: (await connectionFor()).id });
    expect(await claimRequest(id, NOW)).toEqual({ kind: "claimed", attempt: 1 });
  });

  it.each(["responded", "rejected", "response_failed"])("does nothing with a %s request", async (state) => {
    const id = await stored({ state, attempts: 2, lastAttemptAt: ago(1_000) });
    expect(await claimRequest(id, NOW)).toEqual({ kind: "finished" });
    expect(await stateOf(id)).toEqual({ state, attempts: 2, lastAttemptAt: ago(1_000) });
  });

  it("treats a request that is not stored as finished", async () => {
    expect(await claimRequest(crypto.randomUUID(), NOW)).toEqual({ kind: "finished" });
  });
});

describe("waitingBehind", () => {
  beforeEach(resetDb);

  it("passes the turn to the oldest received request of the same connection and the oldest of another connection of the account", async () => {
    const c = await connectionFor();
    const sibling = await connectionFor();
    const cousin = await connectionFor();
    const done = await stored({ connectionId: c.id, state: "processing", createdAt: ago(50_000) });
    const sameConnectionOldest = await stored({ connectionId: c.id, createdAt: ago(40_000) });
    await stored({ connectionId: c.id, createdAt: ago(5_000) });
    const otherConnectionOldest = await stored({ connectionId: cousin.id, createdAt: ago(30_000) });
    await stored({ connectionId: null, createdAt: ago(20_000) });
    await stored({ connectionId: sibling.id, createdAt: ago(10_000) });
    // Not waiting, or not in the same lanes:
    await stored({ connectionId: (await connectionFor(OTHER_ACCOUNT)).id, claimedAccount: OTHER_ACCOUNT, createdAt: ago(45_000) });
    await stored({ connectionId: c.id, state: "processing", createdAt: ago(48_000) });
    await stored({ connectionId: sibling.id, state: "responded", createdAt: ago(46_000) });
    await stored({ connectionId: sibling.id, state: "rejected", createdAt: ago(47_000) });

    const next = await waitingBehind(done);
    expect(byId(next)).toEqual(
      byId([
        { id: sameConnectionOldest, connectionId: c.id, claimedAccount: ACCOUNT },
        { id: otherConnectionOldest, connectionId: cousin.id, claimedAccount: ACCOUNT },
      ]),
    );
  });

  it("passes a request of an unknown link's turn to the oldest of a connection of the same account", async () => {
    const c = await connectionFor();
    const done = await stored({ connectionId: null, state: "processing", createdAt: ago(50_000) });
    const oldest = await stored({ connectionId: c.id, createdAt: ago(40_000) });
    await stored({ connectionId: c.id, createdAt: ago(10_000) });
    expect(await waitingBehind(done)).toEqual([{ id: oldest, connectionId: c.id, claimedAccount: ACCOUNT }]);
  });

  it("passes the turn along the lane of requests that name no link (their claimed account), and to a link of that account", async () => {
    const c = await connectionFor();
    const done = await stored({ connectionId: null, state: "processing", createdAt: ago(50_000) });
    const sameLane = await stored({ connectionId: null, createdAt: ago(45_000) });
    await stored({ connectionId: null, createdAt: ago(5_000) });
    await stored({ connectionId: null, claimedAccount: OTHER_ACCOUNT, createdAt: ago(48_000) });
    const link = await stored({ connectionId: c.id, createdAt: ago(40_000) });
    expect(byId(await waitingBehind(done))).toEqual(
      byId([
        { id: sameLane, connectionId: null, claimedAccount: ACCOUNT },
        { id: link, connectionId: c.id, claimedAccount: ACCOUNT },
      ]),
    );
  });

  it("passes nothing on when nothing waits in its lanes", async () => {
    const only = await stored({ connectionId: (await connectionFor()).id, state: "processing" });
    await stored({ connectionId: (await connectionFor(OTHER_ACCOUNT)).id, claimedAccount: OTHER_ACCOUNT });
    expect(await waitingBehind(only)).toEqual([]);
  });
});

describe("sweepStoredRequests", () => {
  beforeEach(async () => {
    await resetDb();
    queued.length = 0;
  });

  it("re-queues requests that lost their job, measuring grace from the last attempt", async () => {
    const retriedRecently = await stored({ createdAt: ago(120_000), lastAttemptAt: ago(10_000), attempts: 1 });
    const retriedLongAgo = await stored({ createdAt: ago(120_000), lastAttemptAt: ago(60_000), attempts: 1 });
    const arrivedLongAgo = await stored({ createdAt: ago(90_000) });
    await stored({ createdAt: ago(10_000) });
    await stored({ state: "processing", createdAt: ago(120_000), lastAttemptAt: ago(60_000), attempts: 1 });
    const abandoned = await stored({
      state: "processing",
      createdAt: ago(PROCESSING_LEASE_MS + 120_000),
      lastAttemptAt: ago(PROCESSING_LEASE_MS + 1_000),
      attempts: 1,
    });
    await stored({ state: "responded", createdAt: ago(600_000) });
    await stored({ state: "response_failed", createdAt: ago(600_000), lastAttemptAt: ago(600_000) });

    expect(await sweepStoredRequests(NOW)).toBe(3);
    expect(queued.map((q) => q.id).sort()).toEqual([retriedLongAgo, arrivedLongAgo, abandoned].sort());
    expect(queued.map((q) => q.id)).not.toContain(retriedRecently);
  });

  it("queues the oldest first, with the lane each belongs to", async () => {
    const newer = await stored({ createdAt: ago(60_000) });
    const older = await stored({ createdAt: ago(90_000) });
    const c = await connectionFor();
    const ofConnection = await stored({ connectionId: c.id, createdAt: ago(75_000) });
    await sweepStoredRequests(NOW);
    expect(queued).toEqual([
      { id: older, connectionId: null, claimedAccount: ACCOUNT },
      { id: ofConnection, connectionId: c.id, claimedAccount: ACCOUNT },
      { id: newer, connectionId: null, claimedAccount: ACCOUNT },
    ]);
  });
});
