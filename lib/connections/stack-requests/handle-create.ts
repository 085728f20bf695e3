/**
 * Create: the stack sends the role. Believed only once the customer's own
 * account confirms it (AssumeRole with this link's External ID, then the
 * stack itself: it exists, carries this External ID and is being created).
 * Then the role must refuse anyone without the External ID. A claim that
 * cannot be confirmed leaves the link as it was, with a diagnosis.
 */
import { recordEvent } from "@/lib/events";
import { acceptsWithoutExternalId } from "@/lib/aws/assume-role";
import { transition } from "../transition";
import { checkCreateOrUpdate } from "./check-request";
import { confirmationDetail, judgeStack } from "./judge-stack";
import { recordRefusal } from "./diagnose";
import { lookInside } from "./look-inside";
import { refusedPhysicalId, type Answer, type RequestContext } from "./context";

export async function handleCreate(ctx: RequestContext): Promise<Answer> {
  const { request, connection, connectUrl } = ctx;
  const refused = async (check: string, reason: string, connectionId: string | null, diagnosis?: string): Promise<Answer> => {
    await recordRefusal(request, connectionId, { check, reason: diagnosis ?? reason }, { diagnose: true });
    return { status: "FAILED", reason, physicalResourceId: refusedPhysicalId(request), connectionId };
  };

  const check = checkCreateOrUpdate({ request, topicRegion: ctx.topicRegion, connection, connectUrl });
  if (!check.ok) return refused(check.check, check.reason, connection?.id ?? null, check.diagnosis);
  const link = connection!;
  if ((link.status === "connected" || link.status === "broken") && link.physicalResourceId) {
    // Its own stack's Create, already linked: a retried job whose answer was lost. Answer again, change nothing.
    return { status: "SUCCESS", reason: "rolelink verified access to the role.", physicalResourceId: link.physicalResourceId, connectionId: link.id, data: { RoleArn: link.roleArn ?? "" } };
  }
  const claimedVersion = request.ResourceProperties.TemplateVersion ?? null;

  const started = Date.now();
  const seen = await lookInside(ctx, link, { roleArn: check.roleArn, stackId: request.StackId, purpose: "verify", newRole: true });
  const audit = { by: "system", reason: "onboarding", roleArn: check.roleArn, durationMs: Date.now() - started };
  if (!seen.access.ok) {
    await recordEvent({ connectionId: link.id, kind: "verify.failed", actor: "system", detail: { ...audit, outcome: seen.access.code, message: seen.access.message } });
    return refused(
      `assume_${seen.access.code}`,
      `${seen.access.message} Check that the stack kept the TrustedAccount, TrustedRoleName and ExternalId from rolelink: delete the rolled-back stack and launch it again without editing its parameters, or start again at ${connectUrl}`,
      link.id,
    );
  }
  await recordEvent({
    connectionId: link.id,
    kind: "verify.succeeded",
    actor: "system",
    detail: { ...audit, outcome: "ok", assumedRoleArn: seen.access.assumedRoleArn, expiresAt: seen.access.expiresAt.toISOString() },
  });
  const judgement = judgeStack({
    requestType: "Create",
    view: seen.stack!,
    externalId: link.externalId,
    logicalResourceId: request.LogicalResourceId,
    templateVersion: claimedVersion,
  });
  if (!judgement.ok) return refused(judgement.check, judgement.reason, link.id);

  const physicalResourceId = link.physicalResourceId ?? `rolelink-${link.id}`;
  const verifying = await transition({
    connectionId: link.id,
    to: "verifying",
    from: ["pending", "failed", "verifying"],
    data: { roleArn: check.roleArn, stackId: request.StackId, physicalResourceId, templateVersion: claimedVersion, lastError: null, diagnosis: null },
    event: { kind: "link.confirmed", actor: "system", detail: confirmationDetail(judgement.level, claimedVersion, request.StackId) },
  });
  if (!verifying.ok) return movedOn(ctx, physicalResourceId, verifying.current);

  if (await acceptsWithoutExternalId(check.roleArn)) {
    const reason = "The role can be assumed without the External ID, which would expose you to the confused-deputy problem. Use the unmodified rolelink template.";
    await recordEvent({ connectionId: link.id, kind: "security.rejected", actor: "system", detail: { check: "role_accepts_no_external_id", roleArn: check.roleArn } });
    await transition({
      connectionId: link.id,
      to: "failed",
      from: ["verifying"],
      data: { lastError: reason, lastVerifiedAt: new Date(), lastVerifyOk: false },
      event: { kind: "connection.failed", actor: "system", detail: { reason } },
    });
    return { status: "FAILED", reason, physicalResourceId, connectionId: link.id };
  }

  const now = new Date();
  const connected = await transition({
    connectionId: link.id,
    to: "connected",
    from: ["verifying"],
    data: { connectedAt: now, lastVerifiedAt: now, lastVerifyOk: true, lastError: null },
    event: { kind: "connection.connected", actor: "system", detail: { roleArn: check.roleArn } },
  });
  if (!connected.ok) return movedOn(ctx, physicalResourceId, connected.current);
  return { status: "SUCCESS", reason: "rolelink verified access to the role.", physicalResourceId, connectionId: link.id, data: { RoleArn: check.roleArn } };
}

/** The link moved on while we were verifying (cancelled, or its stack deleted: disconnected is final and wins). */
function movedOn(ctx: RequestContext, physicalResourceId: string, current: string | null): Answer {
  const reason =
    current === "disconnected"
      ? `This launch link was disconnected while rolelink was verifying it; start again at ${ctx.connectUrl}`
      : `This launch link changed while rolelink was verifying it; start again at ${ctx.connectUrl}`;
  return { status: "FAILED", reason, physicalResourceId, connectionId: ctx.connection?.id ?? null };
}
