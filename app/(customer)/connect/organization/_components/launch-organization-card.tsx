import type { OrganizationLaunchDetails } from "@/lib/organizations/launch";
import { ConsoleLinkButton } from "@/components/console-link-button";
import { CliLaunchDetails, StackLaunchValues } from "../../_components/stack-launch-values";

export function LaunchOrganizationCard({
  launch,
  accountId,
  region,
  delegated,
}: {
  launch: OrganizationLaunchDetails;
  accountId: string;
  region: string;
  delegated: boolean;
}) {
  return (
    <section aria-labelledby="launch-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="launch-heading" className="text-lg font-semibold">
        Create the organization stack in account {accountId}
      </h2>
      <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>
          Sign in to {delegated ? "your delegated administrator account" : "your management account"}{" "}
          <span className="font-mono">{accountId}</span>.
        </li>
        <li>Check the prerequisite below: trusted access for CloudFormation StackSets.</li>
        <li>
          Click <strong>Launch Stack</strong> (CloudFormation opens in {region}, everything filled in), tick the IAM acknowledgement, then{" "}
          <strong>Create stack</strong>.
        </li>
        <li>Come back here: this page follows the stack and every member account by itself.</li>
      </ol>
      <div className="mt-5">
        <ConsoleLinkButton
          href={launch.quickCreateUrl}
          testId="launch-organization-stack"
          className="bg-orange-700 px-5 py-2.5 hover:bg-orange-800"
        >
          Launch Stack
        </ConsoleLinkButton>
      </div>
      <StackLaunchValues stackName={launch.stackName} parameters={launch.parameters} />
      <CliLaunchDetails command={launch.cliCommand} />
    </section>
  );
}

/** Service-managed StackSets need it; without it the StackSet fails and the whole stack rolls back. */
export function TrustedAccessPrerequisite() {
  return (
    <section aria-labelledby="prerequisite-heading" className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-sm text-amber-950">
      <h2 id="prerequisite-heading" className="text-base font-semibold">
        Before you launch: trusted access for CloudFormation StackSets
      </h2>
      <p className="mt-2">
        In the management account, open CloudFormation → StackSets and choose <strong>Activate trusted access</strong>, or run{" "}
        <code className="font-mono break-all">aws cloudformation activate-organizations-access</code>.
      </p>
      <p className="mt-2">
        Without it, the stack&apos;s <span className="font-mono">MemberStackSet</span> resource fails with{" "}
        <em>&quot;You must enable organizations access to operate a service managed stack set&quot;</em> and the whole stack rolls back.
        This page then says so.
      </p>
    </section>
  );
}
