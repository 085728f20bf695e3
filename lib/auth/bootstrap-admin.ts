/**
 * First admin: created once, when no admin exists, from ADMIN_EMAIL /
 * ADMIN_PASSWORD; in development without them a generated password is printed once.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "./password";
import { endAllSessions } from "./sessions";

export const DEV_ADMIN_EMAIL = "admin@rolelink.local";

export async function ensureFirstAdmin(env: {
  NODE_ENV: string;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
}): Promise<{ created: boolean; email?: string; generatedPassword?: string }> {
  if (await db.user.findFirst({ where: { role: "admin" }, select: { id: true } })) return { created: false };
  if (env.NODE_ENV === "production" && (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD)) {
    throw new Error("ADMIN_EMAIL and ADMIN_PASSWORD are required in production to create the first admin");
  }
  const email = (env.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL).toLowerCase();
  const generatedPassword = env.ADMIN_PASSWORD ? undefined : randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(env.ADMIN_PASSWORD ?? generatedPassword!);
  // An existing customer with that email is promoted; otherwise the admin is created.
  await db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      // ADMIN_EMAIL is the operator's own address: it counts as verified.
      create: { email, passwordHash, role: "admin", emailVerifiedAt: new Date() },
      update: { role: "admin", passwordHash, emailVerifiedAt: new Date() },
      select: { id: true },
    });
    // A promoted customer signs in again, with the new password and as an admin.
    await endAllSessions(user.id, "role-change", { tx });
  });
  return { created: true, email, generatedPassword };
}
