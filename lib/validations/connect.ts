import { z } from "zod";
import { ACCOUNT_ID_PATTERN } from "@/lib/aws/identifiers";

/** Account IDs pasted from the AWS console come as "1234-5678-9012" or with spaces. */
export const accountIdSchema = z
  .string({ error: "Enter your 12-digit AWS account ID." })
  .max(64, "An AWS account ID has exactly 12 digits.")
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(ACCOUNT_ID_PATTERN, "An AWS account ID has exactly 12 digits, like 1234-5678-9012."));

export function connectSchema(supportedRegions: readonly string[]) {
  return z.object({
    accountId: accountIdSchema,
    region: z
      .string({ error: "Choose a region." })
      .refine((region) => supportedRegions.includes(region), "Choose one of the supported regions."),
  });
}
