/**
 * Password hashing: argon2id (memory-hard) from @node-rs/argon2, a maintained
 * native binding. Every hash and verify goes through one small gate: argon2 is
 * deliberately expensive, and a flood of sign-ins must queue or be refused
 * (BusyError → 429) rather than take every core from SNS and health checks.
 */
import { hash, verify } from "@node-rs/argon2";
import { createGate } from "@/lib/limits/gate";

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// One hash at a time per process keeps a core free on small machines; a short
// queue absorbs normal bursts, and waiting longer than 2 s is refused.
const GATE = { concurrency: 1, maxQueue: 16, maxWaitMs: 2_000 };
const argon2Gate = createGate(GATE);

/**
 * True when a password check now would be refused at once (the queue is full).
 * Sign-in asks first, so a flood is turned away before it costs three limiter
 * writes and a user lookup per attempt (the work that competes with SNS and health).
 */
export function passwordCheckQueueFull(): boolean {
  return argon2Gate.stats().queued >= GATE.maxQueue;
}

export const PASSWORD_GATE_WAIT_SECONDS = Math.ceil(GATE.maxWaitMs / 1000);

export function hashPassword(password: string): Promise<string> {
  return argon2Gate.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return argon2Gate.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

// A real hash of a random string, verified against when the email is unknown so
// that "no such user" takes as long as "wrong password" (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}
