/**
 * The only writer of Connection.status. A transition is one conditional
 * UPDATE whose WHERE lists the states allowed to move to `to` (derived from
 * TRANSITIONS), with its event recorded in the same transaction. When the row
 * had moved on (a Delete made it disconnected while a Create was verifying),
 * nothing is written and the caller is told the status it found instead.
 *
 * Webhooks: the same transaction writes the outbox (lib/webhooks/outbox.ts), so
 * a receiver hears of every committed change and never of a rolled-back one.
 * That needs the status before the move: when some endpoint listens, the row is
 * locked and read first.
 *
 * Live pages: the same transaction NOTIFYs the move (./live/announce.ts).
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { recordEvent, recordEvents, type NewEvent } from "@/lib/events";
import { recordWebhookEvents, subscribedEventTypes } from "@/lib/webhooks/outbox";
import { statesLeadingTo } from "./states";
import { announceProgress } from "./live/announce";

type Tx = Prisma.TransactionClient;

export interface TransitionInput {
  connectionId: string;
  to: ConnectionStatus;
  /**
   * Narrows the allowed "from" states. Listing `to` itself here allows staying
   * put while `data` changes (an Update re-pointing a connected link); nothing
   * may stay disconnected.
   */
  from?: readonly ConnectionStatus[];
  /** Columns written together with the status: role, stack, errors, timestamps. */
  data?: Omit<Prisma.ConnectionUpdateManyMutationInput, "status">;
  event: Omit<NewEvent, "connectionId">;
}

export type TransitionResult = { ok: true } | { ok: false; current: ConnectionStatus | null };

export function allowedFrom(to: ConnectionStatus, from?: readonly ConnectionStatus[]): ConnectionStatus[] {
  const leading = statesLeadingTo(to);
  if (!from) return leading;
  return from.filter((state) => leading.includes(state) || (state === to && to !== "disconnected"));
}

export async function transition(input: TransitionInput, client?: Tx): Promise<TransitionResult> {
  if (client) return apply(input, client);
  return db.$transaction((tx) => apply(input, tx));
}

async function apply(input: TransitionInput, tx: Tx): Promise<TransitionResult> {
  const from = allowedFrom(input.to, input.from);
  const subscribed = await subscribedEventTypes(tx);
  const locked =
    subscribed.size === 0
      ? []
      : await tx.$queryRaw<
          Array<{ status: ConnectionStatus }>
        >`SELECT status FROM connections WHERE id = ${input.connectionId}::uuid FOR UPDATE`;
  const previous = locked[0]?.status ?? null;
  const updated =
    from.length === 0
      ? { count: 0 }
      : await tx.connection.updateMany({
          where: { id: input.connectionId, status: { in: from } },
          data: { ...input.data, status: input.to },
        });
  if (updated.count === 0) {
    const row = await tx.connection.findUnique({ where: { id: input.connectionId }, select: { status: true } });
    return { ok: false, current: row?.status ?? null };
  }
  await recordEvent({ ...input.event, connectionId: input.connectionId }, tx);
  if (subscribed.size > 0) await recordWebhookEvents(tx, input.connectionId, previous, input.to, subscribed);
  await announceProgress(tx, input.connectionId, input.to);
  return { ok: true };
}

/** A transition in a batch: the same guards and event, without per-row columns (the batch writes those itself). */
export type BatchTransitionInput = Omit<TransitionInput, "data">;

/**
 * Many transitions in one transaction, for the fleet run: the same guards as
 * transition() (allowedFrom, one conditional UPDATE that only moves rows whose
 * status is allowed), the same events and the same webhook outbox rows, but
 * one UPDATE and one event INSERT for the whole batch instead of a round trip
 * per row. The rows are locked (in id order, so two batches cannot deadlock)
 * and read first: the status a receiver is told it moved from is exact.
 * Results are in input order; a connection may appear at most once.
 */
export async function transitionMany(inputs: readonly BatchTransitionInput[], tx: Tx): Promise<TransitionResult[]> {
  if (inputs.length === 0) return [];
  if (new Set(inputs.map((input) => input.connectionId)).size !== inputs.length)
    throw new Error("transitionMany: a connection may appear once per batch");
  const ids = inputs.map((input) => input.connectionId);
  const locked = await tx.$queryRaw<Array<{ id: string; status: ConnectionStatus }>>`
    SELECT id::text AS id, status FROM connections WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const previous = new Map(locked.map((row) => [row.id, row.status]));
  // The guard, decided per row under the lock exactly as transition()'s WHERE status IN (...) would.
  const moving = inputs.filter((input) => {
    const current = previous.get(input.connectionId);
    return current !== undefined && allowedFrom(input.to, input.from).includes(current);
  });
  if (moving.length > 0) {
    const moved = await tx.$executeRaw`
      UPDATE connections c SET status = m.to_status::"ConnectionStatus", updated_at = now()
      FROM unnest(${moving.map((m) => m.connectionId)}::uuid[], ${moving.map((m) => m.to)}::text[]) AS m(id, to_status)
      WHERE c.id = m.id`;
    if (moved !== moving.length) throw new Error(`transitionMany: ${moved} of ${moving.length} locked rows updated`);
    await recordEvents(
      moving.map((m) => ({ ...m.event, connectionId: m.connectionId })),
      tx,
    );
    const subscribed = await subscribedEventTypes(tx);
    if (subscribed.size > 0) {
      for (const m of moving) await recordWebhookEvents(tx, m.connectionId, previous.get(m.connectionId) ?? null, m.to, subscribed);
    }
  }
  const movedIds = new Set(moving.map((m) => m.connectionId));
  return inputs.map((input) =>
    movedIds.has(input.connectionId) ? { ok: true } : { ok: false, current: previous.get(input.connectionId) ?? null },
  );
}
