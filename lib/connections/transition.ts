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
import { recordEvent, type NewEvent } from "@/lib/events";
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
  const locked = subscribed.size === 0 ? [] : await tx.$queryRaw<Array<{ status: ConnectionStatus }>>`SELECT status FROM connections WHERE id = ${input.connectionId}::uuid FOR UPDATE`;
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
