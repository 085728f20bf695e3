"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import type { SessionListItem } from "@/lib/auth/sessions";
import { revokeSession, signOutEverywhere, type SecurityState } from "../actions";

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function RevokeButton({ sessionId, current }: { sessionId: string; current: boolean }) {
  const [state, action, pending] = useActionState<SecurityState, FormData>(revokeSession, { ok: false });
  return (
    <form action={action} className="shrink-0">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {current ? "Sign out this browser" : "Sign out"}
      </Button>
      {!state.ok && state.message && (
        <p className="mt-1 text-sm text-red-700" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}

export function SessionList({ sessions }: { sessions: SessionListItem[] }) {
  const [everywhere, everywhereAction, pending] = useActionState<SecurityState, FormData>(signOutEverywhere, { ok: false });
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between" data-testid="session-row">
            <div className="min-w-0 text-sm">
              <p className="font-medium break-words text-slate-900">
                {s.userAgent ?? "Unknown browser"}
                {s.current && <span className="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">This browser</span>}
              </p>
              <p className="text-slate-600">
                Signed in {when.format(s.createdAt)} UTC · last active {when.format(s.lastSeenAt)} UTC · ends {when.format(s.expiresAt)} UTC
              </p>
            </div>
            <RevokeButton sessionId={s.id} current={s.current} />
          </li>
        ))}
      </ul>
      <form action={everywhereAction}>
        <Button type="submit" variant="danger" disabled={pending}>
          Sign out everywhere
        </Button>
      </form>
      {everywhere.message && <Alert tone="error">{everywhere.message}</Alert>}
    </div>
  );
}
