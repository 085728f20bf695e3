/**
 * The connection state machine.
 *
 *   pending ──(stack Create: role received)──▶ verifying ──(AssumeRole proven)──▶ connected
 *      │                                           └──(not proven)──▶ failed
 *      └──(customer cancels / stack Delete)──▶ disconnected
 *   connected ──(scheduled or admin verification fails)──▶ broken ──(verification succeeds)──▶ connected
 *   connected | broken | failed | verifying ──(stack Delete)──▶ disconnected
 *   connected | broken | failed ──(stack Update with a new role)──▶ verifying
 *
 * disconnected is final: connecting again issues a new link with a new External ID.
 */
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export const TRANSITIONS: Record<ConnectionStatus, readonly ConnectionStatus[]> = {
  pending: ["verifying", "disconnected"],
  verifying: ["connected", "failed", "disconnected"],
  connected: ["verifying", "broken", "disconnected"],
  failed: ["verifying", "disconnected"],
  broken: ["verifying", "connected", "disconnected"],
  disconnected: [],
};

export function canTransition(from: ConnectionStatus, to: ConnectionStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  pending: "Waiting for stack",
  verifying: "Verifying access",
  connected: "Connected",
  failed: "Failed",
  disconnected: "Disconnected",
  broken: "Broken",
};
