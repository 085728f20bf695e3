"use client";

import { useState, useTransition } from "react";
import { cancelLink } from "../actions";

export function CancelLinkButton({ connectionId }: { connectionId: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <span className="flex items-center gap-2">
      {error && <span className="text-red-700">{error}</span>}
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm("Cancel this link? Its External ID will stop working; you can start again any time.")) return;
          start(async () => {
            const result = await cancelLink(connectionId);
            if (result && !result.ok) setError(result.message);
          });
        }}
        className="text-slate-600 underline hover:text-red-700"
      >
        {pending ? "Cancelling…" : "Cancel this link"}
      </button>
    </span>
  );
}
