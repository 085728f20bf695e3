import type { TemplateUpdate } from "@/lib/connections/template-update";
import { CodeBlock } from "@/components/code-block";

/** "Update available": what changes, and one click to the console's Update stack wizard (parameters kept). */
export function TemplateUpdatePanel({ update }: { update: TemplateUpdate }) {
  return (
    <section aria-labelledby="update-heading" data-testid="template-update" className="rounded-lg border border-sky-200 bg-sky-50 p-4 text-sky-950 sm:p-6">
      <h2 id="update-heading" className="text-lg font-semibold">
        Update available: template {update.fromVersion ?? "(unknown)"} → {update.toVersion}
      </h2>
      <p className="mt-1 text-sm">Your stack keeps working as it is. Updating it changes the role in place; rolelink confirms the update before relying on it.</p>
      <h3 className="mt-3 text-sm font-semibold">What changes</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
        {update.changes.flatMap((entry) => entry.Changes.map((change) => <li key={`${entry.Version}-${change}`}>{change} <span className="text-sky-800">({entry.Version})</span></li>))}
      </ul>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <a
          href={update.consoleUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="update-stack"
          className="inline-flex items-center gap-2 rounded-md bg-sky-800 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-900"
        >
          Update the stack in the AWS console <span aria-hidden>↗</span>
          <span className="sr-only">(opens in a new tab)</span>
        </a>
        <a href={`/review/${update.toVersion}`} className="text-sm font-medium text-sky-900 underline">
          Review version {update.toVersion}
        </a>
      </div>
      <p className="mt-2 text-xs">
        In the wizard choose <em>Replace existing template</em> with <code className="break-all font-mono">{update.templateUrl}</code> if it is not already
        selected, keep the parameters, and tick the IAM acknowledgement.
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
