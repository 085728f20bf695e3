import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { formatAccountId } from "./reason";

/** The next steps once an account is connected: what happens now, the role to copy, where to go. */
export function ConnectedPanel({ accountId, roleArn }: { accountId: string; roleArn: string | null }) {
  return (
    <section
      aria-labelledby="connected-heading"
      data-testid="connected-panel"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-6 text-emerald-950"
    >
      <h2 id="connected-heading" className="text-lg font-semibold">
        Account {formatAccountId(accountId)} is connected
      </h2>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
        <li>We can now assume your role, with your External ID, and nothing else changes hands.</li>
        <li>We re-check access every few hours; if the role stops working we mark the account and tell you here.</li>
        <li>To end access at any time, delete the stack in your AWS console.</li>
      </ul>
      {roleArn && (
        <div className="mt-4">
          <p className="text-sm font-medium">Role ARN</p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code data-testid="role-arn" className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-900">
              {roleArn}
            </code>
            <CopyButton text={roleArn} label="Copy role ARN" />
          </div>
        </div>
      )}
      <div className="mt-5 flex flex-wrap gap-3">
        <Link href="/connect" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
          Connect another account
        </Link>
        <Link
          href="/accounts"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Go to my accounts
        </Link>
      </div>
    </section>
  );
}
