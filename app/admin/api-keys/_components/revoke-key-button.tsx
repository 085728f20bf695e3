"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { revokeKey, type RevokeKeyState } from "../actions";

export function RevokeKeyButton({ keyId, prefix }: { keyId: string; prefix: string }) {
  const [state, action, pending] = useActionState<RevokeKeyState, FormData>(revokeKey, { ok: false });
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="keyId" value={keyId} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke key ${prefix}`}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {state.message && (
        <p role="status" className="text-xs text-slate-600">
          {state.message}
        </p>
      )}
    </form>
  );
}
