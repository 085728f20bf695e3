/**
 * Update: only from the stack already linked, and the new role is proven
 * (and its stack confirmed) before it replaces the old one. If it cannot be,
 * CloudFormation gets FAILED and rolls back, and the connection keeps its
 * previous, still working role and status.
 */
import { acceptsWithoutExternalId } from "@/lib/aws/assume-role";
import { transition } from "../transition";
import { checkCreateOrUpdate } from "./check-request";
import { confirmationDetail, isOlderThanConfirmable, judgeStack } from "./judge-stack";
import { recordRefusal } from "./diagnose";
import { lookInside, recordAccess } from "./look-inside";
import { refusedPhysicalId, type Answer, type RequestContext } from "./context";

const KEPT = "rolelink keeps using your previous role until an update succeeds.";

export async function handleUpdate(ctx: RequestContext): Promise<Answer> {
  const { request, connection, connectUrl } = ctx;
  const refused = async (check: string, reason: string, connectionId: string | null): Promise<Answer> => {
    await recordRefusal(request, connectionId, { check, reason }, { diagnose: false });
    return { status: "FAILED", reason, physicalResourceId: request.PhysicalResourceId ?? refusedPhysicalId(request), connectionId };
  };

  const check = checkCreateOrUpdate({ request, topicRegion: ctx.topicRegion, connection, connectUrl });
  if (!check.ok) return refused(check.check, check.reason, connection?.id ?? null);
  const link = connection!;
  const claimedVersion = request.ResourceProperties.TemplateVersion ?? null;

  const started = Date.now();
  // An existing stack's role: no propagation wait, so a flood of Updates naming missing roles ends quickly.
  const seen = await lookInside(ctx, link, { roleArn: check.roleArn, stackId: request.StackId, purpose: "update", newRole: false });
  const audit = { by: "system", reason: "stack update", roleArn: check.roleArn, durationMs: Date.now() - started };
  if (!seen.access.ok) {
    await recordAccess(link.id, audit, seen.access);
    return refused(
      `update_assume_${seen.access.code}`,
      `rolelink could not assume the updated role: ${seen.access.message} ${KEPT}`,
      link.id,
    );
  }
  // The stored version decides whether "cannot describe" may mean an older template: a claim cannot downgrade the check.
  const knownVersion = isOlderThanConfirmable(link.templateVersion) ? claimedVersion : link.templateVersion;
  const judgement = judgeStack({
    requestType: "Update",
    view: seen.stack!,
    externalId: link.externalId,
    logicalResourceId: request.LogicalResourceId,
    templateVersion: knownVersion,
  });
  if (!judgement.ok) return refused(judgement.check, `${judgement.reason} ${KEPT}`, link.id);
  if (await acceptsWithoutExternalId(check.roleArn)) {
    return refused(
      "role_accepts_no_external_id",
      `The updated role can be assumed without the External ID. Use the unmodified rolelink template. ${KEPT}`,
      link.id,
    );
  }

  const now = new Date();
  const physicalResourceId = link.physicalResourceId ?? request.PhysicalResourceId ?? `rolelink-${link.id}`;
  const updated = await transition({
    connectionId: link.id,
    to: "connected",
    from: ["connected", "broken"],
    data: {
      roleArn: check.roleArn,
      templateVersion: claimedVersion,
      lastVerifiedAt: now,
      lastVerifyOk: true,
      lastError: null,
      diagnosis: null,
    },
    event: {
      kind: "connection.updated",
      actor: "system",
      detail: {
        ...confirmationDetail(judgement.level, claimedVersion, request.StackId),
        previousRoleArn: link.roleArn,
        roleArn: check.roleArn,
      },
    },
  });
  if (!updated.ok) {
    return {
      status: "FAILED",
      reason: `This link was disconnected during the update; start again at ${connectUrl}`,
      physicalResourceId,
      connectionId: link.id,
    };
  }
  await recordAccess(link.id, audit, seen.access);
  return {
    status: "SUCCESS",
    reason: "rolelink verified access to the updated role.",
    physicalResourceId,
    connectionId: link.id,
    data: { RoleArn: check.roleArn },
  };
}
