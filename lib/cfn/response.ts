/**
 * The answer to a CloudFormation custom resource request: a JSON body of at
 * most 4096 bytes, PUT to the presigned ResponseURL. A stack waits for it (up
 * to ServiceTimeout), so the PUT is retried on anything transient.
 */
import type { CustomResourceRequest } from "./custom-resource";
import { isTrustedResponseUrl } from "./response-url";

export const MAX_RESPONSE_BYTES = 4096;
const ELLIPSIS = "…";

const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

export interface ResponseBodyInput {
  status: "SUCCESS" | "FAILED";
  reason?: string;
  physicalResourceId: string;
  request: Pick<CustomResourceRequest, "StackId" | "RequestId" | "LogicalResourceId">;
  data?: Record<string, string>;
  noEcho?: boolean;
}

/** The response body; Reason (shown in the customer's console) is shortened to fit, on a code point boundary. */
export function buildResponseBody(input: ResponseBodyInput): string {
  const reason = input.reason ?? "";
  if (input.status === "FAILED" && reason.trim() === "") throw new Error("a FAILED response needs a Reason");
  if (input.physicalResourceId === "" || byteLength(input.physicalResourceId) > 1024) {
    throw new Error("PhysicalResourceId must be 1-1024 bytes");
  }
  const render = (text: string) =>
    JSON.stringify({
      Status: input.status,
      Reason: text,
      PhysicalResourceId: input.physicalResourceId,
      StackId: input.request.StackId,
      RequestId: input.request.RequestId,
      LogicalResourceId: input.request.LogicalResourceId,
      ...(input.noEcho === undefined ? {} : { NoEcho: input.noEcho }),
      ...(input.data === undefined ? {} : { Data: input.data }),
    });
  const full = render(reason);
  if (byteLength(full) <= MAX_RESPONSE_BYTES) return full;
  if (byteLength(render(ELLIPSIS)) > MAX_RESPONSE_BYTES) throw new Error("the response is over 4096 bytes even without a Reason");
  // Binary search for the longest prefix (in code points, so no surrogate pair is split) that fits.
  const points = Array.from(reason);
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (byteLength(render(points.slice(0, mid).join("") + ELLIPSIS)) <= MAX_RESPONSE_BYTES) low = mid;
    else high = mid - 1;
  }
  return render(points.slice(0, low).join("") + ELLIPSIS);
}

export interface SendAttempt {
  attempt: number;
  status?: number;
  error?: string;
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** Total tries, default 5. */
  attempts?: number;
  /** First retry delay, doubled each time; default 1000 ms. */
  baseDelayMs?: number;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  sandboxUrl?: string;
  onAttempt?: (attempt: SendAttempt) => void | Promise<void>;
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  status?: number;
  /** True when the URL was refused and no request was made. */
  refused?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short, non-sensitive description of a failed attempt (never the URL: it carries a signature). */
function describeError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return cause.code;
  return error instanceof Error ? error.name : "error";
}

export async function sendCfnResponse(responseUrl: string, body: string, options: SendOptions = {}): Promise<SendResult> {
  const { attempts = 5, baseDelayMs = 1000, timeoutMs = 10_000, sandboxUrl, onAttempt } = options;
  const doFetch = options.fetch ?? fetch;
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return { ok: false, attempts: 0, refused: true };
  }
  if (!isTrustedResponseUrl(url, sandboxUrl)) return { ok: false, attempts: 0, refused: true };

  const report = async (attempt: SendAttempt) => {
    // The timeline is best effort: failing to record an attempt must not stop the answer CloudFormation waits for.
    await Promise.resolve(onAttempt?.(attempt)).catch(() => undefined);
  };

  let status: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await doFetch(url, {
        method: "PUT",
        // Empty, not absent-then-defaulted: the URL was presigned without a
        // Content-Type, and fetch would otherwise send text/plain (SignatureDoesNotMatch).
        headers: { "Content-Type": "" },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      await report({ attempt, status });
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt, status };
      // 4xx (and a redirect we will not follow) will not change on retry: the signature or request is wrong.
      if (status < 500) return { ok: false, attempts: attempt, status };
    } catch (error) {
      status = undefined;
      await report({ attempt, error: describeError(error) });
    }
    if (attempt < attempts) await sleep(baseDelayMs * 2 ** (attempt - 1));
  }
  return { ok: false, attempts, ...(status === undefined ? {} : { status }) };
}
