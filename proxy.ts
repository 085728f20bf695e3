/**
 * First gate only: signed-out visitors are sent to sign in, customers are kept
 * out of /admin. Every admin read and action checks the session again itself.
 */
import { NextResponse } from "next/server";
import { withAuth } from "next-auth/middleware";

export default withAuth(
  function proxy(req) {
    const isAdminArea = req.nextUrl.pathname === "/admin" || req.nextUrl.pathname.startsWith("/admin/");
    if (isAdminArea && req.nextauth.token?.role !== "admin") {
      return NextResponse.redirect(new URL("/forbidden", req.url));
    }
    return NextResponse.next();
  },
  {
    pages: { signIn: "/signin" },
    callbacks: { authorized: ({ token }) => Boolean(token) },
  },
);

export const config = { matcher: ["/admin/:path*", "/connect/:path*", "/accounts/:path*", "/account/:path*"] };
