/** Sends the one answer CloudFormation waits for, and puts every attempt on the timeline. */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { buildResponseBody, sendCfnResponse } from "@/lib/cfn/response";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";

export async function respondToCloudFormation(
  cfnRequestId: string,
  request: CustomResourceRequest,
  answer: {
    status: "SUCCESS" | "FAILED";
    reason: string;
    physicalResourceId: string;
    connectionId: string | null;
    data?: Record<string, string>;
  },
): Promise<void> {
  const body = buildResponseBody({
    status: answer.status,
    reason: answer.reason,
    physicalResourceId: answer.physicalResourceId,
    request,
    data: answer.data,
  });
  const result = await sendCfnResponse(request.ResponseURL, body, {
    sandboxUrl: getEnv().AWS_SANDBOX_URL,
    onAttempt: (attempt) =>
      recordEvent({
        connectionId: answer.connectionId,
        kind: "cfn.response_attempt",
        actor: "system",
        detail: { attempt: attempt.attempt, status: attempt.status ?? null, error: attempt.error ?? null, responseStatus: answer.status },
      }),
  });
  await db.$transaction(async (tx) => {
    await tx.cfnRequest.update({
      where: { id: cfnRequestId },
      data: {
        state: result.ok ? "responded" : "response_failed",
        responseStatus: answer.status,
        responseReason: answer.reason,
        respondedAt: result.ok ? new Date() : null,
      },
    });
    await recordEvent(
      {
        connectionId: answer.connectionId,
        kind: result.ok ? "cfn.response_sent" : "cfn.response_failed",
        actor: "system",
        detail: {
          status: answer.status,
          reason: answer.reason,
          attempts: result.attempts,
          httpStatus: result.status ?? null,
          requestType: request.RequestType,
        },
      },
      tx,
    );
  });
}
