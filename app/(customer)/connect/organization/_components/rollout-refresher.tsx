"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/**
 * Keeps the rollout view current by re-rendering the server page: fast while
 * accounts are still reporting in, slower once settled (accounts can still
 * join or leave). One small component so push updates can replace it.
 */
export function RolloutRefresher({ settled }: { settled: boolean }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), settled ? 10_000 : 3_000);
    return () => clearInterval(timer);
  }, [router, settled]);
  return null;
}
