/**
 * Starting a connection: a pending link with an External ID we generate, and
 * permission for the customer's account to publish to the region's topic.
 * Starting again for the same account and region reuses the pending link.
 */
import { db } from "@/lib/db";
import { getEnv, topicsByRegion } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensurePublishAccess } from "./publish-access";
import { generateExternalId } from "./external-id";

/**
 * Open (pending) links are capped: each one holds a publish permission in the
 * region's topic policy, which AWS limits, so one customer (or many customers
 * naming one account) must not fill it. Unused links expire (lib/connections/expire-links.ts).
 */
export const MAX_PENDING_PER_OWNER = 10;
export const MAX_PENDING_PER_ACCOUNT = 3;

export interface StartConnectionInput {
  ownerId: string;
  accountId: string;
  region: string;
  /** The vendor's own reference (set through the API): a link is reused only for the same one. */
  externalRef?: string;
  /** Who asked, for the timeline; the owner as a customer unless an API key did. */
  actor?: string;
}

export const VENDOR_ACCOUNT_MESSAGE = "That is our own AWS account. Enter the AWS account you want to connect to us.";

export async function startConnection(input: StartConnectionInput): Promise<{ id: string; reused: boolean }> {
  const topicArn = topicsByRegion().get(input.region);
  if (!topicArn) throw new AppError("bad_request", "That region is not supported.");
  // A role in the vendor's own account trusting the vendor's own account proves nothing about a customer.
  if (input.accountId === getEnv().VENDOR_ACCOUNT_ID) throw new AppError("bad_request", VENDOR_ACCOUNT_MESSAGE);

  const actor = input.actor ?? `customer:${input.ownerId}`;
  const externalRef = input.externalRef ?? null;
  const { id, reused } = await db.$transaction(async (tx) => {
    // Serialise concurrent starts for the same owner/account/region (double clicks).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${input.ownerId}:${input.accountId}:${input.region}`}))`;
    const existing = await tx.connection.findFirst({
      where: { ownerId: input.ownerId, accountId: input.accountId, region: input.region, status: "pending", externalRef },
      select: { id: true },
      orderBy: { createdAt: "desc" },
    });
    if (existing) {
      await recordEvent({ connectionId: existing.id, kind: "link.reused", actor }, tx);
      return { id: existing.id, reused: true };
    }
    // Owner lock, then account lock (always in this order): the caps hold under concurrent starts.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pending-owner:${input.ownerId}`}))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pending-account:${input.accountId}`}))`;
    const [ownerPending, accountPending] = await Promise.all([
      tx.connection.count({ where: { ownerId: input.ownerId, status: "pending" } }),
      tx.connection.count({ where: { accountId: input.accountId, status: "pending" } }),
    ]);
    if (ownerPending >= MAX_PENDING_PER_OWNER) {
      throw new AppError(
        "too_many_requests",
        `You have ${MAX_PENDING_PER_OWNER} launch links waiting for their stack. Finish or cancel one before creating another.`,
      );
    }
    if (accountPending >= MAX_PENDING_PER_ACCOUNT) {
      throw new AppError(
        "too_many_requests",
        "This AWS account already has several launch links waiting for their stack. Finish or cancel one first.",
      );
    }
    const created = await tx.connection.create({
      data: { ownerId: input.ownerId, accountId: input.accountId, region: input.region, externalId: generateExternalId(), externalRef },
      select: { id: true },
    });
    await recordEvent(
      {
        connectionId: created.id,
        kind: "link.created",
        actor,
        detail: { accountId: input.accountId, region: input.region },
      },
      tx,
    );
    return { id: created.id, reused: false };
  });

  // Outside the transaction: an AWS call must not hold a database transaction open.
  try {
    await ensurePublishAccess({ connectionId: id, topicArn, accountId: input.accountId, mode: getEnv().SNS_PUBLISH_ACCESS });
  } catch (error) {
    log.error("granting SNS publish access failed", { connectionId: id, error });
    throw new AppError("unavailable", "We could not prepare our side of the connection. Please try again in a minute.");
  }
  return { id, reused };
}

/** The customer's connected link for this account and region, if any: a second one is usually a mistake, so the form asks first. */
export async function findConnectedLink(input: StartConnectionInput): Promise<{ id: string } | null> {
  return db.connection.findFirst({
    where: {
      ownerId: input.ownerId,
      accountId: input.accountId,
      region: input.region,
      status: { in: ["connected", "broken", "verifying"] },
    },
    select: { id: true },
    orderBy: { createdAt: "desc" },
  });
}
