/**
 * The ResponseURL side of a custom resource: what S3 (the presigned URL) and
 * CloudFormation would refuse. S3 checks the signature, which covers an EMPTY
 * Content-Type; CloudFormation then reads the body (<= 4096 bytes).
 */
import { z } from "zod";

export const MAX_RESPONSE_BYTES = 4096;

export const customResourceResponseSchema = z.object({
  Status: z.enum(["SUCCESS", "FAILED"]),
  Reason: z.string().optional(),
  PhysicalResourceId: z.string().min(1).max(1024),
  StackId: z.string().min(1),
  RequestId: z.string().min(1),
  LogicalResourceId: z.string().min(1),
  NoEcho: z.boolean().optional(),
  Data: z.record(z.string(), z.unknown()).optional(),
});

export type CustomResourceResponse = z.infer<typeof customResourceResponseSchema>;

export interface ExpectedResponse {
  stackId: string;
  requestId: string;
  logicalResourceId: string;
}

export type ResponseCheck = { ok: true; response: CustomResourceResponse } | { ok: false; status: number; code: string; message: string };

/**
 * `contentType` is the raw header: undefined (absent) or "" both mean "none", as
 * the URL was signed without one; anything else breaks the signature.
 */
export function checkResponse(contentType: string | undefined, body: string, expected: ExpectedResponse): ResponseCheck {
  if (contentType !== undefined && contentType.trim() !== "") {
    return {
      ok: false,
      status: 403,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    };
  }
  if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) {
    return { ok: false, status: 400, code: "InvalidResponse", message: `Response object is too long (over ${MAX_RESPONSE_BYTES} bytes).` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, code: "InvalidResponse", message: "Response is not valid JSON." };
  }
  const parsed = customResourceResponseSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    return { ok: false, status: 400, code: "InvalidResponse", message: `Invalid response field(s): ${fields}.` };
  }
  const response = parsed.data;
  const mismatched = (
    [
      ["StackId", response.StackId, expected.stackId],
      ["RequestId", response.RequestId, expected.requestId],
      ["LogicalResourceId", response.LogicalResourceId, expected.logicalResourceId],
    ] as const
  ).filter(([, got, want]) => got !== want);
  if (mismatched.length > 0) {
    const names = mismatched.map(([name]) => name).join(", ");
    return { ok: false, status: 400, code: "InvalidResponse", message: `${names} does not match the request.` };
  }
  if (response.Status === "FAILED" && !response.Reason?.trim()) {
    return { ok: false, status: 400, code: "InvalidResponse", message: "Reason is required when Status is FAILED." };
  }
  return { ok: true, response };
}
