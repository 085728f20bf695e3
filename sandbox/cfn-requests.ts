/**
 * The custom resource's wire: CloudFormation publishes each request to the
 * ServiceToken topic and waits up to ServiceTimeout for exactly one answer at
 * the request's presigned ResponseURL. What the answer means for the stack is
 * the caller's business (onSettle).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { checkResponse, type CustomResourceResponse, type ResponseCheck } from "./cfn-response";
import { randomId, type Stack } from "./cfn-stacks";
import { serviceTokenOf } from "./cfn-model";

/** Why CloudFormation sends the request: the same RequestType means different things for the stack. */
export type Phase = "create" | "create-rollback" | "delete" | "update" | "update-cleanup" | "update-rollback";

const REQUEST_TYPE: Record<Phase, "Create" | "Update" | "Delete"> = {
  create: "Create",
  "create-rollback": "Delete",
  delete: "Delete",
  update: "Update",
  // An Update that returned a new PhysicalResourceId replaced the resource: the old one is deleted.
  "update-cleanup": "Delete",
  "update-rollback": "Update",
};

export const requestTypeOf = (phase: Phase) => REQUEST_TYPE[phase];

export interface CustomResourceCall {
  phase: Phase;
  properties: Record<string, unknown>;
  /** Update only. */
  oldProperties?: Record<string, unknown>;
  /** Update and Delete. */
  physicalResourceId?: string;
}

export type Outcome = { ok: true; physicalResourceId: string } | { ok: false; reason: string; physicalResourceId?: string };

/**
 * What arrived at one request's ResponseURL, kept after the request settled so
 * that a second answer (which CloudFormation ignores) is still seen: "every
 * request answered exactly once" can then be checked from CloudFormation's side.
 */
export interface ResponseRecord {
  stackId: string;
  requestId: string;
  requestType: "Create" | "Update" | "Delete";
  /** The first valid answer's status, or "TIMED_OUT" when ServiceTimeout passed without one. */
  status: "SUCCESS" | "FAILED" | "TIMED_OUT";
  at: string;
  /** Correctly signed PUTs after the one CloudFormation used (each refused, as before). */
  repeats: number;
}

interface PendingRequest {
  stackId: string;
  region: string;
  call: CustomResourceCall;
  requestId: string;
  signature: string;
  timer: NodeJS.Timeout;
}

export interface RequestChannelOptions {
  origin: string;
  logicalId: string;
  resourceType: string;
  serviceTimeoutMs: number;
  publish: (topicArn: string, subject: string, message: string) => Promise<unknown>;
  onSettle(stackId: string, call: CustomResourceCall, outcome: Outcome): void;
}

const SUBJECT = "AWS CloudFormation custom resource request";

export function createRequestChannel(options: RequestChannelOptions) {
  const pending = new Map<string, PendingRequest>();
  /** By response id; the signature stays with it, so only the real ResponseURL counts as a repeat. */
  const settled = new Map<string, { record: ResponseRecord; signature: string }>();
  const { logicalId, serviceTimeoutMs } = options;

  function remember(responseId: string, request: PendingRequest, status: ResponseRecord["status"]): void {
    settled.set(responseId, {
      signature: request.signature,
      record: {
        stackId: request.stackId,
        requestId: request.requestId,
        requestType: REQUEST_TYPE[request.call.phase],
        status,
        at: new Date().toISOString(),
        repeats: 0,
      },
    });
  }

  function onTimeout(responseId: string): void {
    const request = pending.get(responseId);
    if (!request) return;
    pending.delete(responseId);
    remember(responseId, request, "TIMED_OUT");
    const reason =
      `CloudFormation did not receive a response from your Custom Resource within the ServiceTimeout ` +
      `(${Math.round(serviceTimeoutMs / 1000)} s): the request timed out. Please check your custom resource in region ${request.region}.`;
    options.onSettle(request.stackId, request.call, { ok: false, reason });
  }

  return {
    send(stack: Pick<Stack, "stackId" | "stackName" | "region">, call: CustomResourceCall): void {
      const responseId = randomUUID();
      const signature = randomBytes(32).toString("hex");
      const responseUrl = new URL(`cfn-response/${responseId}`, options.origin);
      responseUrl.searchParams.set("X-Amz-Signature", signature);
      const requestId = randomUUID();
      const requestType = REQUEST_TYPE[call.phase];
      const topicArn = serviceTokenOf(call.properties);
      const request = {
        RequestType: requestType,
        ServiceToken: topicArn,
        ResponseURL: responseUrl.toString(),
        StackId: stack.stackId,
        RequestId: requestId,
        LogicalResourceId: logicalId,
        ...(requestType === "Create"
          ? {}
          : { PhysicalResourceId: call.physicalResourceId ?? `${stack.stackName}-${logicalId}-${randomId()}` }),
        ResourceType: options.resourceType,
        ResourceProperties: call.properties,
        ...(requestType === "Update" ? { OldResourceProperties: call.oldProperties ?? {} } : {}),
      };
      const timer = setTimeout(() => onTimeout(responseId), serviceTimeoutMs);
      timer.unref();
      pending.set(responseId, { stackId: stack.stackId, region: stack.region, call, requestId, signature, timer });
      // CloudFormation does not learn whether SNS reached the endpoint: it only waits for the answer.
      void options.publish(topicArn, SUBJECT, JSON.stringify(request)).catch(() => undefined);
    },

    /** PUT <ResponseURL>. Answers what S3 would (200, or an error code the caller turns into XML). */
    receive: (responseId: string, signature: string | null, contentType: string | undefined, body: string): ResponseCheck => {
      const request = pending.get(responseId);
      if (!request || signature !== request.signature) {
        const earlier = settled.get(responseId);
        if (!request && earlier && signature === earlier.signature) earlier.record.repeats++;
        return {
          ok: false,
          status: 403,
          code: "SignatureDoesNotMatch",
          message: "The request signature we calculated does not match the signature you provided.",
        };
      }
      const check = checkResponse(contentType, body, {
        stackId: request.stackId,
        requestId: request.requestId,
        logicalResourceId: logicalId,
      });
      if (!check.ok) return check;
      pending.delete(responseId);
      clearTimeout(request.timer);
      remember(responseId, request, check.response.Status);
      options.onSettle(request.stackId, request.call, outcomeOf(check.response, request.requestId));
      return check;
    },

    /** Every settled request, oldest first: its first answer (or time-out) and how many answers came after it. */
    responses: (): ResponseRecord[] => [...settled.values()].map(({ record }) => ({ ...record })),

    stop: (): void => {
      for (const request of pending.values()) clearTimeout(request.timer);
      pending.clear();
    },
  };
}

export type RequestChannel = ReturnType<typeof createRequestChannel>;

function outcomeOf(response: CustomResourceResponse, requestId: string): Outcome {
  if (response.Status === "SUCCESS") return { ok: true, physicalResourceId: response.PhysicalResourceId };
  return {
    ok: false,
    physicalResourceId: response.PhysicalResourceId,
    reason: `Received response status [FAILED] from custom resource. Message returned: ${response.Reason ?? ""} (RequestId: ${requestId})`,
  };
}
