"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { getCurrentSession, NotAuthorizedError, requireAdmin, type SessionUser } from "@/lib/auth/session";
import { isFresh, SENSITIVE_STEP_UP_SECONDS } from "@/lib/auth/mfa/second-factor";
import { getBoss } from "@/lib/jobs/boss";
import { log } from "@/lib/log";
import { verifyConnection } from "@/lib/connections/verification/verify-connection";
import { queueFleetRun } from "@/lib/connections/verification/fleet-jobs";
import { signOutOwnerEverywhere } from "@/lib/auth/admin-sign-out";

export interface VerifyState {
  ok: boolean;
  message?: string;
  /** What AWS proved; never the temporary credentials. */
  result?: { assumedRoleArn: string; accountId: string; expiresAt: string };
}

const connectionIdSchema = z.object({ connectionId: z.uuid() });

async function admin(): Promise<SessionUser | null> {
  try {
    return await requireAdmin();
  } catch (error) {
    if (error instanceof NotAuthorizedError) return null;
    throw error;
  }
}

export async function verifyAccess(_prev: VerifyState, formData: FormData): Promise<VerifyState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await admin();
  if (!user) return { ok: false, message: "Only rolelink administrators can verify access." };
  const parsed = connectionIdSchema.safeParse({ connectionId: formData.get("connectionId") });
  if (!parsed.success) return { ok: false, message: "That connection was not found." };
  try {
    const outcome = await verifyConnection({
      connectionId: parsed.data.connectionId,
      actor: { kind: "admin", id: user.id, email: user.email },
      reason: "admin",
    });
    revalidatePath(`/admin/accounts/${parsed.data.connectionId}`);
    revalidatePath("/admin");
    if (!outcome.ok) return { ok: false, message: outcome.message };
    return {
      ok: true,
      result: { assumedRoleArn: outcome.assumedRoleArn, accountId: outcome.accountId, expiresAt: outcome.expiresAt.toISOString() },
    };
  } catch (error) {
    log.error("admin verification crashed", { connectionId: parsed.data.connectionId, error });
    return { ok: false, message: "Something went wrong while verifying. Please try again." };
  }
}

export interface VerifyAllState {
  ok: boolean;
  message?: string;
  /** When the run was queued: the page refreshes until a run started after it has finished. */
  queuedAt?: string;
  /** The second factor must be proven again first (step-up). */
  stepUp?: boolean;
}

export async function verifyAll(_prev: VerifyAllState, _formData: FormData): Promise<VerifyAllState> {
  if (!isForm(_formData)) return { ok: false, message: NOT_A_FORM };
  const user = await admin();
  if (!user) return { ok: false, message: "Only rolelink administrators can start a verification run." };
  // AssumeRole into every customer's account: only right after proving the second factor.
  const current = await getCurrentSession();
  if (!current || !isFresh(current.secondFactorAt, SENSITIVE_STEP_UP_SECONDS)) {
    return { ok: false, stepUp: true, message: "Confirm it's you with your second factor, then start the run again." };
  }
  try {
    const queuedAt = new Date().toISOString();
    const queued = await queueFleetRun(await getBoss(), { id: user.id, email: user.email });
    revalidatePath("/admin");
    return queued
      ? { ok: true, message: "Verification of every connected account has been queued.", queuedAt }
      : { ok: false, message: "A verification run is already queued; it will start shortly." };
  } catch (error) {
    log.error("queueing a fleet verification failed", { error });
    return { ok: false, message: "The verification run could not be queued. Please try again." };
  }
}

export interface SignOutOwnerState {
  ok: boolean;
  message?: string;
  stepUp?: boolean;
}

/** Ends every session of the connection's owner (audited); the owner is found from the connection, never taken from the form. */
export async function signOutCustomerEverywhere(_prev: SignOutOwnerState, formData: FormData): Promise<SignOutOwnerState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await admin();
  if (!user) return { ok: false, message: "Only rolelink administrators can sign a customer out." };
  const parsed = connectionIdSchema.safeParse({ connectionId: formData.get("connectionId") });
  if (!parsed.success) return { ok: false, message: "That connection was not found." };
  const current = await getCurrentSession();
  const outcome = await signOutOwnerEverywhere({
    admin: { id: user.id, secondFactorAt: current?.secondFactorAt ?? null },
    connectionId: parsed.data.connectionId,
  });
  if (outcome.kind === "step-up") return { ok: false, stepUp: true, message: "Confirm it's you with your second factor, then try again." };
  if (outcome.kind === "not-found") return { ok: false, message: "That connection was not found." };
  log.info("admin signed a customer out everywhere", {
    adminId: user.id,
    connectionId: parsed.data.connectionId,
    endedSessions: outcome.endedSessions,
  });
  revalidatePath(`/admin/accounts/${parsed.data.connectionId}`);
  return {
    ok: true,
    message: `${outcome.email} was signed out of ${outcome.endedSessions} session${outcome.endedSessions === 1 ? "" : "s"}.`,
  };
}
