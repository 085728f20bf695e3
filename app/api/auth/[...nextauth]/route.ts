import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInRefusals, type SignInRefusal } from "@/lib/auth/sign-in-refusal";

const handler = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>;

/** A sign-in refused by a limit or a busy server answers 429 with Retry-After (same JSON body). */
async function POST(req: Request, ctx: unknown): Promise<Response> {
  const refusal: SignInRefusal = {};
  const response = await signInRefusals.run(refusal, () => handler(req, ctx));
  if (refusal.retryAfterSeconds === undefined) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(refusal.retryAfterSeconds));
  // A browser form post without JavaScript gets next-auth's redirect, with the header.
  const isRedirect = response.status >= 300 && response.status < 400;
  return new Response(response.body, { status: isRedirect ? response.status : 429, headers });
}

export { handler as GET, POST };
