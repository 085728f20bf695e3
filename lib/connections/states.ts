/**
 * The connection state machine. transition() (./transition.ts) is the only
 * code that writes a connection's status, and it allows exactly these moves.
 *
 *   pending ──(stack Create, confirmed in the customer's account)──▶ verifying ──(role refuses no External ID)──▶ connected
 *      │                                                                 └──(role accepts any External ID)──▶ failed ──(Create again)──▶ verifying
 *      └──(customer cancels the link)──▶ disconnected
 *   connected ──(scheduled or admin verification fails)──▶ broken ──(verification or a stack Update succeeds)──▶ connected
 *   verifying | connected | broken ──(stack Delete confirmed, or the role is gone)──▶ disconnected
 *
 * A claim the account does not confirm moves nothing: a pending link stays
 * pending (with a diagnosis), and a failed Create's rollback Delete keeps
 * "failed" and its reason for the customer.
 *
 * A stack Update proves the new role first and only then re-points the
 * connection (connected stays connected): a failed Update leaves the old,
 * still working role in place. disconnected is final: connecting again
 * issues a new link with a new External ID.
 */
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export const TRANSITIONS: Record<ConnectionStatus, readonly ConnectionStatus[]> = {
  pending: ["verifying", "disconnected"],
  verifying: ["connected", "failed", "disconnected"],
  connected: ["broken", "disconnected"],
  failed: ["verifying", "disconnected"],
  broken: ["connected", "disconnected"],
  disconnected: [],
};

export const ALL_STATUSES = Object.keys(TRANSITIONS) as ConnectionStatus[];

/** The states from which `to` may be reached, per TRANSITIONS. */
export function statesLeadingTo(to: ConnectionStatus): ConnectionStatus[] {
  return ALL_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

export function canTransition(from: ConnectionStatus, to: ConnectionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Links that still hold (or may soon hold) access: they keep the account's SNS publish permission. */
export const LIVE_STATUSES: readonly ConnectionStatus[] = ["pending", "verifying", "connected", "broken"];

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  pending: "Waiting for stack",
  verifying: "Verifying access",
  connected: "Connected",
  failed: "Failed",
  disconnected: "Disconnected",
  broken: "Broken",
};
