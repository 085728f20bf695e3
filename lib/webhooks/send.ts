/**
 * One signed POST to a webhook endpoint: a timeout per attempt, no redirects
 * (node:http never follows them; a 3xx is a failed attempt), and every address
 * the host resolves to checked against the target policy at connect time.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isForbiddenAddress, type TargetPolicy } from "./target-policy";

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

class ForbiddenTargetError extends Error {
  constructor() {
    super("the endpoint's host resolves to a forbidden address");
  }
}

function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const allowed = addresses.filter((a) => !isForbiddenAddress(a.address, policy));
      if (allowed.length === 0 || allowed.length !== addresses.length) return callback(new ForbiddenTargetError(), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

export function sendWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { policy: TargetPolicy; timeoutMs: number },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "rolelink-webhooks/1",
        },
        lookup: guardedLookup(options.policy),
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        // Read (and bound) the answer so the socket closes; its content is not kept.
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > 64 * 1024) response.destroy();
        });
        response.on("close", () => {
          const status = response.statusCode ?? null;
          const ok = status !== null && status >= 200 && status < 300;
          resolve({
            statusCode: status,
            latencyMs: elapsed(),
            error: ok ? null : status !== null && status >= 300 && status < 400 ? "redirects are not followed" : `HTTP ${status}`,
          });
        });
      },
    );
    // Bounds the whole attempt, not only idle time between bytes.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on("error", (error) => {
      clearTimeout(deadline);
      resolve({
        statusCode: null,
        latencyMs: elapsed(),
        error: error instanceof ForbiddenTargetError ? error.message : `${error.name}: ${error.message}`.slice(0, 500),
      });
    });
    request.on("close", () => clearTimeout(deadline));
    request.end(body);
  });
}
