/**
 * Create: the stack sends the role. Believed only once the customer's own
 * account confirms it (AssumeRole with this link's External ID, then the
 * stack itself: it exists, carries this External ID and is being created).
 * Then the role must refuse anyone without the External ID. A claim that
 * cannot be confirmed leaves the link as it was, with a diagnosis.
 */
import { checkCreateOrUpdate } from "./check-request";
import { judgeStack } from "./judge-stack";
import { completeCreate } from "./complete-create";
import { recordRefusal } from "./diagnose";
import { lookInside, recordAccess } from "./look-inside";
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
    return {
      status: "SUCCESS",
      reason: "rolelink verified access to the role.",
      physicalResourceId: link.physicalResourceId,
      connectionId: link.id,
      data: { RoleArn: link.roleArn ?? "" },
    };
  }
  const claimedVersion = request.ResourceProperties.TemplateVersion ?? null;

  const started = Date.now();
  const seen = await lookInside(ctx, link, { roleArn: check.roleArn, stackId: request.StackId, purpose: "verify", newRole: true });
  const audit = { by: "system", reason: "onboarding", roleArn: check.roleArn, durationMs: Date.now() - started };
  await recordAccess(link.id, audit, seen.access);
  if (!seen.access.ok) {
    return refused(
      `assume_${seen.access.code}`,
      `${seen.access.message} Check that the stack kept the TrustedAccount, TrustedRoleName and ExternalId from rolelink: delete the rolled-back stack and launch it again without editing its parameters, or start again at ${connectUrl}`,
      link.id,
    );
  }
  const judgement = judgeStack({
    requestType: "Create",
    view: seen.stack!,
    externalId: link.externalId,
    logicalResourceId: request.LogicalResourceId,
    templateVersion: claimedVersion,
  });
  if (!judgement.ok) return refused(judgement.check, judgement.reason, link.id);

  return completeCreate(ctx, link, { roleArn: check.roleArn, level: judgement.level, templateVersion: claimedVersion });
}
