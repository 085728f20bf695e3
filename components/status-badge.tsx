import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABELS } from "@/lib/connections/states";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<ConnectionStatus, BadgeTone> = {
  pending: "neutral",
  verifying: "info",
  connected: "success",
  failed: "danger",
  disconnected: "neutral",
  broken: "warning",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <Badge tone={TONES[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
