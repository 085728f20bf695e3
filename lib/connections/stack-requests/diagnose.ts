/**
 * Refusals reach people in words. A refused request never changes a
 * connection's status (it is untrusted), but the link it names, or the
 * pending link whose generated stack name it carries, gets a diagnosis the
 * customer and admin can read; everything is on the audit trail.
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { announceProgress } from "../live/announce";
import { recordEvent } from "@/lib/events";
import { parseStackId } from "@/lib/aws/identifiers";
import { stackNameFor } from "@/lib/cfn/launch-url";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";

export interface RefusalNote {
  check: string;
  reason: string;
}

function securityDetail(request: CustomResourceRequest, note: RefusalNote) {
  const props = request.ResourceProperties;
  return {
    check: note.check,
    requestType: request.RequestType,
    claimedAccount: parseStackId(request.StackId)?.accountId ?? props.AccountID ?? null,
    stackId: request.StackId,
    roleArn: props.RoleArn ?? null,
  };
}

/**
 * Records a refusal: on the link it names (with a diagnosis), on the link
 * whose stack sent it (an Update with an edited ExternalId names no link, but
 * its StackId does), or as a refused message for admins.
 */
export async function recordRefusal(
  request: CustomResourceRequest,
  connectionId: string | null,
  note: RefusalNote,
  options: { diagnose: boolean },
) {
  const onLink = connectionId ?? (await linkOfStack(request.StackId));
  await recordEvent({ connectionId: onLink, kind: "security.rejected", actor: "system", detail: securityDetail(request, note) });
  if (connectionId && options.diagnose) await setDiagnosis(connectionId, note.reason, note.check);
  if (!connectionId && options.diagnose) await diagnoseByStackName(request);
}

async function linkOfStack(stackId: string): Promise<string | null> {
  if (!parseStackId(stackId)) return null;
  const link = await db.connection.findFirst({ where: { stackId }, select: { id: true }, orderBy: { createdAt: "desc" } });
  return link?.id ?? null;
}

async function setDiagnosis(connectionId: string, diagnosis: string, check: string) {
  // Not a status write: a diagnosis only explains; it never moves the link.
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connectionId }, data: { diagnosis, diagnosisAt: new Date() } });
    await recordEvent({ connectionId, kind: "link.diagnosis", actor: "system", detail: { check, diagnosis } }, tx);
    // The customer's page shows why, as it happens.
    await announceProgress(tx, connectionId, null);
  });
}

/**
 * Stack names are generated per link, so a request with an unknown External ID
 * whose stack name is that of a pending link of the same account is the
 * customer's own stack with an edited ExternalId.
 */
async function diagnoseByStackName(request: CustomResourceRequest) {
  const stack = parseStackId(request.StackId);
  if (!stack) return;
  const pending = await db.connection.findMany({
    where: { accountId: stack.accountId, region: stack.region, status: "pending" },
    select: { id: true },
    take: 50,
  });
  const prefix = getEnv().STACK_NAME_PREFIX;
  const link = pending.find((c) => stackNameFor(prefix, stack.accountId, c.id.slice(0, 8)) === stack.stackName);
  if (!link) return;
  await setDiagnosis(
    link.id,
    `Your stack ${stack.stackName} reached rolelink with a different ExternalId than the one issued for this link, so rolelink refused it and CloudFormation rolled it back. ` +
      "Delete that stack, then click Launch Stack again and create it without editing the parameters.",
    "external_id_edited",
  );
}
