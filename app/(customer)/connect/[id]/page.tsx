import { Suspense } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getMyConnection, getMyConnectionEnding, getMyConnectionProgress } from "@/lib/data/my-connections";
import { launchDetails } from "@/lib/connections/launch";
import { regionLabel } from "@/lib/regions";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { Toast } from "@/components/ui/toast";
import { LaunchStackCard } from "../_components/launch-stack-card";
import { TemplateReview } from "@/components/review/template-review";
import { getTemplateReview } from "@/lib/data/template-review";
import { renderPermissionsPolicy, loadCustomerTemplate } from "@/lib/cfn/template";
import { templateUpdateFor } from "@/lib/connections/template-update";
import { TemplateUpdatePanel } from "../_components/template-update-panel";
import { ProgressStepper } from "../_components/progress-stepper";
import { CancelLinkButton } from "../_components/cancel-link-button";
import { AccountCheck } from "../_components/account-check";
import { ConnectedPanel } from "../_components/connected-panel";
import { ClosedPanel } from "../_components/closed-panel";
import { formatAccountId } from "../_components/reason";
import { noticeMessage } from "../_components/notices";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The tab says where the link stands, so a customer waiting in another tab sees it change. */
const TITLES: Record<ConnectionStatus, string> = {
  pending: "Launch your stack",
  verifying: "Verifying access",
  connected: "Connected",
  failed: "Connection failed",
  broken: "Access stopped working",
  disconnected: "Link closed",
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const connection = await getMyConnection((await params).id);
  if (!connection) return { title: "Connection not found" };
  return { title: `${TITLES[connection.status]} · ${formatAccountId(connection.accountId)}` };
}

export default async function ConnectionPage({ params, searchParams }: Props) {
  const { id } = await params;
  const [connection, progress, notice] = await Promise.all([
    getMyConnection(id),
    getMyConnectionProgress(id),
    searchParams.then((s) => noticeMessage(s.notice)),
  ]);
  if (!connection || !progress) notFound();
  const env = getEnv();
  const launch = launchDetails(connection, env);
  const ending = connection.status === "disconnected" ? await getMyConnectionEnding(id) : null;
  const update = templateUpdateFor(connection, env);
  // The permissions as they will exist in this stack (its account, region and name filled in).
  const stack = { accountId: connection.accountId, region: connection.region, stackName: launch.stackName };
  const reviewed = connection.status === "pending" ? await getTemplateReview({ externalId: connection.externalId, stack }) : null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">
          AWS account <span className="font-mono">{connection.accountId}</span>
        </h1>
        <p className="text-sm text-slate-700">{regionLabel(connection.region)}</p>
      </div>
      <ProgressStepper connectionId={connection.id} accountId={connection.accountId} region={connection.region} initial={progress} />
      {connection.status === "connected" && <ConnectedPanel accountId={connection.accountId} roleArn={connection.roleArn} />}
      {connection.status === "disconnected" && <ClosedPanel connectionId={connection.id} ending={ending} />}
      {connection.templateVersion && connection.status !== "pending" && (
        <p className="text-sm text-slate-700">
          Your stack runs template version <span data-testid="stack-template-version">{connection.templateVersion}</span>.
        </p>
      )}
      {update && <TemplateUpdatePanel update={update} />}
      {connection.status === "pending" && (
        <>
          <AccountCheck accountId={connection.accountId} region={connection.region} />
          <LaunchStackCard launch={launch} accountId={connection.accountId} region={connection.region} />
          {reviewed && (
            <TemplateReview
              {...reviewed}
              externalId={connection.externalId}
              permissionsPolicy={renderPermissionsPolicy(loadCustomerTemplate().document, stack)}
            />
          )}
          <div className="flex items-center justify-between text-sm">
            <Link href="/connect" className="text-indigo-700 hover:underline">
              ← Back
            </Link>
            <CancelLinkButton connectionId={connection.id} />
          </div>
        </>
      )}
      {notice && (
        <Suspense>
          <Toast message={notice} />
        </Suspense>
      )}
    </div>
  );
}
