/**
 * A pending link created through the API for the vendor's own customer
 * (externalRef). It belongs to the admin who created the key; asking again for
 * the same account, region and externalRef returns the same pending link.
 */
import { db } from "@/lib/db";
import { topicsByRegion } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { startConnection } from "@/lib/connections/start-connection";
import { launchDetails } from "@/lib/connections/launch";
import type { ApiPrincipal } from "./keys";

export type CreateOutcome =
  | { kind: "created" | "reused"; id: string; launchUrl: string; cliCommand: string }
  | { kind: "unsupported_region"; supported: string[] }
  | { kind: "no_owner" }
  | { kind: "unavailable"; message: string };

export async function createConnectionForKey(
  input: { accountId: string; region: string; externalRef?: string },
  principal: ApiPrincipal,
): Promise<CreateOutcome> {
  const supported = [...topicsByRegion().keys()];
  if (!supported.includes(input.region)) return { kind: "unsupported_region", supported };
  const key = await db.apiKey.findUnique({ where: { id: principal.keyId }, select: { createdBy: true } });
  if (!key?.createdBy) return { kind: "no_owner" };
  let started;
  try {
    started = await startConnection({
      ownerId: key.createdBy,
      accountId: input.accountId,
      region: input.region,
      externalRef: input.externalRef,
      actor: `api-key:${principal.prefix}`,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "unavailable") return { kind: "unavailable", message: error.message };
    throw error;
  }
  const connection = await db.connection.findUniqueOrThrow({
    where: { id: started.id },
    select: { id: true, accountId: true, region: true, externalId: true },
  });
  const details = launchDetails(connection);
  return { kind: started.reused ? "reused" : "created", id: started.id, launchUrl: details.quickCreateUrl, cliCommand: details.cliCommand };
}
