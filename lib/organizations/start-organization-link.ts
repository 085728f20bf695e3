/**
 * Starting an organization link: the customer names the management (or
 * delegated administrator) account, a region with a vendor topic and the
 * targets; rolelink issues the link's own External ID, which the organization
 * template gives the management role and every member stack. Starting again
 * with the same account, region and targets reuses the link not yet confirmed.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { getEnv, topicsByRegion } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensurePublishAccess } from "@/lib/connections/publish-access";
import { recordEvent } from "@/lib/events";
import { generateExternalId } from "@/lib/connections/external-id";

/** Organizations' own ID shapes: a root is r- and 4-32 characters, an OU ou-<root part>-<8-32>. */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

export const organizationLinkInputSchema = z.object({
  managementAccountId: z
    .string()
    .trim()
    .regex(/^\d{12}$/, "Enter the 12-digit ID of the management or delegated administrator account."),
  region: z.string().refine((region) => topicsByRegion().has(region), "Choose one of the regions offered."),
  targets: z
    .array(
      z
        .string()
        .trim()
        .refine((id) => ROOT_ID_PATTERN.test(id) || OU_ID_PATTERN.test(id), "Each target is a root ID (r-…) or an OU ID (ou-…-…)."),
    )
    .min(1, "Choose the whole organization (its root ID) or at least one OU.")
    .max(20, "At most 20 targets.")
    .transform((ids) => [...new Set(ids)].sort())
    // A root covers every OU: mixing them would suggest a narrower rollout than the one deployed.
    .refine(
      (ids) => !(ids.some((id) => ROOT_ID_PATTERN.test(id)) && ids.length > 1),
      "The root already covers every OU: choose the root alone, or OUs.",
    ),
  callAs: z.enum(["SELF", "DELEGATED_ADMIN"]).default("SELF"),
});

export type OrganizationLinkInput = z.input<typeof organizationLinkInputSchema>;

export type StartOrganizationLinkOutcome =
  { kind: "created" | "reused"; id: string } | { kind: "invalid"; fieldErrors: Record<string, string[]> };

export async function startOrganizationLink(ownerId: string, raw: OrganizationLinkInput): Promise<StartOrganizationLinkOutcome> {
  const parsed = organizationLinkInputSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const input = parsed.data;
  const outcome = await db.$transaction(async (tx) => {
    // Serialise concurrent starts for the same owner/account/region (double clicks).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`org:${ownerId}:${input.managementAccountId}:${input.region}`}))`;
    const existing = await tx.organizationLink.findFirst({
      where: {
        ownerId,
        managementAccountId: input.managementAccountId,
        region: input.region,
        targets: { equals: input.targets },
        callAs: input.callAs,
        managementRoleArn: null,
      },
      select: { id: true },
      orderBy: { createdAt: "desc" },
    });
    if (existing) return { kind: "reused" as const, id: existing.id };
    const created = await tx.organizationLink.create({
      data: {
        ownerId,
        managementAccountId: input.managementAccountId,
        region: input.region,
        targets: input.targets,
        callAs: input.callAs,
        externalId: generateExternalId(),
      },
      select: { id: true },
    });
    await recordEvent(
      {
        kind: "organization.link_created",
        actor: `customer:${ownerId}`,
        detail: {
          organizationLinkId: created.id,
          managementAccountId: input.managementAccountId,
          region: input.region,
          targets: input.targets,
        },
      },
      tx,
    );
    return { kind: "created" as const, id: created.id };
  });
  // Outside the transaction (an AWS call): the management stack's PhoneHome publishes before rolelink
  // knows the organization, so that one account gets its own statement, as a single account does.
  // Members publish under the organization's statement, added once the management stack is confirmed.
  const topicArn = topicsByRegion().get(input.region)!;
  try {
    await ensurePublishAccess({ connectionId: null, topicArn, accountId: input.managementAccountId, mode: getEnv().SNS_PUBLISH_ACCESS });
  } catch (error) {
    log.error("granting SNS publish access failed", { organizationLinkId: outcome.id, error });
    throw new AppError("unavailable", "We could not prepare our side of the connection. Please try again in a minute.");
  }
  return outcome;
}
