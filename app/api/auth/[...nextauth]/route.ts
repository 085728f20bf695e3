import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { deviceSetCookieHeader, deviceTokenFrom } from "@/lib/auth/device-cookie";
import { signInRequests, type SignInRequest } from "@/lib/auth/sign-in-request";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";

const handler = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>;

/** Sign-in answers are small, per browser, and come by the hundred in a flood: never stored, never gzipped. */
function answer(response: Response, headers = new Headers(response.headers), status = response.status): Response {
  headers.set("Cache-Control", NO_STORE_UNCOMPRESSED);
  return new Response(response.body, { status, headers });
}

async function GET(req: Request, ctx: unknown): Promise<Response> {
  return answer(await handler(req, ctx));
}

/**
 * Sign-in: the browser's device cookie goes in (a known browser has its own
 * attempt limit); a successful sign-in renews it; a refusal by a limit or a
 * busy server answers 429 with Retry-After (same JSON body).
 */
async function POST(req: Request, ctx: unknown): Promise<Response> {
  const exchange: SignInRequest = { deviceToken: deviceTokenFrom(req.headers.get("cookie")) };
  const response = await signInRequests.run(exchange, () => handler(req, ctx));
  const headers = new Headers(response.headers);
  if (exchange.issuedDeviceToken) headers.append("Set-Cookie", deviceSetCookieHeader(exchange.issuedDeviceToken));
  if (exchange.retryAfterSeconds === undefined) return answer(response, headers);
  headers.set("Retry-After", String(exchange.retryAfterSeconds));
  // A browser form post without JavaScript gets next-auth's redirect, with the header.
  const isRedirect = response.status >= 300 && response.status < 400;
  return answer(response, headers, isRedirect ? response.status : 429);
}

export { GET, POST };
