import type { TemplateUpdate } from "@/lib/connections/template-update";
import { DEFAULT_APP_ROLE_NAME } from "@/lib/env";
import { CodeBlock } from "@/components/code-block";
import { ConsoleLinkButton } from "@/components/console-link-button";

/** "Update available": what changes, and one click to the console's Update stack wizard (parameters kept). */
export function TemplateUpdatePanel({ update }: { update: TemplateUpdate }) {
  return (
    <section
      aria-labelledby="update-heading"
      data-testid="template-update"
      className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sky-950 sm:p-6"
    >
      <h2 id="update-heading" className="text-lg font-semibold">
        Update available: template {update.fromVersion ?? "(unknown)"} to {update.toVersion}
      </h2>
      <p className="mt-1 text-sm">
        Your stack keeps working as it is. Updating it changes the role in place; rolelink confirms the update before relying on it.
      </p>
      <h3 className="mt-3 text-sm font-semibold">What changes</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
        {update.changes.flatMap((entry) =>
          entry.Changes.map((change) => (
            <li key={`${entry.Version}-${change}`}>
              {change} <span className="text-sky-800">({entry.Version})</span>
            </li>
          )),
        )}
      </ul>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <ConsoleLinkButton href={update.consoleUrl} testId="update-stack" className="bg-sky-800 px-4 py-2 text-sm hover:bg-sky-900">
          Update the stack in the AWS console
        </ConsoleLinkButton>
        <a href={`/review/${update.toVersion}`} className="text-sm font-medium text-sky-900 underline">
          Review version {update.toVersion}
        </a>
      </div>
      <p className="mt-2 text-xs">
        In the wizard choose <em>Replace existing template</em> with <code className="font-mono break-all">{update.templateUrl}</code> if it
        is not already selected. Keep the other parameters, check that <strong>TrustedRoleName</strong> is{" "}
        <code className="font-mono" data-testid="update-trusted-role-name">
          {update.trustedRoleName}
        </code>
        {update.trustedRoleName !== DEFAULT_APP_ROLE_NAME && <strong> (not the default {DEFAULT_APP_ROLE_NAME}: change it)</strong>}, and
        tick the IAM acknowledgement.
      </p>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-medium">Prefer the AWS CLI?</summary>
        <div className="mt-2">
          <CodeBlock label="aws cloudformation update-stack" code={update.cliCommand} copyLabel="Copy command" />
        </div>
      </details>
    </section>
  );
}
