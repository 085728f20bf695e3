"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { startOver } from "../actions";

/** A new link for the same account and region (the server action redirects to it). */
export function RestartButton({
  connectionId,
  label,
  variant = "primary",
}: {
  connectionId: string;
  label: string;
  variant?: "primary" | "secondary";
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <span className="flex flex-wrap items-center gap-3">
      <Button
        variant={variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await startOver(connectionId);
            if (result && !result.ok) setError(result.message);
          })
        }
      >
        {pending ? "Creating a new link…" : label}
      </Button>
      {error && (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      )}
    </span>
  );
}
