/**
 * AWS's query protocol, as the SDK speaks it to STS and SNS: form-encoded POST
 * bodies in, XML out (errors in the <ErrorResponse> shape the SDK parses).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, escapeXml, readBody, send } from "./http-util";

export interface QueryRequest {
  action: string;
  params: URLSearchParams;
  /** Whether an Authorization header came at all (AWS tells "unsigned" from "unknown key"). */
  signed: boolean;
  /**
   * The access key id from the SigV4 Authorization header (who is calling).
   * The signature itself is NOT verified: the sandbox has no secret keys to check
   * it against, and what it plays (who may do what) only needs the key's identity.
   */
  accessKeyId?: string;
  /** The region of the SigV4 credential scope: the regional endpoint the SDK meant to reach. */
  region?: string;
  /** X-Amz-Security-Token: temporary credentials only work together with their token. */
  sessionToken?: string;
}

/** Who signed the request (SigV4 headers), for any of AWS's protocols. */
export type SignedCaller = Pick<QueryRequest, "signed" | "accessKeyId" | "region" | "sessionToken">;

export function signedCallerOf(req: IncomingMessage): SignedCaller {
  const auth = req.headers.authorization;
  // Credential=<key id>/<date>/<region>/<service>/aws4_request
  const scope = /Credential=([^/,\s]+)\/[^/,\s]*\/([^/,\s]+)\//.exec(auth ?? "");
  const accessKeyId = scope?.[1] ?? /Credential=([^/,\s]+)\//.exec(auth ?? "")?.[1];
  const token = req.headers["x-amz-security-token"];
  return { signed: auth !== undefined, accessKeyId, region: scope?.[2], sessionToken: typeof token === "string" ? token : undefined };
}

export async function readQueryRequest(req: IncomingMessage): Promise<QueryRequest> {
  const body = await readBody(req, 64 * 1024);
  const params = new URLSearchParams(body);
  return { action: params.get("Action") ?? "", params, ...signedCallerOf(req) };
}

/** `Name.member.1`, `Name.member.2`, … in order. */
export function listParam(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) values.push(params.get(`${name}.member.${i}`)!);
  return values;
}

export class QueryError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

/** A list whose items are each wrapped in `tag` (SNS maps use <entry>, lists <member>). */
export class Repeated {
  constructor(
    public readonly tag: string,
    public readonly items: unknown[],
  ) {}
}

/** Plain data → XML elements (objects nest, arrays become <member> lists). */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Repeated) return value.items.map((item) => `<${value.tag}>${toXml(item)}</${value.tag}>`).join("");
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `<${key}>${toXml(v)}</${key}>`)
      .join("");
  }
  return escapeXml(typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
}

export function sendResult(res: ServerResponse, namespace: string, action: string, result: unknown): void {
  const body =
    `<${action}Response xmlns="${namespace}">` +
    (result === undefined ? "" : `<${action}Result>${toXml(result)}</${action}Result>`) +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  send(res, 200, "text/xml", body);
}

export function sendError(res: ServerResponse, namespace: string, error: QueryError): void {
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  send(res, error.status, "text/xml", body);
}

/** Wraps a query-protocol action table as a node:http handler. */
export function queryHandler(
  namespace: string,
  actions: Record<string, (request: QueryRequest) => unknown>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      if (req.method !== "POST") throw new QueryError(405, "InvalidAction", "Only POST is supported");
      const request = await readQueryRequest(req);
      const action = actions[request.action];
      if (!action) throw new QueryError(400, "InvalidAction", `Could not find operation ${request.action}`);
      sendResult(res, namespace, request.action, action(request));
    } catch (error) {
      if (error instanceof QueryError) return sendError(res, namespace, error);
      if (error instanceof BodyTooLargeError)
        return sendError(res, namespace, new QueryError(413, "RequestEntityTooLarge", "Request too large"));
      sendError(res, namespace, new QueryError(500, "InternalFailure", "internal error", "Receiver"));
    }
  };
}
