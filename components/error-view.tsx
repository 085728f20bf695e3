"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

/**
 * What every error boundary shows: a plain sentence, a retry, and the error's
 * digest (the id the server logged it under) so support can find it. Never the
 * message or stack: those can hold internals.
 */
export function ErrorView({
  error,
  reset,
  title = "Something went wrong",
}: {
  error: Error & { digest?: string };
  reset: () => void;
  title?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section role="alert" className="mx-auto max-w-lg rounded-lg border border-red-200 bg-white p-8 text-center shadow-sm">
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
        {title}
      </h1>
      <p className="mt-3 text-slate-700">
        This page could not be loaded. Trying again usually helps; if it does not, tell us the reference below.
      </p>
      {error.digest && (
        <p className="mt-3 text-sm text-slate-700">
          Reference:{" "}
          <code data-testid="error-digest" className="font-mono">
            {error.digest}
          </code>
        </p>
      )}
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </section>
  );
}
