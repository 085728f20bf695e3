/** Test helpers for the REST API: a key with given scopes, and calls to the real route handlers. */
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api/keys";
import type { ApiScope } from "@/lib/api/scopes";

export async function apiAdmin() {
  return db.user.upsert({
    where: { email: "api-admin@rolelink.test" },
    update: {},
    create: { email: "api-admin@rolelink.test", passwordHash: "x", role: "admin" },
  });
}

export async function newApiKey(scopes: ApiScope[], name = "test key"): Promise<{ key: string; id: string; prefix: string }> {
  const admin = await apiAdmin();
  const outcome = await createApiKey({ name, scopes }, { id: admin.id, email: admin.email });
  if (outcome.kind !== "created") throw new Error("key not created");
  return outcome;
}

// Tests read fields freely; the contract test checks every shape against the OpenAPI document.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export async function call<P = Record<string, never>>(
  handler: Handler<P>,
  options: { key?: string; path?: string; method?: string; body?: unknown; params?: P; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://localhost${options.path ?? "/api/v1"}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}
