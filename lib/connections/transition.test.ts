/**
 * transition() against the test database: the guarded UPDATE, its event in
 * the same transaction, and what callers see when the row had moved on.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { resetDb } from "@/test/db";
import { ALL_STATUSES, TRANSITIONS } from "./states";
import { allowedFrom, transition } from "./transition";

const ROLE = "arn:aws:iam::222222222222:role/rolelink-test";
const NEW_ROLE = "arn:aws:iam::222222222222:role/rolelink-test-2";

async function connectionIn(status: ConnectionStatus) {
  const owner = await db.user.create({ data: { email: `t-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  return db.connection.create({
    data: {
      ownerId: owner.id,
      accountId: "222222222222",
      region: "us-east-1",
      externalId: `ext-${crypto.randomUUID()}`,
      status,
      roleArn: ROLE,
    },
  });
}

const row = (id: string) => db.connection.findUniqueOrThrow({ where: { id }, select: { status: true, roleArn: true, lastError: true } });
const eventsOf = (connectionId: string) =>
  db.event.findMany({
    where: { connectionId },
    orderBy: { id: "asc" },
    select: { kind: true, actor: true, detail: true, connectionId: true },
  });

describe("allowedFrom", () => {
  it.each(ALL_STATUSES)("allows moving to %s from exactly the states whose TRANSITIONS list it", (to) => {
    const expected = Object.entries(TRANSITIONS)
      .filter(([, targets]) => targets.includes(to))
      .map(([from]) => from);
    expect(allowedFrom(to).sort()).toEqual(expected.sort());
    expect(allowedFrom(to)).not.toContain(to);
  });

  it("reads the state machine the way states.ts draws it", () => {
    expect(allowedFrom("connected").sort()).toEqual(["broken", "verifying"]);
    expect(allowedFrom("verifying").sort()).toEqual(["failed", "pending"]);
    expect(allowedFrom("pending")).toEqual([]);
    expect(allowedFrom("disconnected").sort()).toEqual(["broken", "connected", "failed", "pending", "verifying"]);
  });

  it.each<[ConnectionStatus, ConnectionStatus[], ConnectionStatus[]]>([
    ["connected", ["verifying", "pending"], ["verifying"]],
    ["connected", ["pending", "failed"], []],
    ["verifying", ["pending", "failed", "verifying"], ["pending", "failed", "verifying"]],
    ["verifying", ["connected"], []],
    ["connected", ["connected", "broken"], ["connected", "broken"]],
    ["connected", ["connected"], ["connected"]],
    ["broken", ["connected"], ["connected"]],
    ["failed", ["failed"], ["failed"]],
    ["disconnected", ["disconnected", "connected"], ["connected"]],
    ["disconnected", ["disconnected"], []],
    ["pending", ["pending"], ["pending"]],
    ["connected", [], []],
  ])("to %s, narrowed to %j, allows %j", (to, from, expected) => {
    expect(allowedFrom(to, from)).toEqual(expected);
  });

  it("never allows staying put unless `to` is listed in `from`", () => {
    for (const to of ALL_STATUSES) {
      const others = ALL_STATUSES.filter((state) => state !== to);
      expect(allowedFrom(to, others)).not.toContain(to);
    }
  });
});

describe("transition", () => {
  beforeEach(resetDb);

  it("moves the status, writes the data and records exactly one event", async () => {
    const c = await connectionIn("verifying");
    const result = await transition({
      connectionId: c.id,
      to: "connected",
      from: ["verifying"],
      data: { roleArn: NEW_ROLE, lastError: null },
      event: { kind: "connection.connected", actor: "system", detail: { roleArn: NEW_ROLE } },
    });
    expect(result).toEqual({ ok: true });
    expect(await row(c.id)).toEqual({ status: "connected", roleArn: NEW_ROLE, lastError: null });
    expect(await eventsOf(c.id)).toEqual([
      { kind: "connection.connected", actor: "system", detail: { roleArn: NEW_ROLE }, connectionId: c.id },
    ]);
  });

  it("stays put while the data changes when `to` is listed in `from`", async () => {
    const c = await connectionIn("connected");
    const result = await transition({
      connectionId: c.id,
      to: "connected",
      from: ["connected", "broken"],
      data: { roleArn: NEW_ROLE },
      event: { kind: "connection.updated", actor: "system", detail: { roleArn: NEW_ROLE } },
    });
    expect(result).toEqual({ ok: true });
    expect(await row(c.id)).toMatchObject({ status: "connected", roleArn: NEW_ROLE });
    expect((await eventsOf(c.id)).map((e) => e.kind)).toEqual(["connection.updated"]);
  });

  it("never stays disconnected, even when asked to", async () => {
    const c = await connectionIn("disconnected");
    const result = await transition({
      connectionId: c.id,
      to: "disconnected",
      from: ["disconnected"],
      data: { lastError: "again" },
      event: { kind: "connection.disconnected", actor: "system" },
    });
    expect(result).toEqual({ ok: false, current: "disconnected" });
    expect(await row(c.id)).toMatchObject({ lastError: null });
    expect(await eventsOf(c.id)).toEqual([]);
  });

  it.each<[ConnectionStatus, ConnectionStatus, ConnectionStatus[] | undefined]>([
    ["connected", "verifying", undefined],
    ["pending", "connected", undefined],
    ["disconnected", "connected", undefined],
    ["disconnected", "verifying", ["pending", "failed", "verifying"]],
    ["broken", "connected", ["verifying"]],
  ])("when the row is %s, a move to %s (from %j) writes nothing and reports it", async (status, to, from) => {
    const c = await connectionIn(status);
    const result = await transition({
      connectionId: c.id,
      to,
      from,
      data: { roleArn: NEW_ROLE, lastError: "should not be written" },
      event: { kind: "connection.failed", actor: "system" },
    });
    expect(result).toEqual({ ok: false, current: status });
    expect(await row(c.id)).toEqual({ status, roleArn: ROLE, lastError: null });
    expect(await eventsOf(c.id)).toEqual([]);
  });

  it("reports a connection that does not exist as current: null", async () => {
    const result = await transition({
      connectionId: crypto.randomUUID(),
      to: "disconnected",
      event: { kind: "connection.disconnected", actor: "system" },
    });
    expect(result).toEqual({ ok: false, current: null });
    expect(await db.event.count()).toBe(0);
  });

  it("rolls the status back when its event cannot be written (one transaction)", async () => {
    const c = await connectionIn("verifying");
    // PostgreSQL's jsonb refuses \u0000: the event INSERT fails after the UPDATE succeeded.
    const attempt = transition({
      connectionId: c.id,
      to: "connected",
      from: ["verifying"],
      data: { roleArn: NEW_ROLE },
      event: { kind: "connection.connected", actor: "system", detail: { note: "\u0000" } },
    });
    await expect(attempt).rejects.toThrow(/unsupported Unicode escape sequence/);
    expect(await row(c.id)).toEqual({ status: "verifying", roleArn: ROLE, lastError: null });
    expect(await eventsOf(c.id)).toEqual([]);
  });

  it("joins the caller's transaction when given one: a rollback there undoes both", async () => {
    const c = await connectionIn("pending");
    await expect(
      db.$transaction(async (tx) => {
        expect(
          await transition({ connectionId: c.id, to: "disconnected", event: { kind: "connection.disconnected", actor: "system" } }, tx),
        ).toEqual({ ok: true });
        throw new Error("caller failed after the transition");
      }),
    ).rejects.toThrow("caller failed after the transition");
    expect(await row(c.id)).toMatchObject({ status: "pending" });
    expect(await eventsOf(c.id)).toEqual([]);
  });

  it("lets a Delete that disconnected the link win over a Create still verifying it", async () => {
    const c = await connectionIn("verifying");
    expect(await transition({ connectionId: c.id, to: "disconnected", event: { kind: "connection.disconnected", actor: "sns" } })).toEqual({
      ok: true,
    });
    const late = await transition({
      connectionId: c.id,
      to: "connected",
      from: ["verifying"],
      data: { roleArn: NEW_ROLE },
      event: { kind: "connection.connected", actor: "system" },
    });
    expect(late).toEqual({ ok: false, current: "disconnected" });
    expect(await row(c.id)).toMatchObject({ status: "disconnected", roleArn: ROLE });
    expect((await eventsOf(c.id)).map((e) => e.kind)).toEqual(["connection.disconnected"]);
  });

  it.each<[ConnectionStatus, ConnectionStatus]>([
    ["connected", "failed"],
    ["connected", "connected"],
    ["connected", "disconnected"],
  ])("lets exactly one of two concurrent moves from verifying (to %s and to %s) win", async (first, second) => {
    for (let round = 0; round < 5; round++) {
      const c = await connectionIn("verifying");
      const move = (to: ConnectionStatus) =>
        transition({
          connectionId: c.id,
          to,
          from: ["verifying"],
          data: { lastError: to },
          event: { kind: `connection.${to}` as "connection.connected", actor: "system", detail: { to } },
        });
      const results = await Promise.all([move(first), move(second)]);
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const after = await row(c.id);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, current: after.status });
      const events = await eventsOf(c.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.detail).toEqual({ to: after.status });
      expect(after.lastError).toBe(after.status);
    }
  });
});

describe("transitionMany", () => {
  beforeEach(resetDb);

  it("moves only rows whose status the guards allow, with the same events, and says what it found for the others", async () => {
    const { transitionMany } = await import("./transition");
    const connected = await connectionIn("connected");
    const broken = await connectionIn("broken");
    const disconnected = await connectionIn("disconnected");
    const event = { kind: "connection.broken" as const, actor: "system", detail: { reason: "test" } };
    const results = await db.$transaction((tx) =>
      transitionMany(
        [
          { connectionId: connected.id, to: "broken", from: ["connected"], event },
          {
            connectionId: broken.id,
            to: "connected",
            from: ["broken"],
            event: { kind: "connection.connected", actor: "system", detail: { reason: "back" } },
          },
          { connectionId: disconnected.id, to: "broken", from: ["connected"], event },
        ],
        tx,
      ),
    );
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: false, current: "disconnected" }]);
    expect((await row(connected.id)).status).toBe("broken");
    expect((await row(broken.id)).status).toBe("connected");
    expect((await row(disconnected.id)).status).toBe("disconnected");
    expect((await eventsOf(connected.id)).map((e) => e.kind)).toEqual(["connection.broken"]);
    expect((await eventsOf(broken.id)).map((e) => e.kind)).toEqual(["connection.connected"]);
    expect(await eventsOf(disconnected.id)).toEqual([]);
  });
});
