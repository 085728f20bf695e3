"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { z } from "zod";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { clientIp } from "@/lib/http/client-ip";
import { reserve } from "@/lib/limits/limiter";
import { reserveLaunchLink } from "@/lib/limits/launch-links";
import { waitFor } from "@/lib/limits/messages";
import { db } from "@/lib/db";
import { getEnv, topicsByRegion } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { connectSchema } from "@/lib/validations/connect";
import { findConnectedLink, startConnection, VENDOR_ACCOUNT_MESSAGE } from "@/lib/connections/start-connection";
import { abandonConnection } from "@/lib/connections/abandon-connection";
import { formText } from "@/lib/validations/form-data";
import { isEmailVerified, UNVERIFIED_MESSAGE } from "@/lib/auth/email-verification";
import { sendVerificationMail } from "@/lib/auth/account-mail";

export interface ConnectState {
  ok: boolean;
  message?: string;
  fieldErrors?: { accountId?: string; region?: string };
  values?: { accountId: string; region: string };
  /** The account and region are connected already: the form asks before making a second link. */
  alreadyConnected?: { id: string };
}

export async function connectAccount(_prev: ConnectState, formData: FormData): Promise<ConnectState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  const values = { accountId: formText(formData, "accountId").slice(0, 64), region: formText(formData, "region") };
  const parsed = connectSchema([...topicsByRegion().keys()]).safeParse(values);
  if (!parsed.success) {
    const errors = parsed.error.flatten().fieldErrors;
    return { ok: false, values, fieldErrors: { accountId: errors.accountId?.[0], region: errors.region?.[0] } };
  }
  if (parsed.data.accountId === getEnv().VENDOR_ACCOUNT_ID) {
    return { ok: false, values, fieldErrors: { accountId: VENDOR_ACCOUNT_MESSAGE } };
  }
  // Checked after the fields, so a typo is pointed out first; before any link or limit is spent.
  if (!(await isEmailVerified(user.id))) return { ok: false, values, message: UNVERIFIED_MESSAGE };
  if (formData.get("confirm") !== "another") {
    const existing = await findConnectedLink({ ownerId: user.id, ...parsed.data });
    if (existing) return { ok: false, values, alreadyConnected: existing };
  }
  const limited = await reserveLaunchLink(user.id);
  if (limited) return { ok: false, values, message: limited };
  let id: string;
  try {
    ({ id } = await startConnection({ ownerId: user.id, ...parsed.data }));
  } catch (error) {
    if (!(error instanceof AppError)) log.error("starting a connection failed", { error });
    return { ok: false, values, message: error instanceof AppError ? error.message : "Something went wrong. Please try again." };
  }
  revalidatePath("/connect");
  redirect(`/connect/${id}`);
}

const connectionIdArgSchema = z.uuid();

/**
 * "Start over": a fresh link (new External ID) for the same account and region.
 * A link still waiting for its stack is cancelled first, so its External ID stops working.
 */
export async function startOver(input: unknown): Promise<ConnectState> {
  // Bound by the page as a plain argument: anyone can post any JSON here, so it is parsed first.
  const parsed = connectionIdArgSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That connection was not found." };
  const connectionId = parsed.data;
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  const previous = await db.connection.findFirst({
    where: { id: connectionId, ownerId: user.id },
    select: { accountId: true, region: true, status: true },
  });
  if (!previous || !topicsByRegion().has(previous.region)) return { ok: false, message: "That connection was not found." };
  if (!(await isEmailVerified(user.id))) return { ok: false, message: UNVERIFIED_MESSAGE };
  if (previous.status === "pending") {
    const cancelled = await abandonConnection({ connectionId, ownerId: user.id, mode: getEnv().SNS_PUBLISH_ACCESS });
    if (!cancelled) return { ok: false, message: "Your stack reached rolelink in the meantime: this link is no longer waiting." };
  }
  let id: string;
  try {
    ({ id } = await startConnection({ ownerId: user.id, accountId: previous.accountId, region: previous.region }));
  } catch (error) {
    return { ok: false, message: error instanceof AppError ? error.message : "Something went wrong. Please try again." };
  }
  revalidatePath("/connect");
  redirect(`/connect/${id}?${new URLSearchParams({ notice: "new-link" })}`);
}

export async function cancelLink(input: unknown): Promise<ConnectState> {
  // Bound by the page as a plain argument: anyone can post any JSON here, so it is parsed first.
  const parsed = connectionIdArgSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That connection was not found." };
  const connectionId = parsed.data;
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  const done = await abandonConnection({ connectionId, ownerId: user.id, mode: getEnv().SNS_PUBLISH_ACCESS });
  if (!done) return { ok: false, message: "Only a link still waiting for its stack can be cancelled." };
  revalidatePath("/connect");
  redirect(`/connect?${new URLSearchParams({ notice: "cancelled" })}`);
}

export interface ResendState {
  ok: boolean;
  message?: string;
}

/** "Send a new link" from the unverified banner: limited per network, overall and per address. */
export async function resendVerification(_prev: ResendState, _formData: FormData): Promise<ResendState> {
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  if (await isEmailVerified(user.id)) return { ok: true, message: "Your email is already confirmed." };
  const reservation = await reserve([
    ["signup:global", "all"],
    ["signup:ip", clientIp(await headers())],
  ]);
  if (reservation.kind === "limited")
    return { ok: false, message: `Too many requests right now. Wait ${waitFor(reservation.retryAfterSeconds)} and try again.` };
  const sent = await sendVerificationMail(user);
  if (!sent)
    return {
      ok: false,
      message: "We could not send another link right now (at most a few mails an hour go to one address). Try again later.",
    };
  return { ok: true, message: `We sent a new link to ${user.email}. It works once and replaces earlier links.` };
}
