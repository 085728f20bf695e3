import { DateTime } from "@/components/ui/date";
import type { ConnectionEnding } from "@/lib/data/my-connections";
import { RestartButton } from "./restart-button";

const WHY: Record<ConnectionEnding["cause"], string> = {
  cancelled: "You cancelled this launch link.",
  stack_deleted: "The stack was deleted in your AWS account, so we can no longer assume the role.",
  other: "Access through this link ended.",
};

/** A disconnected link: when and why it ended, and how to connect the account again. */
export function ClosedPanel({ connectionId, ending }: { connectionId: string; ending: ConnectionEnding | null }) {
  return (
    <section aria-labelledby="closed-heading" data-testid="closed-panel" className="rounded-lg border border-slate-300 bg-white p-6">
      <h2 id="closed-heading" className="text-lg font-semibold">
        This link is closed
      </h2>
      <p className="mt-2 text-sm text-slate-800">
        {WHY[ending?.cause ?? "other"]}
        {ending && (
          <>
            {" "}
            <span className="text-slate-700">
              (<DateTime value={ending.at} />)
            </span>
          </>
        )}
      </p>
      <p className="mt-2 text-sm text-slate-700">
        Its External ID no longer works. Reconnecting gives you a new launch link for the same account and region.
      </p>
      <div className="mt-4">
        <RestartButton connectionId={connectionId} label="Reconnect" />
      </div>
    </section>
  );
}
