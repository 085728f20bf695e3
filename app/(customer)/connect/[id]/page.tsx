import Link from "next/link";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getMyConnection, getMyConnectionProgress } from "@/lib/data/my-connections";
import { launchDetails } from "@/lib/connections/launch";
import { regionLabel } from "@/lib/regions";
import { LaunchStackCard } from "../_components/launch-stack-card";
import { TemplateReview } from "@/components/review/template-review";
import { getTemplateReview } from "@/lib/data/template-review";
import { renderPermissionsPolicy, loadCustomerTemplate } from "@/lib/cfn/template";
import { templateUpdateFor } from "@/lib/connections/template-update";
import { TemplateUpdatePanel } from "../_components/template-update-panel";
import { ProgressStepper } from "../_components/progress-stepper";
import { CancelLinkButton } from "../_components/cancel-link-button";

export const metadata = { title: "Launch your stack" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const connection = await getMyConnection(id);
  const progress = await getMyConnectionProgress(id);
  if (!connection || !progress) notFound();
  const env = getEnv();
  const showLaunch = connection.status === "pending";
  const launch = launchDetails(connection, env);
  const update = templateUpdateFor(connection, env);
  // The permissions as they will exist in this stack (its account, region and name filled in).
  const stack = { accountId: connection.accountId, region: connection.region, stackName: launch.stackName };
  const reviewed = showLaunch ? await getTemplateReview({ externalId: connection.externalId, stack }) : null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          AWS account <span className="font-mono">{connection.accountId}</span>
        </h1>
        <p className="text-sm text-slate-600">{regionLabel(connection.region)}</p>
      </div>
      <ProgressStepper connectionId={connection.id} initial={progress} />
      {connection.templateVersion && !showLaunch && (
        <p className="text-sm text-slate-700">
          Your stack runs template version <span data-testid="stack-template-version">{connection.templateVersion}</span>.
        </p>
      )}
      {update && <TemplateUpdatePanel update={update} />}
      {showLaunch && (
        <>
          <LaunchStackCard launch={launch} accountId={connection.accountId} region={connection.region} />
          {reviewed && (
            <TemplateReview
              {...reviewed}
              externalId={connection.externalId}
              permissionsPolicy={renderPermissionsPolicy(loadCustomerTemplate().document, stack)}
            />
          )}
          <div className="flex items-center justify-between text-sm">
            <Link href="/connect" className="text-indigo-700 hover:underline">← Back</Link>
            <CancelLinkButton connectionId={connection.id} />
          </div>
        </>
      )}
    </div>
  );
}
