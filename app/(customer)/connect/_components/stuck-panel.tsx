import { formatAccountId } from "./reason";
import { RestartButton } from "./restart-button";

/**
 * What the AWS console says when a stack fails, and what to do about it. A
 * stack that fails before it reaches rolelink says nothing to us (SNS refuses
 * its publish, or the parameters never name our topic), so the page cannot
 * know which one it was: it maps the console's own words instead. Opened by
 * itself once nothing has arrived for a while, or when rolelink refused the
 * stack (its Reason is then on the page as well).
 */
export function StuckPanel({
  connectionId,
  accountId,
  region,
  open,
}: {
  connectionId: string;
  accountId: string;
  region: string;
  open: boolean;
}) {
  const account = formatAccountId(accountId);
  const causes: Array<{ says: string; means: string; fix: string }> = [
    {
      says: "not authorized to perform: SNS:Publish",
      means: "You are signed in to a different AWS account.",
      fix: `Sign in to ${account} (the console's account menu shows it), delete the failed stack, then click Launch Stack again.`,
    },
    {
      says: "Requires capabilities: [CAPABILITY_NAMED_IAM] (InsufficientCapabilities)",
      means: "The IAM acknowledgement box was not ticked.",
      fix: "Click Launch Stack again and tick “I acknowledge that AWS CloudFormation might create IAM resources” before Create stack.",
    },
    {
      says: "Invalid service token, Failed to publish, or “not in the stack's region”",
      means: `The stack runs in a region other than ${region}, or the SnsTopicArn parameter was edited.`,
      fix: `Delete the failed stack, switch the console to ${region}, and launch again without editing the parameters.`,
    },
    {
      says: "This External ID was not issued by rolelink… / The role or account the stack sent is not the account of this link",
      means: "The ExternalId, TrustedAccount or another parameter was edited.",
      fix: "Delete the failed stack and launch again without editing the parameters, or start over with a new link.",
    },
    {
      says: "This stack runs in account …, but the link was made for account …",
      means: "The stack was created in another AWS account than the one you entered.",
      fix: `Sign in to ${account}, or start over with the account you are signed in to.`,
    },
    {
      says: "AWS refused to let rolelink assume this role",
      means: "The role's trust policy was changed (usually TrustedAccount or ExternalId edited).",
      fix: "Delete the failed stack and launch again without editing the parameters.",
    },
    {
      says: "This launch link was cancelled or its stack deleted",
      means: "The link is closed.",
      fix: "Start over with a new link.",
    },
  ];
  return (
    <details
      data-testid="silence-hints"
      open={open}
      className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <summary className="cursor-pointer font-medium">Stack failed or stuck?</summary>
      {open && <p className="mt-2">Nothing has reached rolelink from your stack yet.</p>}
      <p className="mt-2">
        A stack that fails before it can reach rolelink shows the error only in your AWS console (the stack&apos;s Events tab). Find its
        message here:
      </p>
      <dl className="mt-3 space-y-3">
        {causes.map((cause) => (
          <div key={cause.says} className="rounded border border-amber-200 bg-white p-3">
            <dt className="font-medium">
              The console says: <q className="font-mono text-xs break-words">{cause.says}</q>
            </dt>
            <dd className="mt-1">
              {cause.means} {cause.fix}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3">
        Still <span className="font-mono text-xs">CREATE_IN_PROGRESS</span> after five minutes? rolelink answers within a minute or two once
        it hears from the stack; if nothing arrived, the stack times out and rolls back by itself. Delete the rolled-back stack, then click
        Launch Stack again.
      </p>
      <div className="mt-3 space-y-2">
        <p className="text-xs">Start over cancels this link and gives you a new one (a new External ID) for the same account and region.</p>
        <RestartButton connectionId={connectionId} label="Start over" variant="secondary" />
      </div>
    </details>
  );
}
