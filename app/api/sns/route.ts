/**
 * The SNS HTTPS endpoint. Order matters: size → JSON → shape → signature, and
 * nothing is written or fetched (beyond the signing certificate) before the
 * signature checks out. 4xx means "bad or forged, never retry"; 5xx only for
 * transient faults so SNS retries with the same MessageId.
 */
import { BodyEncodingError, BodyTooLargeError, readTextBody } from "@/lib/http/read-body";
import { receiveSnsMessage, type SnsMessageOutcome } from "@/lib/connections/stack-requests/receive-sns-message";
import { SnsVerificationError, verifySnsMessage } from "@/lib/sns/verify";
import { isTransientError } from "@/lib/db-errors";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";
import { log as baseLog, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/log";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 256 * 1024; // SNS's own message limit

/** The one place a domain outcome becomes HTTP: 2xx and 4xx are final for SNS, so only faults are 5xx. */
const STATUS_OF: Record<SnsMessageOutcome["kind"], number> = {
  accepted: 200,
  duplicate: 200,
  confirmed: 200,
  unsubscribe_recorded: 200,
  not_a_custom_resource_request: 400,
};

export async function POST(request: Request) {
  const requestId = requestIdFrom(request.headers);
  // SNS's own id for the delivery, so a log line can be matched with SNS's delivery logs.
  const log = baseLog.with({ requestId, snsMessageId: request.headers.get("x-amz-sns-message-id")?.slice(0, 128) });
  const answer = (status: number, body: Record<string, unknown>) =>
    Response.json(body, { status, headers: { "Cache-Control": NO_STORE_UNCOMPRESSED, [REQUEST_ID_HEADER]: requestId } });

  let text: string;
  try {
    text = await readTextBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(413, { error: "body_too_large" });
    if (error instanceof BodyEncodingError) return answer(400, { error: "invalid_utf8" });
    return answer(400, { error: "unreadable_body" });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return answer(400, { error: "invalid_json" });
  }

  let message;
  try {
    message = await verifySnsMessage(json);
  } catch (error) {
    if (error instanceof SnsVerificationError) {
      const status = error.reason === "malformed" ? 400 : error.retryable ? 503 : 403;
      log.warn("SNS message rejected", { reason: error.reason, status });
      return answer(status, { error: error.reason });
    }
    log.error("SNS verification crashed", { error });
    return answer(500, { error: "internal" });
  }

  try {
    const outcome = await receiveSnsMessage(message);
    return answer(STATUS_OF[outcome.kind], { result: outcome.kind });
  } catch (error) {
    // A signed confirmation whose SubscribeURL we will not visit: final, like any forgery (never a 5xx retry loop).
    if (error instanceof SnsVerificationError && !error.retryable) {
      log.warn("SNS message refused after verification", { reason: error.reason, messageId: message.MessageId });
      return answer(403, { error: error.reason });
    }
    // Database down or similar: SNS retries 5xx with the same MessageId.
    const transient = isTransientError(error);
    log.error("SNS message handling failed", { messageId: message.MessageId, transient, error });
    return answer(transient ? 503 : 500, { error: transient ? "unavailable" : "internal" });
  }
}
