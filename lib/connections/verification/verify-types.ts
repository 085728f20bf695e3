/** Who asked for a proof of access, why, and what came of it: shared by the single check and the fleet's batched writes. */
export type VerifyActor = { kind: "admin"; id: string; email: string } | { kind: "api"; keyPrefix: string } | { kind: "system" };
export type VerifyReason = "admin" | "schedule" | "fleet" | "api";

export type VerifyOutcome =
  { ok: true; assumedRoleArn: string; accountId: string; expiresAt: Date } | { ok: false; code: string; message: string };
