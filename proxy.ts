/**
 * Runs before every page: sets the security headers (a fresh CSP nonce per
 * request, lib/http/security-headers.ts) and is the first gate only: signed-out
 * visitors are sent to sign in, customers are kept out of /admin. Every read
 * and action checks the server-side session again itself (lib/auth/session.ts).
 */
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { contentSecurityPolicy, HSTS, newNonce, PERMISSIONS_POLICY } from "@/lib/http/security-headers";

const SIGNED_IN_AREAS = ["/admin", "/connect", "/accounts", "/account"];

function within(pathname: string, area: string): boolean {
  return pathname === area || pathname.startsWith(`${area}/`);
}

async function gate(req: NextRequest): Promise<NextResponse | null> {
  const { pathname, search } = req.nextUrl;
  if (!SIGNED_IN_AREAS.some((area) => within(pathname, area))) return null;
  const token = await getToken({ req });
  if (!token) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  if (within(pathname, "/admin") && token.role !== "admin") return NextResponse.redirect(new URL("/forbidden", req.url));
  return null;
}

/**
 * A server action posted from another origin: Next.js refuses it too, but with
 * a 500. Refused here first with a 403 and a sentence a person can read.
 */
function crossSiteAction(req: NextRequest): NextResponse | null {
  if (req.method !== "POST" || !req.headers.has("next-action")) return null;
  const origin = req.headers.get("origin");
  // Browsers send Origin on every cross-site POST; without one this is not a browser's cross-site request.
  if (!origin) return null;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost && host && originHost === host) return null;
  return new NextResponse("This form was sent from another site, so it was refused. Reload the page and try again.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const refused = crossSiteAction(req);
  if (refused) return refused;
  const https = (process.env.APP_URL ?? "").startsWith("https:");
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https, pathname: req.nextUrl.pathname });
  const response = (await gate(req)) ?? nextWithNonce(req, nonce, csp);
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Permissions-Policy", PERMISSIONS_POLICY);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

function nextWithNonce(req: NextRequest, nonce: string, csp: string): NextResponse {
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not API routes, static assets or prefetches (they carry no HTML to protect).
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
