/**
 * The review a customer's security reviewer needs, rendered from the template
 * file and AWS's own action data (lib/cfn/review.ts): on the connect page with
 * this link's External ID and stack, and on the public /review/<version> page.
 */
import Link from "next/link";
import type { TemplateReviewModel } from "@/lib/cfn/review";
import type { RoleUse } from "@/lib/connections/role-usage";
import { CodeBlock } from "@/components/code-block";
import { CopyButton } from "@/components/copy-button";
import { ActionList } from "./action-list";
import { PrintButton } from "./print-button";

const RESOURCE_PURPOSE: Record<string, string> = {
  "AWS::IAM::Role": "The role rolelink assumes. CloudFormation names it; deleting the stack deletes it.",
};

function Section({ id, title, level, children }: { id: string; title: string; level: "h2" | "h3"; children: React.ReactNode }) {
  const Heading = level;
  return (
    <section aria-labelledby={id} className="break-inside-avoid">
      <Heading id={id} className="font-semibold">
        {title}
      </Heading>
      <div className="mt-1 space-y-2 text-sm text-slate-700">{children}</div>
    </section>
  );
}

export function TemplateReview({
  review,
  uses,
  cloudTrailQuery,
  externalId,
  permissionsPolicy,
  headingLevel = "h2",
}: {
  review: TemplateReviewModel;
  uses: RoleUse[];
  cloudTrailQuery: string;
  /** This link's External ID (connect page); absent on the public page. */
  externalId?: string;
  /** The permissions as they will exist in this stack (connect page); else as written. */
  permissionsPolicy?: object;
  headingLevel?: "h1" | "h2";
}) {
  const Heading = headingLevel;
  // Sections sit one level below the review's own heading (h1 on the public page, h2 on the connect page).
  const level = headingLevel === "h1" ? "h2" : "h3";
  const hours = review.maxSessionSeconds / 3600;
  const minutes = review.serviceTimeoutSeconds === undefined ? undefined : Math.round(review.serviceTimeoutSeconds / 60);
  const levels = Object.entries(review.counts)
    .map(([level, count]) => `${count} ${level}`)
    .join(", ");
  return (
    <section
      aria-labelledby="review-heading"
      data-testid="template-review"
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 print:border-0 print:shadow-none"
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Heading id="review-heading" className={headingLevel === "h1" ? "text-2xl font-semibold" : "text-lg font-semibold"}>
            What this stack creates and allows
          </Heading>
          <p className="mt-1 text-sm text-slate-700">
            Template version <strong data-testid="review-version">{review.version}</strong>, read from the exact file the link launches.
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-700">
            SHA-256{" "}
            <code className="font-mono break-all" data-testid="review-sha256">
              {review.sha256}
            </code>
            <CopyButton text={review.sha256} label="Copy checksum" />
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3 print:hidden">
          <Link
            href={`/review/${review.version}`}
            className="text-sm font-medium text-indigo-700 hover:underline"
            data-testid="public-review-link"
          >
            Share this review (no sign-in needed)
          </Link>
          <PrintButton />
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section level={level} id="review-trust" title="Who is trusted, and on what conditions">
          <p>
            Exactly one identity: rolelink&apos;s role{" "}
            <code className="font-mono text-xs break-all" data-testid="review-principal">
              {review.principal}
            </code>
            . No other user or role in rolelink&apos;s AWS account can assume your role directly; who may act as rolelink&apos;s role is
            governed by rolelink&apos;s own account controls.
          </p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              Only with {externalId ? "your" : "the connection's"} External ID{" "}
              <code className="font-mono text-xs break-all">{externalId ?? "(issued by rolelink for each connection)"}</code>, which stops
              the confused deputy.
            </li>
            <li>
              Only with a SourceIdentity matching <code className="font-mono text-xs">{review.sourceIdentityPattern}</code>: every session
              names who in rolelink started it, in your CloudTrail, and AWS refuses a session without one.
            </li>
            <li>
              Sessions last at most {hours} {hours === 1 ? "hour" : "hours"}; rolelink&apos;s own checks ask for 15 minutes.
            </li>
          </ul>
        </Section>

        <Section level={level} id="review-resources" title="Every resource the stack creates">
          <ul className="space-y-2" data-testid="review-resources">
            {review.resources.map((resource) => (
              <li key={resource.logicalId}>
                <code className="font-mono text-xs">{resource.logicalId}</code> <span className="text-slate-600">({resource.type})</span>:{" "}
                {RESOURCE_PURPOSE[resource.type] ??
                  `a notice to rolelink's SNS topic with ${review.sendsBack.join(", ")}, sent on each Create, Update and Delete of the stack. CloudFormation waits up to ${minutes ?? "60"} minutes (ServiceTimeout) for rolelink's answer each time. Without one, that operation fails: a Create rolls back (its rollback Delete waits again, and the role is removed once that is answered or ends in ROLLBACK_FAILED), an Update rolls back to the old role, and a Delete: see "How to revoke".`}
              </li>
            ))}
          </ul>
        </Section>
      </div>

      <Section level={level} id="review-actions" title={`What the role may do: ${review.grantedCount} actions (${levels})`}>
        <p>
          Every action below is named in the template (no wildcards) and is a List or Read action in AWS&apos;s service authorization
          reference; the descriptions are AWS&apos;s own. The two CloudFormation reads cover only this stack: rolelink uses them to confirm,
          from inside your account, what the stack tells it.
        </p>
        <ActionList services={review.services} total={review.grantedCount} headingLevel={level === "h2" ? "h3" : "h4"} />
      </Section>

      <Section level={level} id="review-denied" title="Explicitly denied">
        <p>
          Reads that can return secrets (instance and launch-template user data, console output, Windows passwords) are denied outright, so
          no later edit can grant them by accident:
        </p>
        <ul className="flex flex-wrap gap-2" data-testid="review-denied">
          {review.denied.map((a) => (
            <li key={a.action}>
              <code className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-xs text-red-900">{a.action}</code>
            </li>
          ))}
        </ul>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section level={level} id="review-sent" title="What the stack sends back">
          <p>Through rolelink&apos;s SNS topic, once per stack operation: {review.sendsBack.join(", ")}. No keys, no secrets.</p>
        </Section>
        <Section level={level} id="review-revoke" title="How to revoke">
          <p>Delete the stack: the role is deleted, rolelink&apos;s access ends at once, and rolelink marks the account disconnected.</p>
          <p>
            If rolelink does not answer the Delete within {minutes ?? 60} minutes, the stack stops at DELETE_FAILED with the role still
            there. Delete it again and choose to retain <code className="font-mono text-xs">PhoneHome</code> (only a notice; nothing exists
            behind it): the role is then deleted. Deleting the role in IAM also ends access at once.
          </p>
        </Section>
      </div>

      <Section level={level} id="review-usage" title="When rolelink assumes the role, and what your CloudTrail shows">
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="When rolelink assumes the role">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="text-xs text-slate-600 uppercase">
              <tr>
                <th scope="col" className="py-1 pr-3">
                  When
                </th>
                <th scope="col" className="py-1 pr-3">
                  How often
                </th>
                <th scope="col" className="py-1 pr-3">
                  SourceIdentity
                </th>
                <th scope="col" className="py-1">
                  Session name
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {uses.map((use) => (
                <tr key={use.when}>
                  <td className="py-1.5 pr-3">
                    {use.when}
                    <div className="text-xs text-slate-600">{use.calls}</div>
                  </td>
                  <td className="py-1.5 pr-3">{use.howOften}</td>
                  <td className="py-1.5 pr-3">
                    <code className="font-mono text-xs">{use.sourceIdentity}</code>
                  </td>
                  <td className="py-1.5">
                    <code className="font-mono text-xs break-all">{use.sessionName}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CodeBlock label="CloudTrail Lake: everything rolelink did in the last 30 days" code={cloudTrailQuery} copyLabel="Copy query" />
        <p className="text-xs text-slate-600">
          Without CloudTrail Lake, the same filters work in Athena over your CloudTrail logs, and CloudTrail&apos;s Event history finds
          AssumeRole by event name. Filter on who acted, not on the SourceIdentity alone: anyone in your account can set one on their own
          roles.
        </p>
      </Section>

      <div className="grid gap-4 lg:grid-cols-2">
        <CodeBlock label="Trust policy (JSON)" code={JSON.stringify(review.trustPolicy, null, 2)} />
        <CodeBlock label="Permissions policy (JSON)" code={JSON.stringify(permissionsPolicy ?? review.permissionsAsWritten, null, 2)} />
      </div>

      <Section level={level} id="review-changelog" title="Changelog">
        <ol className="space-y-2" data-testid="review-changelog">
          {review.changelog.map((entry) => (
            <li key={entry.Version}>
              <strong>{entry.Version}</strong> <span className="text-slate-600">({entry.Date})</span>
              <ul className="list-disc pl-5">
                {entry.Changes.map((change) => (
                  <li key={change}>{change}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </Section>
    </section>
  );
}
