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
