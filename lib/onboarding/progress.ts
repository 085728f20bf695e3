/**
 * The customer-facing progress of one connection: the stepper's steps, derived
 * from the status and the timeline (link created → stack launched → role
 * received → access verified → connected).
 */
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export const STEPS = ["Link created", "Stack launched", "Role received", "Access verified", "Connected"] as const;

export interface Progress {
  status: ConnectionStatus;
  /** Index of the step in progress (or last reached); STEPS.length when done. */
  current: number;
  failed: boolean;
  message: string;
  lastError: string | null;
  roleArn: string | null;
}

export function progressOf(input: {
  status: ConnectionStatus;
  stackSeen: boolean;
  lastError: string | null;
  roleArn: string | null;
}): Progress {
  const base = { status: input.status, lastError: input.lastError, roleArn: input.roleArn };
  switch (input.status) {
    case "pending":
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
