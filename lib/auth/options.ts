/**
 * next-auth 4 configuration: credentials sign-in. The JWT cookie carries the id
 * of a server-side session row (lib/auth/sessions.ts), which is what every
 * request trusts; the role in the token only steers the proxy's first gate.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIp } from "@/lib/http/client-ip";
import { log } from "@/lib/log";
import { authenticate, SignInError } from "./authenticate";
import { currentSignInRequest } from "./sign-in-request";
import { createSession, endSession, SESSION_ABSOLUTE_SECONDS } from "./sessions";

/** next-auth hands authorize() the request headers as a plain object. */
function headerReader(headers: unknown): { get(name: string): string | null } {
  return {
    get(name) {
      if (!headers || typeof headers !== "object") return null;
      const value = (headers as Record<string, unknown>)[name];
      return typeof value === "string" ? value : null;
    },
  };
}

export const authOptions: NextAuthOptions = {
  // The cookie may outlive nothing: the session row's absolute end is the same 12 h.
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const exchange = currentSignInRequest();
        try {
          const headers = headerReader(req?.headers);
          const { deviceToken, ...user } = await authenticate(credentials, { ip: clientIp(headers), deviceToken: exchange.deviceToken });
          const sid = await createSession(user.id, headers.get("user-agent"));
          exchange.issuedDeviceToken = deviceToken;
          return { ...user, sid };
        } catch (error) {
          // next-auth passes this message to the sign-in form as `error`.
          if (error instanceof SignInError) {
            if (error.retryAfterSeconds !== undefined) exchange.retryAfterSeconds = error.retryAfterSeconds;
            throw new Error(error.message);
          }
          log.error("sign-in failed", { error });
          throw new Error("Sign-in is unavailable right now. Try again in a moment.");
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; role: "customer" | "admin"; sid: string };
        token.uid = u.id;
        token.role = u.role;
        token.sid = u.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") {
        session.user.id = token.uid;
        session.user.role = token.role === "admin" ? "admin" : "customer";
      }
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
  events: {
    // Sign-out ends the server-side session, so a copy of the cookie stops working too.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid, "sign-out");
    },
  },
};
