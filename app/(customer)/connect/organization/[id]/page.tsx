import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getMyOrganizationLink, getMyOrganizationRollout } from "@/lib/data/organization-links";
import { getTemplateReview } from "@/lib/data/template-review";
import { organizationLaunchDetails } from "@/lib/organizations/launch";
import { describeOrgTemplate, loadOrgTemplate, orgPermissionStatements } from "@/lib/cfn/org-template";
import { regionLabel } from "@/lib/regions";
import { Alert } from "@/components/ui/alert";
import { TemplateReview } from "@/components/review/template-review";
import { LaunchOrganizationCard, TrustedAccessPrerequisite } from "../_components/launch-organization-card";
import { OrganizationTemplateReview } from "../_components/organization-template-review";
import { RolloutView } from "../_components/rollout-view";
import { RolloutRefresher } from "../_components/rollout-refresher";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Your AWS Organization" };

function organizationActions(): string[] {
  const actions = orgPermissionStatements(loadOrgTemplate().document).flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? []].flat(),
  );
  return [
    ...new Set(actions.filter((action): action is string => typeof action === "string" && action.startsWith("organizations:"))),
  ].sort();
}

export default async function OrganizationPage({ params }: Props) {
  const { id } = await params;
  const link = await getMyOrganizationLink(id);
  if (!link) notFound();
  const view = (await getMyOrganizationRollout(id))!;
  const launch = organizationLaunchDetails(link);
  const { stack, rollout } = view;
  const needsLaunch = stack.kind !== "confirmed";
  const reviewed = needsLaunch ? await getTemplateReview({ externalId: link.externalId }) : null;
  const settled =
    stack.kind === "confirmed" &&
    rollout.expected !== null &&
    rollout.accounts.every((row) => row.state !== "not_reported" && row.state !== "pending" && row.state !== "verifying");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          AWS Organization <span className="font-mono">{link.organizationId ?? link.managementAccountId}</span>
        </h1>
        <p className="text-sm text-slate-700">
          {regionLabel(link.region)} · targets <span className="font-mono break-all">{link.targets.join(", ")}</span>
        </p>
      </div>
      {stack.kind === "rolled_back" && (
        <Alert tone="error">
          <p className="font-medium">Your organization stack rolled back, so no member account was connected.</p>
          <p className="mt-1">
            The usual cause is that trusted access for CloudFormation StackSets is not enabled in AWS Organizations: the stack&apos;s
            MemberStackSet resource then failed with &quot;You must enable organizations access to operate a service managed stack
            set&quot;. Activate trusted access (CloudFormation → StackSets → Activate trusted access), delete the rolled-back stack, and
            launch it again.
          </p>
        </Alert>
      )}
      {stack.kind === "refused" && (
        <Alert tone="error">
          <p className="font-medium">rolelink could not confirm your organization stack.</p>
          {stack.reason && <p className="mt-1">{stack.reason}</p>}
        </Alert>
      )}
      {stack.kind === "deleted" && (
        <Alert tone="warning">
          Your organization stack was deleted: every account it connected is disconnected. Launch it again to reconnect.
        </Alert>
      )}
      <RolloutView rollout={rollout} countUnavailable={view.countUnavailable} />
      {needsLaunch && (
        <>
          <TrustedAccessPrerequisite />
          <LaunchOrganizationCard
            launch={launch}
            accountId={link.managementAccountId}
            region={link.region}
            delegated={link.callAs === "DELEGATED_ADMIN"}
          />
          <OrganizationTemplateReview
            review={describeOrgTemplate(loadOrgTemplate().document)}
            organizationActions={organizationActions()}
          />
          {reviewed && <TemplateReview {...reviewed} externalId={link.externalId} />}
        </>
      )}
      <p className="text-sm">
        <Link href="/connect" className="text-indigo-700 hover:underline">
          ← Back
        </Link>
      </p>
      <RolloutRefresher settled={settled} />
    </div>
  );
}
