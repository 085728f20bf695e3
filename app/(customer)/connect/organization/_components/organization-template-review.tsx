import type { OrgTemplateReview } from "@/lib/cfn/org-template";

/**
 * What the organization template adds to the account template's role,
 * derived from the template file (describeOrgTemplate), never retyped.
 */
export function OrganizationTemplateReview({ review, organizationActions }: { review: OrgTemplateReview; organizationActions: string[] }) {
  const preferences = review.stackSet.operationPreferences ?? {};
  return (
    <section
      aria-labelledby="org-review-heading"
      data-testid="organization-template-review"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm shadow-sm"
    >
      <h2 id="org-review-heading" className="text-lg font-semibold">
        What the organization stack creates
      </h2>
      <p className="text-slate-700">Template version {review.version}. In the account you launch it in:</p>
      <ul className="list-disc space-y-1 pl-5 text-slate-700">
        <li>
          The same read-only role as a single account&apos;s template, plus these Organizations reads, so rolelink can confirm that an
          account reporting in belongs to your organization and count the accounts it should hear from:{" "}
          <span className="font-mono">{organizationActions.join(", ")}</span>.
        </li>
        <li>A custom resource that tells rolelink the role&apos;s ARN (created before the StackSet).</li>
        <li>
          <span className="font-mono">{review.stackSet.logicalId}</span>: a service-managed StackSet with automatic deployment, deploying
          the account template (the role described below) to every account under your targets, in this region only,{" "}
          {String(preferences.MaxConcurrentCount ?? 1)} accounts at a time
          {preferences.FailureTolerancePercentage !== undefined
            ? `, tolerating ${String(preferences.FailureTolerancePercentage)} % failures so one account cannot stop the others`
            : ""}
          . Accounts that leave the targets get their stack deleted.
        </li>
      </ul>
    </section>
  );
}
