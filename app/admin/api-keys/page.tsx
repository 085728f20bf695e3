import { listAdminApiKeys } from "@/lib/data/admin-api-keys";
import { API_SCOPES } from "@/lib/api/scopes";
import { formatDateTime } from "@/components/ui/date";
import { requireAdminPage } from "../_components/require-admin-page";
import { CreateKeyForm } from "./_components/create-key-form";
import { RevokeKeyButton } from "./_components/revoke-key-button";

export const metadata = { title: "Admin · API keys" };

function keyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): string {
  if (key.revokedAt) return `Revoked ${formatDateTime(key.revokedAt)}`;
  if (key.expiresAt && key.expiresAt <= now) return `Expired ${formatDateTime(key.expiresAt)}`;
  return key.expiresAt ? `Active, expires ${formatDateTime(key.expiresAt)}` : "Active";
}

export default async function ApiKeysPage() {
  await requireAdminPage("/admin/api-keys");
  const keys = await listAdminApiKeys();
  const now = new Date();
  const scopes = Object.entries(API_SCOPES).map(([value, description]) => ({ value, description }));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="text-sm text-slate-600">
          Keys let your product call the{" "}
          <a href="/docs/api" className="text-indigo-700 underline">
            rolelink API
          </a>{" "}
          with <code>Authorization: Bearer &lt;key&gt;</code>. rolelink keeps only a hash: a key is shown once, when created.
        </p>
      </header>
      <section aria-labelledby="create-heading" className="space-y-3">
        <h2 id="create-heading" className="text-lg font-semibold">
          Create a key
        </h2>
        <CreateKeyForm scopes={scopes} />
      </section>
      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Keys
        </h2>
        {keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No API keys yet.</p>
        ) : (
          <ul className="space-y-3" aria-label="API keys">
            {keys.map((key) => (
              <li
                key={key.id}
                data-testid="api-key-row"
                className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm"
              >
                <div className="min-w-0 space-y-1">
                  <p className="font-medium">
                    {key.name} <span className="font-mono text-slate-600">{key.prefix}…</span>
                  </p>
                  <p className="font-mono text-xs break-words text-slate-600">{key.scopes.join(" ")}</p>
                  <p className="text-xs text-slate-600">
                    {keyState(key, now)} · created {formatDateTime(key.createdAt)}
                    {key.createdBy ? ` by ${key.createdBy}` : ""} · last used {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}
                  </p>
                </div>
                {!key.revokedAt && <RevokeKeyButton keyId={key.id} prefix={key.prefix} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
