/**
 * The durable job behind every custom resource request: claim it (fairly,
 * with bounded attempts), decide Create / Update / Delete against what the
 * customer's account confirms, then exactly one answer to CloudFormation, so
 * no customer's stack ever hangs.
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { regionOfTopicArn } from "@/lib/aws/identifiers";
import { isTrustedResponseUrl } from "@/lib/cfn/response-url";
import { hasAnswerablePhysicalId, type CustomResourceRequest } from "@/lib/cfn/custom-resource";
import { claimRequest, MAX_ATTEMPTS, waitingBehind } from "./claim";
import { handleOrganizationCreate } from "@/lib/organizations/handle-organization-create";
import { findRequestTarget } from "./request-target";
import { refusedPhysicalId, type Answer, type RequestContext, type RequestTimings } from "./context";
import { enqueueCfnRequest } from "./enqueue";
import { handleCreate } from "./handle-create";
import { handleUpdate } from "./handle-update";
import { handleDelete } from "./handle-delete";
import { respondToCloudFormation } from "./respond";

interface StoredPayload {
  topicArn: string;
  request: CustomResourceRequest;
}

export type ProcessOutcome = "answered" | "rejected" | "busy" | "finished" | "parked";

export function defaultTimings(): RequestTimings {
  const createDeadlineMs = getEnv().ASSUME_ROLE_RETRY_SECONDS * 1000;
  return {
    createDeadlineMs,
    existingRoleDeadlineMs: Math.min(createDeadlineMs, 10_000),
    baseDelayMs: 2_000,
    deniedRetries: 2,
    deniedDelayMs: 1_000,
  };
}

export async function processCfnRequest(cfnRequestId: string, timings: Partial<RequestTimings> = {}): Promise<ProcessOutcome> {
  const claim = await claimRequest(cfnRequestId);
  if (claim.kind !== "claimed") return claim.kind;
  const progress = { answering: false };
  try {
    return await processClaimed(cfnRequestId, { ...defaultTimings(), ...timings }, progress);
  } catch (error) {
    // Retried by its job (and the sweeper) until the last attempt; that one answers CloudFormation, so the
    // customer reads why at once instead of waiting out the custom resource's timeout in silence. Never
    // once an answer went out in this attempt: CloudFormation must not hear two different things.
    if (claim.attempt < MAX_ATTEMPTS || progress.answering) throw error;
    log.error("a custom resource request failed on its last attempt; answering CloudFormation", { cfnRequestId, error });
    await answerAfterLastFailure(cfnRequestId);
    return "answered";
  } finally {
    // Pass the turn on to requests that waited behind this one.
    for (const next of await waitingBehind(cfnRequestId).catch(() => [])) {
      await enqueueCfnRequest(next).catch((error: unknown) => log.warn("queueing a waiting request failed; the sweeper will", { error }));
    }
  }
}

async function processClaimed(cfnRequestId: string, timings: RequestTimings, progress: { answering: boolean }): Promise<ProcessOutcome> {
  const row = await db.cfnRequest.findUniqueOrThrow({ where: { id: cfnRequestId }, select: { payload: true, connectionId: true } });
  const { topicArn, request } = row.payload as unknown as StoredPayload;
  const env = getEnv();

  if (!isTrustedResponseUrl(new URL(request.ResponseURL), env.AWS_SANDBOX_URL)) {
    // Never contacted: a forged ResponseURL must not make us a request-forgery proxy.
    await db.cfnRequest.update({ where: { id: cfnRequestId }, data: { state: "rejected" } });
    await recordEvent({
      connectionId: row.connectionId,
      kind: "security.rejected",
      actor: "system",
      detail: { check: "untrusted_response_url", host: new URL(request.ResponseURL).host, stackId: request.StackId },
    });
    return "rejected";
  }

  const { connection, organizationLink } = await findRequestTarget(request);
  const ctx: RequestContext = {
    request,
    topicRegion: regionOfTopicArn(topicArn) ?? "",
    connection,
    organizationLink,
    connectUrl: new URL("/connect", env.APP_URL).toString(),
    timings,
  };
  const answer = await decide(ctx);
  progress.answering = true;
  await respondToCloudFormation(cfnRequestId, request, answer);
  return "answered";
}

export const INTERNAL_FAILURE_REASON =
  "rolelink could not process this request because of an internal error, which its operators can see. Delete the stack and launch it again from rolelink later.";

/**
 * The answer when rolelink itself kept failing: a Create or Update fails (nothing was confirmed, so nothing
 * was linked); a Delete succeeds, because rolelink's trouble must not hold the customer's stack hostage
 * (the role is gone with it, and the next health check marks the connection broken).
 */
async function answerAfterLastFailure(cfnRequestId: string): Promise<void> {
  const row = await db.cfnRequest.findUniqueOrThrow({
    where: { id: cfnRequestId },
    select: { payload: true, connectionId: true, state: true, respondedAt: true },
  });
  // Another attempt (a job that outlived its expiry) may have answered meanwhile: one answer only.
  if (row.state !== "processing" || row.respondedAt) return;
  const { request } = row.payload as unknown as StoredPayload;
  if (!isTrustedResponseUrl(new URL(request.ResponseURL), getEnv().AWS_SANDBOX_URL)) return;
  const echoed = request.PhysicalResourceId && hasAnswerablePhysicalId(request) ? request.PhysicalResourceId : refusedPhysicalId(request);
  const answer: Answer =
    request.RequestType === "Delete"
      ? {
          status: "SUCCESS",
          reason: "rolelink could not record this deletion because of an internal error; the stack may be deleted.",
          physicalResourceId: echoed,
          connectionId: row.connectionId,
        }
      : {
          status: "FAILED",
          reason: INTERNAL_FAILURE_REASON,
          physicalResourceId: request.RequestType === "Update" ? echoed : refusedPhysicalId(request),
          connectionId: row.connectionId,
        };
  await respondToCloudFormation(cfnRequestId, request, answer);
}

async function decide(ctx: RequestContext): Promise<Answer> {
  const { request } = ctx;
  if (!hasAnswerablePhysicalId(request)) {
    // CloudFormation never sends one this long: answer with an id of ours that fits, and say why.
    return {
      status: "FAILED",
      reason: "The PhysicalResourceId is longer than 1024 bytes.",
      physicalResourceId: refusedPhysicalId(request),
      connectionId: ctx.connection?.id ?? null,
    };
  }
  switch (request.RequestType) {
    case "Create":
      // An organization's External ID: confirmed with the management role too (lib/organizations).
      return ctx.organizationLink ? handleOrganizationCreate(ctx, ctx.organizationLink) : handleCreate(ctx);
    case "Update":
      return handleUpdate(ctx);
    case "Delete":
      return handleDelete(ctx);
  }
}
