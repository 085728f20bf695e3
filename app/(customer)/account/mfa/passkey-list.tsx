import { formatDateTime } from "@/components/ui/date";
import type { PasskeyListItem } from "@/lib/auth/mfa/passkeys";
import { RemoveFactorButton } from "./remove-factor-button";

export function PasskeyList({ passkeys }: { passkeys: PasskeyListItem[] }) {
  if (passkeys.length === 0) return <p className="text-sm text-slate-600">No passkeys yet.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="passkey-list">
      {passkeys.map((p) => (
        <li key={p.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0 text-sm">
            <p className="font-medium break-words text-slate-900">{p.name}</p>
            <p className="text-slate-600">
              Added {formatDateTime(p.createdAt)} · {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : "not used yet"}
            </p>
          </div>
          <RemoveFactorButton factor={`passkey:${p.id}`} label={`Remove passkey ${p.name}`} />
        </li>
      ))}
    </ul>
  );
}
