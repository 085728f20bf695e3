/**
 * Server-Sent Events: a connection's progress, pushed as it changes (the
 * connect page's stepper and the admin account page). Fed by LISTEN/NOTIFY
 * through the process's one listening connection (lib/live/listener.ts).
 */
import { authorizeLiveConnection } from "@/lib/data/live-connection";
import { openProgressFeed } from "@/lib/connections/live/progress-feed";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** Comments keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 20_000;
/** Streams end after this long; the browser reopens them, which checks the session again. */
const MAX_STREAM_MS = 5 * 60_000;
/** How long the browser waits before reopening a dropped stream. */
const RETRY_MS = 2_000;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const grant = await authorizeLiveConnection((await params).id);
  if (!grant) return Response.json({ error: "not_found" }, { status: 404, headers: { "Cache-Control": "no-store" } });

  const encoder = new TextEncoder();
  let end: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let sequence = 0;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end?.();
        }
      };
      const timers: NodeJS.Timeout[] = [];
      let stopFeed: (() => void) | undefined;
      end = () => {
        if (!open) return;
        open = false;
        timers.forEach(clearTimeout);
        stopFeed?.();
        request.signal.removeEventListener("abort", onAbort);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const onAbort = () => end?.();
      request.signal.addEventListener("abort", onAbort);
      write(`retry: ${RETRY_MS}\n\n`);
      timers.push(
        setInterval(() => write(": ping\n\n"), HEARTBEAT_MS),
        setTimeout(() => end?.(), MAX_STREAM_MS),
      );
      try {
        stopFeed = await openProgressFeed({
          connectionId: grant.connectionId,
          hintAfterMs: grant.hintAfterMs,
          send: (progress) => write(`id: ${++sequence}\nevent: progress\ndata: ${JSON.stringify(progress)}\n\n`),
        });
        if (!open) stopFeed();
      } catch (error) {
        log.warn("live: could not open a progress feed", { error });
        end();
      }
    },
    cancel() {
      end?.();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: response compression would otherwise hold events back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
