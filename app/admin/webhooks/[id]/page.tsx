import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getWebhookEndpoint } from "@/lib/data/admin-webhooks";
import { formatDateTime } from "@/components/ui/date";
import { requireAdminPage } from "../../_components/require-admin-page";
import { ResendButton } from "./_components/resend-button";

export const metadata = { title: "Admin · Webhook deliveries" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdminPage(`/admin/webhooks/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const endpoint = await getWebhookEndpoint(id);
  if (!endpoint) notFound();
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/webhooks" className="text-indigo-700 hover:underline">
            ← Webhooks
          </Link>
        </p>
        <h1 className="text-2xl font-semibold break-all">{endpoint.url}</h1>
        <p className="text-sm text-slate-600">
          {endpoint.enabled ? "Enabled" : "Disabled"} · {endpoint.eventTypes.join(", ")}
        </p>
      </header>
      <section aria-labelledby="log-heading" className="space-y-3">
        <h2 id="log-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        {endpoint.deliveries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No deliveries yet.</p>
        ) : (
          <ul className="space-y-3" aria-label="Deliveries">
            {endpoint.deliveries.map((delivery) => (
              <li
                key={delivery.id}
                data-testid="webhook-delivery"
                className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm"
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">
                      <span className="font-mono">{delivery.event.type}</span> · <span data-testid="delivery-state">{delivery.state}</span>
                    </p>
                    <p className="font-mono text-xs break-all text-slate-600">{delivery.event.id}</p>
                    <p className="text-xs text-slate-600">
                      Created {formatDateTime(delivery.createdAt)} · {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
                      {delivery.state === "pending" ? ` · next ${formatDateTime(delivery.nextAttemptAt)}` : ""}
                      {delivery.event.connectionId && (
                        <>
                          {" · "}
                          <Link href={`/admin/accounts/${delivery.event.connectionId}`} className="text-indigo-700 hover:underline">
                            connection
                          </Link>
                        </>
                      )}
                    </p>
                  </div>
                  <ResendButton deliveryId={delivery.id} endpointId={endpoint.id} eventId={delivery.event.id} />
                </div>
                {delivery.attemptLog.length > 0 && (
                  <div className="overflow-x-auto">
                    <table className="min-w-full text-xs" aria-label={`Attempts for ${delivery.event.id}`}>
                      <thead className="text-left text-slate-500">
                        <tr>
                          <th scope="col" className="pr-3">
                            When
                          </th>
                          <th scope="col" className="pr-3">
                            Status
                          </th>
                          <th scope="col" className="pr-3">
                            Latency
                          </th>
                          <th scope="col">Error</th>
                        </tr>
                      </thead>
                      <tbody>
                        {delivery.attemptLog.map((attempt) => (
                          <tr key={attempt.id.toString()}>
                            <td className="pr-3 whitespace-nowrap">{formatDateTime(attempt.attemptedAt)}</td>
                            <td className="pr-3">{attempt.statusCode ?? "—"}</td>
                            <td className="pr-3 whitespace-nowrap">{attempt.latencyMs} ms</td>
                            <td className="break-all">{attempt.error ?? ""}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
