import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; role: "customer" | "admin"; name?: string | null };
    /** The server-side session row this cookie names (lib/auth/sessions.ts). */
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: "customer" | "admin";
    sid?: string;
  }
}
