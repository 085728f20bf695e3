"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { resendWebhookDelivery, type SimpleState } from "../../actions";

export function ResendButton({ deliveryId, endpointId, eventId }: { deliveryId: string; endpointId: string; eventId: string }) {
  const [state, action, pending] = useActionState<SimpleState, FormData>(resendWebhookDelivery, { ok: false });
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Resend ${eventId}`}>
        Resend
      </Button>
      {state.message && (
        <p role="status" className="text-xs text-slate-600">
          {state.message}
        </p>
      )}
    </form>
  );
}
