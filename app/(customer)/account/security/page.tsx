import { requireUser } from "@/lib/auth/session";
import { listMySessions } from "@/lib/data/my-sessions";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SessionList } from "./_components/session-list";

export const metadata = { title: "Account security" };

export default async function AccountSecurityPage() {
  const user = await requireUser("/account/security");
  const sessions = await listMySessions();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Account security</h1>
        <p className="mt-1 text-sm break-words text-slate-600">Signed in as {user.email}.</p>
      </div>
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Your sessions
        </h2>
        <p className="text-sm text-slate-600">
          Every browser signed in to your account. A session ends 12 hours after sign-in
          {user.role === "admin" ? ", or after 30 minutes without activity" : ""}.
        </p>
        <SessionList sessions={sessions} />
      </section>
      <section aria-labelledby="password-heading" className="space-y-3">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change password
        </h2>
        <p className="text-sm text-slate-600">Changing your password signs out every other session.</p>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
