"use client";

import { useSyncExternalStore } from "react";

/**
 * Emailed links carry their token in the fragment (#token=…), which browsers
 * never send to a server. Read once in the browser; undefined while rendering
 * on the server, "" when the link has none.
 */
function read(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
}

export function useTokenFromHash(): string | undefined {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener("hashchange", onChange);
      return () => window.removeEventListener("hashchange", onChange);
    },
    read,
    () => undefined,
  );
}
