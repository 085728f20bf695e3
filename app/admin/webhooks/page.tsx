import Link from "next/link";
import { listWebhookEndpoints } from "@/lib/data/admin-webhooks";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { formatDateTime } from "@/components/ui/date";
import { requireAdminPage } from "../_components/require-admin-page";
import { CreateEndpointForm } from "./_components/create-endpoint-form";
import { EndpointControls } from "./_components/endpoint-controls";
import { SandboxInboxCard } from "./_components/sandbox-inbox-card";
import { getEnv } from "@/lib/env";
import { sandboxInboxUrls } from "@/lib/webhooks/sandbox-inbox";

export const metadata = { title: "Admin · Webhooks" };

export default async function WebhooksPage() {
  await requireAdminPage("/admin/webhooks");
  const endpoints = await listWebhookEndpoints();
  const sandboxUrl = getEnv().AWS_SANDBOX_URL;
  const eventTypes = Object.entries(WEBHOOK_EVENT_TYPES).map(([value, description]) => ({ value, description }));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-slate-600">
          rolelink POSTs connection events to your endpoints, signed per the Standard Webhooks specification (<code>webhook-id</code>,{" "}
          <code>webhook-timestamp</code>, <code>webhook-signature</code>), retrying for up to 24 hours. Dedupe on <code>webhook-id</code>.
        </p>
      </header>
      {sandboxUrl && <SandboxInboxCard inboxPageUrl={sandboxInboxUrls(sandboxUrl).page} />}
      <section aria-labelledby="create-heading" className="space-y-3">
        <h2 id="create-heading" className="text-lg font-semibold">
          Register an endpoint
        </h2>
        <CreateEndpointForm eventTypes={eventTypes} />
      </section>
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        {endpoints.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            No webhook endpoints yet.
          </p>
        ) : (
          <ul className="space-y-3" aria-label="Webhook endpoints">
            {endpoints.map((endpoint) => (
              <li
                key={endpoint.id}
                data-testid="webhook-endpoint"
                className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm"
              >
                <p className="font-medium break-all">
                  <Link href={`/admin/webhooks/${endpoint.id}`} className="text-indigo-700 hover:underline">
                    {endpoint.url}
                  </Link>
                  <span className="ml-2 text-xs text-slate-600">{endpoint.enabled ? "Enabled" : "Disabled"}</span>
                </p>
                {endpoint.description && <p className="text-slate-700">{endpoint.description}</p>}
                <p className="font-mono text-xs break-words text-slate-600">{endpoint.eventTypes.join(" ")}</p>
                <p className="text-xs text-slate-600">
                  Registered {formatDateTime(endpoint.createdAt)} · {endpoint.pending} pending, {endpoint.failed} failed deliveries
                  {endpoint.rotating ? " · secret rotation in progress (two secrets sign)" : ""}
                </p>
                <EndpointControls endpointId={endpoint.id} enabled={endpoint.enabled} url={endpoint.url} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
