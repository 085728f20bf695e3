/**
 * The customer-facing progress of one connection: the stepper's steps, derived
 * from the status and the timeline (link created → stack launched → role
 * received → access verified → connected), plus what went wrong in words.
 */
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export const STEPS = ["Link created", "Stack launched", "Role received", "Access verified", "Connected"] as const;

/** After this long with no word from the stack, the page lists what usually stops one from reaching us (WAITING_HINT_SECONDS). */
export const SILENCE_HINT_AFTER_MS = 2 * 60_000;

export interface Progress {
  status: ConnectionStatus;
  /** Index of the step in progress (or last reached); STEPS.length when done. */
  current: number;
  failed: boolean;
  message: string;
  lastError: string | null;
  roleArn: string | null;
  /** Why a request for this link was not believed (it changed nothing), in words. */
  diagnosis: string | null;
  /** Nothing has reached rolelink for a while: the usual causes are worth showing. */
  silent: boolean;
}

export function progressOf(input: {
  status: ConnectionStatus;
  stackSeen: boolean;
  lastError: string | null;
  roleArn: string | null;
  diagnosis?: string | null;
  /** When the link was created or last shown again. */
  waitingSince?: Date;
  now?: Date;
  hintAfterMs?: number;
}): Progress {
  const diagnosis = input.status === "disconnected" ? null : (input.diagnosis ?? null);
  const waited = input.waitingSince ? (input.now ?? new Date()).getTime() - input.waitingSince.getTime() : 0;
  const silent = input.status === "pending" && !input.stackSeen && !diagnosis && waited >= (input.hintAfterMs ?? SILENCE_HINT_AFTER_MS);
  const base = { status: input.status, lastError: input.lastError, roleArn: input.roleArn, diagnosis, silent };
  switch (input.status) {
    case "pending":
      if (diagnosis) return { ...base, current: 1, failed: true, message: diagnosis };
      return input.stackSeen
        ? { ...base, current: 2, failed: false, message: "Your stack is running; waiting for it to send us the role." }
        : { ...base, current: 1, failed: false, message: "Waiting for you to create the stack in your AWS console." };
    case "verifying":
      return { ...base, current: 3, failed: false, message: "Role received. Proving we can assume it (new roles can take a minute)…" };
    case "connected":
      return { ...base, current: STEPS.length, failed: false, message: "Connected. We can assume your role with your External ID." };
    case "failed":
      return { ...base, current: 3, failed: true, message: input.lastError ?? "We could not verify access to the role." };
    case "broken":
      return { ...base, current: 4, failed: true, message: input.lastError ?? "The role stopped working." };
    case "disconnected":
      return { ...base, current: 0, failed: true, message: "Disconnected: the stack was deleted or the link was cancelled." };
  }
}
