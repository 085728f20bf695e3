import { CodeBlock } from "@/components/code-block";

/** What a Launch Stack link fills in, shown beside it so the customer can check the console form against it. */
export function StackLaunchValues({ stackName, parameters }: { stackName: string; parameters: Record<string, string> }) {
  return (
    <dl className="mt-5 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
      <dt className="text-slate-500">Stack name</dt>
      <dd className="font-mono break-all">{stackName}</dd>
      {Object.entries(parameters).map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-500">{name}</dt>
          <dd className="font-mono break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The same launch as one `aws cloudformation create-stack` command, folded away for those who want it. */
export function CliLaunchDetails({ command }: { command: string }) {
  return (
    <details className="mt-5">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Prefer the AWS CLI?</summary>
      <div className="mt-3">
        <CodeBlock label="aws cloudformation create-stack" code={command} copyLabel="Copy command" />
      </div>
    </details>
  );
}
