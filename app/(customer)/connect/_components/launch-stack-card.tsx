import type { LaunchDetails } from "@/lib/connections/launch";
import { CodeBlock } from "@/components/code-block";
import { ConsoleLinkButton } from "@/components/console-link-button";
import { CliLaunchDetails, StackLaunchValues } from "./stack-launch-values";

export function LaunchStackCard({ launch, accountId, region }: { launch: LaunchDetails; accountId: string; region: string }) {
  return (
    <section aria-labelledby="launch-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="launch-heading" className="text-lg font-semibold">
        Create the stack in account {accountId}
      </h2>
      <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>
          Sign in to AWS account <span className="font-mono">{accountId}</span> in your browser.
        </li>
        <li>
          Click <strong>Launch Stack</strong>: the CloudFormation console opens in a new tab, in {region}, with everything filled in.
        </li>
        <li>
          Tick <em>I acknowledge that AWS CloudFormation might create IAM resources</em>, then <strong>Create stack</strong>.
        </li>
        <li>Come back here: this page follows the stack by itself.</li>
      </ol>
      <div className="mt-5 flex flex-wrap items-center gap-3">
        {/* orange-700: white text at 5.2:1 (the AWS orange, orange-500, is 2.9:1). */}
        <ConsoleLinkButton href={launch.quickCreateUrl} testId="launch-stack" className="bg-orange-700 px-5 py-2.5 hover:bg-orange-800">
          Launch Stack
        </ConsoleLinkButton>
        <a href="/api/template" download className="text-sm font-medium text-indigo-700 hover:underline">
          Download the template
        </a>
      </div>
      <StackLaunchValues stackName={launch.stackName} parameters={launch.parameters} />
      <CliLaunchDetails command={launch.cliCommand} />
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Use Terraform?</summary>
        <div className="mt-3">
          <CodeBlock label="Terraform (AWS provider)" code={launch.terraform} copyLabel="Copy Terraform" />
        </div>
      </details>
    </section>
  );
}
