/**
 * A signed-in browser's cookie without a browser: a server-side session row
 * (second factor proven just now, so admins pass their gate) and the next-auth
 * JWT naming it, signed with the server's NEXTAUTH_SECRET. Benchmarks only.
 */
import { encode } from "next-auth/jwt";
import { db } from "@/lib/db";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/sessions";

export async function sessionCookie(user: { id: string; role: "customer" | "admin" }, secret: string): Promise<string> {
  const now = new Date();
  const session = await db.session.create({
    data: {
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      secondFactorAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000),
    },
    select: { id: true },
  });
  const token = await encode({
    token: { sub: user.id, uid: user.id, role: user.role, sid: session.id },
    secret,
    maxAge: SESSION_ABSOLUTE_SECONDS,
  });
  return `next-auth.session-token=${token}`;
}
