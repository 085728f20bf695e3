/**
 * Server actions are public endpoints: anyone can call one with any JSON
 * arguments, not only our forms' FormData. Parsed first, so a wrong shape is
 * refused with a message instead of crashing (500) on `formData.get`.
 */
import { z } from "zod";

export const formDataSchema = z.instanceof(FormData);

export const NOT_A_FORM = "That request was not understood. Reload the page and try again.";

export function isForm(value: unknown): value is FormData {
  return formDataSchema.safeParse(value).success;
}

/** A text field's value; a missing field or a file upload in its place reads as "". */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
