"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { isEmailVerified, UNVERIFIED_MESSAGE } from "@/lib/auth/email-verification";
import { reserveLaunchLink } from "@/lib/limits/launch-links";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { startOrganizationLink } from "@/lib/organizations/start-organization-link";
import { formText, isForm, NOT_A_FORM } from "@/lib/validations/form-data";

export interface OrganizationFormValues {
  managementAccountId: string;
  region: string;
  scope: "root" | "ous";
  rootId: string;
  ouIds: string;
  callAs: string;
}

export interface OrganizationConnectState {
  ok: boolean;
  message?: string;
  fieldErrors?: { managementAccountId?: string; region?: string; targets?: string; callAs?: string };
  values?: OrganizationFormValues;
}

const formSchema = z.object({
  managementAccountId: z
    .string()
    .max(64)
    .transform((value) => value.replace(/[\s-]/g, "")),
  region: z.string().max(32),
  scope: z.enum(["root", "ous"]).catch("root"),
  rootId: z.string().max(64),
  ouIds: z.string().max(2_000),
  callAs: z.string().max(32),
});

export async function connectOrganization(_prev: OrganizationConnectState, formData: FormData): Promise<OrganizationConnectState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  const raw = Object.fromEntries(
    ["managementAccountId", "region", "scope", "rootId", "ouIds", "callAs"].map((key) => [key, formText(formData, key)]),
  );
  const form = formSchema.safeParse(raw);
  if (!form.success) return { ok: false, message: "Something in the form was not understood. Please check it and try again." };
  const values = form.data;
  if (values.managementAccountId === getEnv().VENDOR_ACCOUNT_ID) {
    return {
      ok: false,
      values,
      fieldErrors: { managementAccountId: "That is rolelink's own AWS account. Enter your organization's management account." },
    };
  }
  // As for a single account: an unconfirmed email makes no link (checked after the fields, before any limit is spent).
  if (!(await isEmailVerified(user.id))) return { ok: false, values, message: UNVERIFIED_MESSAGE };
  const targets = values.scope === "root" ? [values.rootId] : values.ouIds.split(/[\s,]+/).filter(Boolean);
  const limited = await reserveLaunchLink(user.id);
  if (limited) return { ok: false, values, message: limited };
  let id: string;
  try {
    const outcome = await startOrganizationLink(user.id, {
      managementAccountId: values.managementAccountId,
      region: values.region,
      targets,
      callAs: values.callAs as "SELF",
    });
    if (outcome.kind === "invalid") {
      const first = (field: string) => outcome.fieldErrors[field]?.[0];
      return {
        ok: false,
        values,
        fieldErrors: {
          managementAccountId: first("managementAccountId"),
          region: first("region"),
          targets: first("targets"),
          callAs: first("callAs"),
        },
      };
    }
    id = outcome.id;
  } catch (error) {
    if (!(error instanceof AppError)) log.error("starting an organization link failed", { error });
    return { ok: false, values, message: error instanceof AppError ? error.message : "Something went wrong. Please try again." };
  }
  revalidatePath("/connect");
  redirect(`/connect/organization/${id}`);
}
