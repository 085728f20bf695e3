import { formatAccountId } from "./reason";

/** The most common mistake is launching while signed in to another account: say which one to look for, before the launch. */
export function AccountCheck({ accountId, region }: { accountId: string; region: string }) {
  return (
    <aside aria-label="Before you launch" className="rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-950">
      <p>
        <span className="font-medium">Before you launch:</span> make sure the AWS console&apos;s account menu shows{" "}
        <strong className="font-mono" data-testid="expected-account">
          {formatAccountId(accountId)}
        </strong>
        , and keep the region at <span className="font-mono">{region}</span>.
      </p>
    </aside>
  );
}
