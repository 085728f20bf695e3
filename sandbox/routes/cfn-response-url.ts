/**
 * PUT <ResponseURL>: plays the presigned S3 URL CloudFormation hands out.
 * S3 answers 200 with an ETag, or an XML error (403 when the signature,
 * which covers an empty Content-Type, does not match).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readBody, sendS3Error } from "../http-util";
import { MAX_RESPONSE_BYTES } from "../cfn-response";
import type { SandboxCloudFormation } from "../cloudformation";

export async function handleCfnResponse(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  cloudformation: SandboxCloudFormation,
): Promise<void> {
  if (req.method !== "PUT") return sendS3Error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  let body: string;
  try {
    body = await readBody(req, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return sendS3Error(res, 400, "InvalidResponse", `Response object is too long (over ${MAX_RESPONSE_BYTES} bytes).`);
    }
    throw error;
  }
  const responseId = decodeURIComponent(url.pathname.slice("/cfn-response/".length));
  const result = cloudformation.receiveResponse(responseId, url.searchParams.get("X-Amz-Signature"), req.headers["content-type"], body);
  if (!result.ok) return sendS3Error(res, result.status, result.code, result.message);
  const etag = `"${createHash("md5").update(body).digest("hex")}"`;
  res.writeHead(200, { ETag: etag, "Content-Length": 0 }).end();
}
