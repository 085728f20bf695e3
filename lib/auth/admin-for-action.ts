/**
 * The first step of every admin server action: the signed-in admin, or null
 * when the caller is not one (the action answers with a sentence instead of
 * throwing). Server actions are public endpoints, so a call whose argument is
 * not a form is treated the same way: nothing runs, nothing crashes.
 */
import { NotAuthorizedError, requireAdmin, type SessionUser } from "@/lib/auth/session";
import { isForm } from "@/lib/validations/form-data";

export async function adminForAction(formData: unknown): Promise<SessionUser | null> {
  let user: SessionUser;
  try {
    user = await requireAdmin();
  } catch (error) {
    if (error instanceof NotAuthorizedError) return null;
    throw error;
  }
  return isForm(formData) ? user : null;
}

/** The first message per form field, for fields the form shows. */
export function firstFieldErrors<F extends string>(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string" && (fields as readonly string[]).includes(field) && !errors[field as F])
      errors[field as F] = issue.message;
  }
  return errors;
}
