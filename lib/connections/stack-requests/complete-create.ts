/**
 * The second half of every confirmed Create (a single account's or an
 * organization member's): the claim has been confirmed inside the account,
 * so the link moves to verifying, the role must refuse anyone without the
 * External ID, and then it is connected. Statuses move only through transition().
 */
import { recordEvent } from "@/lib/events";
import { acceptsWithoutExternalId } from "@/lib/aws/assume-role";
import { transition } from "../transition";
import { confirmationDetail } from "./judge-stack";
import type { Answer, ConnectionForRequest, RequestContext } from "./context";

export async function completeCreate(
  ctx: RequestContext,
  link: ConnectionForRequest,
  confirmed: { roleArn: string; level: "confirmed" | "legacy"; templateVersion: string | null },
): Promise<Answer> {
  const { roleArn, level, templateVersion } = confirmed;
  const physicalResourceId = link.physicalResourceId ?? `rolelink-${link.id}`;
  const verifying = await transition({
    connectionId: link.id,
    to: "verifying",
    from: ["pending", "failed", "verifying"],
    data: { roleArn, stackId: ctx.request.StackId, physicalResourceId, templateVersion, lastError: null, diagnosis: null },
    event: { kind: "link.confirmed", actor: "system", detail: confirmationDetail(level, templateVersion, ctx.request.StackId) },
  });
  if (!verifying.ok) return movedOn(ctx, physicalResourceId, verifying.current);

  if (await acceptsWithoutExternalId(roleArn)) {
    const reason =
      "The role can be assumed without the External ID, which would expose you to the confused-deputy problem. Use the unmodified rolelink template.";
    await recordEvent({
      connectionId: link.id,
      kind: "security.rejected",
      actor: "system",
      detail: { check: "role_accepts_no_external_id", roleArn },
    });
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
    event: { kind: "connection.connected", actor: "system", detail: { roleArn } },
  });
  if (!connected.ok) return movedOn(ctx, physicalResourceId, connected.current);
  return {
    status: "SUCCESS",
    reason: "rolelink verified access to the role.",
    physicalResourceId,
    connectionId: link.id,
    data: { RoleArn: roleArn },
  };
}

/** The link moved on while we were verifying (cancelled, or its stack deleted: disconnected is final and wins). */
function movedOn(ctx: RequestContext, physicalResourceId: string, current: string | null): Answer {
  const reason =
    current === "disconnected"
      ? `This launch link was disconnected while rolelink was verifying it; start again at ${ctx.connectUrl}`
      : `This launch link changed while rolelink was verifying it; start again at ${ctx.connectUrl}`;
  return { status: "FAILED", reason, physicalResourceId, connectionId: ctx.connection?.id ?? null };
}
