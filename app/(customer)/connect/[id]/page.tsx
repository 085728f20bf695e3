import Link from "next/link";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getMyConnection, getMyConnectionProgress } from "@/lib/data/my-connections";
import { launchDetails } from "@/lib/connections/launch";
import { regionLabel } from "@/lib/regions";
import { LaunchStackCard } from "../_components/launch-stack-card";
import { TemplateReview } from "../_components/template-review";
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
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          AWS account <span className="font-mono">{connection.accountId}</span>
        </h1>
        <p className="text-sm text-slate-600">{regionLabel(connection.region)}</p>
      </div>
      <ProgressStepper connectionId={connection.id} initial={progress} />
      {showLaunch && (
        <>
          <LaunchStackCard launch={launch} accountId={connection.accountId} region={connection.region} />
          <TemplateReview
            trustedAccount={env.VENDOR_ACCOUNT_ID}
            externalId={connection.externalId}
            stack={{ accountId: connection.accountId, region: connection.region, stackName: launch.stackName }}
          />
          <div className="flex items-center justify-between text-sm">
            <Link href="/connect" className="text-indigo-700 hover:underline">← Back</Link>
            <CancelLinkButton connectionId={connection.id} />
          </div>
        </>
      )}
    </div>
  );
}
