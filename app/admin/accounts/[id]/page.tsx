import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { STATUS_LABELS } from "@/lib/connections/states";
import { getAdminConnection } from "@/lib/data/admin-connection";
import { credentialProcessProfile } from "@/lib/admin/aws-config-profile";
import { getEnv } from "@/lib/env";
import { progressOf } from "@/lib/connections/progress";
import { CodeBlock } from "@/components/code-block";
import { formatDateTime, RelativeTime } from "@/components/ui/date";
import { VerifyButton } from "./_components/verify-button";
import { SignOutOwnerButton } from "./_components/sign-out-owner-button";
import { LiveStatus } from "./_components/live-status";
import { requireAdminPage } from "../../_components/require-admin-page";

/** The tab says which account and how it is doing, so a row of admin tabs can be told apart. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const connection = await getAdminConnection((await params).id);
  if (!connection) return { title: "Admin · Account not found" };
  return { title: `Admin · ${connection.accountId} (${STATUS_LABELS[connection.status]})` };
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-all">{children}</dd>
    </div>
  );
}

export default async function AdminAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdminPage(`/admin/accounts/${id}`);
  const connection = await getAdminConnection(id);
  if (!connection) notFound();
  const verifiable = Boolean(connection.roleArn) && connection.status !== "disconnected" && connection.status !== "pending";
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          AWS account <span className="font-mono">{connection.accountId}</span>
        </h1>
        <LiveStatus
          key={connection.status}
          connectionId={connection.id}
          initial={progressOf({
            status: connection.status,
            stackSeen: Boolean(connection.stackId),
            lastError: connection.lastError,
            roleArn: connection.roleArn,
          })}
        />
      </header>

      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <dl className="grid gap-4 sm:grid-cols-2">
          <Field label="Customer">{connection.email}</Field>
          <Field label="Region">{connection.region}</Field>
          <Field label="Role ARN">
            <span className="font-mono">{connection.roleArn ?? "—"}</span>
          </Field>
          <Field label="External ID">
            <span className="font-mono">{connection.externalId}</span>
          </Field>
          <Field label="Stack">
            <span className="font-mono">{connection.stackId ?? "—"}</span>
          </Field>
          <Field label="Link created">{formatDateTime(connection.createdAt)}</Field>
          <Field label="Connected">{formatDateTime(connection.connectedAt)}</Field>
          <Field label="Last verified">
            {formatDateTime(connection.lastVerifiedAt)}
            {connection.lastVerifiedAt && (connection.lastVerifyOk ? " · OK" : " · Failed")}
          </Field>
          <Field label="Template version">{connection.templateVersion ?? "—"}</Field>
          {connection.lastError && (
            <Field label="Last error">
              <span className="text-red-800">{connection.lastError}</span>
            </Field>
          )}
          {connection.diagnosis && (
            <Field label={`Untrusted request refused (${formatDateTime(connection.diagnosisAt)})`}>
              <span data-testid="diagnosis" className="text-amber-900">
                {connection.diagnosis}
              </span>
            </Field>
          )}
        </dl>
      </section>

      <section aria-labelledby="verify-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="verify-heading" className="text-lg font-semibold">
          Proof of access
        </h2>
        <p className="text-sm text-slate-600">
          Runs AssumeRole with the External ID (900-second session, your email as SourceIdentity so the customer&apos;s CloudTrail shows
          who), then GetCallerIdentity. The temporary credentials are discarded at once.
        </p>
        {verifiable ? (
          <VerifyButton connectionId={connection.id} />
        ) : (
          <p className="text-sm text-slate-500">This connection has no active role to verify.</p>
        )}
      </section>

      <section aria-labelledby="sessions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Customer sessions
        </h2>
        <p className="text-sm text-slate-600" data-testid="owner-sessions">
          {connection.email} has {connection.ownerSessions} active session{connection.ownerSessions === 1 ? "" : "s"}. Signing them out ends
          every one at once (recorded on this timeline); they can sign in again with their password and second factor.
        </p>
        <SignOutOwnerButton connectionId={connection.id} />
      </section>

      {connection.status === "connected" && connection.roleArn && (
        <section aria-labelledby="profile-heading" className="space-y-2">
          <h2 id="profile-heading" className="text-lg font-semibold">
            Operator hand-off
          </h2>
          <p className="text-sm text-slate-600">
            Add to <code>~/.aws/config</code> and export <code>ROLELINK_API_KEY</code> (an{" "}
            <a href="/admin/api-keys" className="text-indigo-700 underline">
              API key
            </a>{" "}
            with the <code>credentials:issue</code> scope). The AWS CLI then gets 15-minute credentials from rolelink: you never hold the
            External ID, each issue is audited, and the customer&apos;s CloudTrail names your key. The <code>rolelink</code> command is{" "}
            <code>bin/rolelink.mjs</code> (plain Node, no dependencies).
          </p>
          <CodeBlock
            label="~/.aws/config"
            copyLabel="Copy profile"
            code={credentialProcessProfile({
              accountId: connection.accountId,
              region: connection.region,
              connectionId: connection.id,
              appUrl: getEnv().APP_URL,
            })}
          />
        </section>
      )}

      <section aria-labelledby="timeline-heading" className="space-y-2">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        {connection.timeline.length === 0 ? (
          <p className="text-sm text-slate-500">No events yet.</p>
        ) : (
          <ol className="space-y-1 border-l-2 border-slate-200 pl-4 text-sm" data-testid="timeline">
            {connection.timeline.map((entry) => (
              <li key={entry.id} data-kind={entry.kind}>
                <RelativeTime value={entry.at} className="text-slate-600" /> · {entry.text}{" "}
                <span className="text-slate-500">— {entry.actor}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      {connection.lastRequest && (
        <section aria-labelledby="request-heading" className="space-y-2">
          <h2 id="request-heading" className="text-lg font-semibold">
            Last CloudFormation request
          </h2>
          <p className="text-sm text-slate-600">
            {connection.lastRequest.requestType} received {formatDateTime(connection.lastRequest.at)} · {connection.lastRequest.state}
            {connection.lastRequest.responseStatus ? ` · answered ${connection.lastRequest.responseStatus}` : ""}. Presigned URLs are shown
            without their query string.
          </p>
          <CodeBlock label="Request (redacted)" code={JSON.stringify(connection.lastRequest.payload, null, 2)} />
        </section>
      )}
    </div>
  );
}
