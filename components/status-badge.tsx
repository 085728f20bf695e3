import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABELS } from "@/lib/connections/states";

const TONES: Record<ConnectionStatus, string> = {
  pending: "bg-slate-100 text-slate-700 ring-slate-300",
  verifying: "bg-sky-50 text-sky-800 ring-sky-300",
  connected: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  failed: "bg-red-50 text-red-800 ring-red-300",
  disconnected: "bg-slate-100 text-slate-600 ring-slate-300",
  broken: "bg-amber-50 text-amber-900 ring-amber-300",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span data-status={status} className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
