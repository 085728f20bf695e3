"use client";
/**
 * A connection's progress, pushed by the server (Server-Sent Events from
 * /api/connections/:id/events) and shown one state per frame, so quick moves
 * (stack seen → verifying → connected within milliseconds) each reach the
 * screen. While the stream is down the hook polls instead; the browser reopens
 * a dropped stream by itself, and a refused one is retried after a while.
 */
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { Progress } from "@/lib/connections/progress";

const FALLBACK_POLL_MS = 2_000;
const REOPEN_AFTER_MS = 10_000;

export interface LiveOptions {
  follow?: boolean;
  /** What to do instead while the stream is down; by default the owner's progress endpoint is polled. */
  fallback?: (connectionId: string) => Promise<Progress | null>;
}

async function pollProgress(connectionId: string): Promise<Progress> {
  const response = await fetch(`/api/connections/${connectionId}/progress`, { cache: "no-store" });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as Progress;
}

export function useLiveProgress(connectionId: string, initial: Progress, { follow = true, fallback = pollProgress }: LiveOptions = {}) {
  const [progress, setProgress] = useState(initial);
  const [offline, setOffline] = useState(false);
  const queue = useRef<Progress[]>([]);
  const frame = useRef<number | null>(null);
  // The latest fallback, without reopening the stream when the caller passes a new function.
  const fallbackRef = useRef(fallback);
  useEffect(() => {
    fallbackRef.current = fallback;
  }, [fallback]);

  useEffect(() => {
    if (!follow) return;
    let stopped = false;
    let streaming = false;
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;

    // One state per animation frame: each is painted before the next replaces it.
    const drain = () => {
      frame.current = null;
      const next = queue.current.shift();
      if (!next || stopped) return;
      flushSync(() => setProgress(next));
      if (queue.current.length) frame.current = requestAnimationFrame(drain);
    };
    const show = (next: Progress) => {
      queue.current.push(next);
      frame.current ??= requestAnimationFrame(drain);
    };

    const poll = async () => {
      if (stopped) return;
      if (!streaming) {
        try {
          const polled = await fallbackRef.current(connectionId);
          if (polled) show(polled);
          setOffline(false);
        } catch {
          setOffline(true);
        }
      }
      if (!stopped) pollTimer = setTimeout(() => void poll(), FALLBACK_POLL_MS);
    };

    const open = () => {
      if (stopped) return;
      source = new EventSource(`/api/connections/${connectionId}/events`);
      source.addEventListener("progress", (event) => show(JSON.parse((event as MessageEvent<string>).data) as Progress));
      source.onopen = () => {
        streaming = true;
        setOffline(false);
      };
      source.onerror = () => {
        streaming = false;
        // CLOSED: refused (signed out, or the server is down); the poll carries on and the stream is tried again later.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
        }
      };
    };

    open();
    pollTimer = setTimeout(() => void poll(), FALLBACK_POLL_MS);
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(pollTimer);
      clearTimeout(reopenTimer);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      queue.current = [];
    };
  }, [connectionId, follow]);

  return { progress, offline };
}
