import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { topicsByRegion } from "@/lib/env";
import { listMyConnections } from "@/lib/data/my-connections";
import { listMyOrganizationLinks } from "@/lib/data/organization-links";
import { regionLabel } from "@/lib/regions";
import { StatusBadge } from "@/components/status-badge";
import { Suspense } from "react";
import { Toast } from "@/components/ui/toast";
import { ConnectForm } from "./_components/connect-form";
import { noticeMessage } from "./_components/notices";
import { VerifyEmailBanner } from "./_components/verify-email-banner";
import { getMyEmailStatus } from "@/lib/data/my-email-status";

export const metadata = { title: "Connect an AWS account" };

export default async function ConnectPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/connect");
  const notice = noticeMessage((await searchParams).notice);
  const regions = [...topicsByRegion().keys()].map((code) => ({ code, label: regionLabel(code) }));
  const [connections, organizations, emailStatus] = await Promise.all([listMyConnections(), listMyOrganizationLinks(), getMyEmailStatus()]);
  const inProgress = connections.filter((c) => c.status === "pending" || c.status === "verifying" || c.status === "failed");
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">Connect an AWS account</h1>
        <p className="mt-2 text-slate-600">
          We will give you a CloudFormation link that creates a read-only role trusting only us. You can review everything before anything
          is created.
        </p>
        {!emailStatus.verified && (
          <div className="mt-6">
            <VerifyEmailBanner email={emailStatus.email} />
          </div>
        )}
        <div className="mt-6">
          <ConnectForm regions={regions} />
        </div>
        <div className="mt-8 border-t border-slate-200 pt-6">
          <h2 className="text-lg font-semibold">Many accounts?</h2>
          <p className="mt-1 text-sm text-slate-600">
            Launch one stack in your AWS Organization&apos;s management account and every member account under the targets you choose is
            connected, including accounts that join later.
          </p>
          <Link href="/connect/organization" className="mt-3 inline-block font-medium text-indigo-700 underline">
            Connect an organization
          </Link>
        </div>
      </section>
      <aside aria-labelledby="in-progress" className="space-y-3">
        <h2 id="in-progress" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          In progress
        </h2>
        {inProgress.length === 0 ? (
          <p className="text-sm text-slate-500">
            Nothing in progress. Connected accounts are under{" "}
            <Link className="text-indigo-700 underline" href="/accounts">
              My accounts
            </Link>
            .
          </p>
        ) : (
          <ul className="space-y-2">
            {inProgress.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/connect/${c.id}`}
                  className="flex items-center justify-between gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm hover:border-indigo-300"
                >
                  <span className="font-mono">{c.accountId}</span>
                  <span className="text-slate-500">{c.region}</span>
                  <StatusBadge status={c.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {organizations.length > 0 && (
          <>
            <h2 className="pt-3 text-sm font-semibold tracking-wide text-slate-500 uppercase">Organizations</h2>
            <ul className="space-y-2">
              {organizations.map((o) => (
                <li key={o.id}>
                  <Link
                    href={`/connect/organization/${o.id}`}
                    className="flex items-center justify-between gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm hover:border-indigo-300"
                  >
                    <span className="font-mono">{o.organizationId ?? o.managementAccountId}</span>
                    <span className="text-slate-500">{o.region}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
      {notice && (
        <Suspense>
          <Toast message={notice} />
        </Suspense>
      )}
    </div>
  );
}
