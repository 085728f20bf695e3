/**
 * A live feed of one connection's progress: the current state at once, then
 * one state per announcement, in the order they were committed. Each announced
 * status is sent even when the row has already moved past it, so a page sees
 * "verifying" on its way to "connected" rather than only the latest state.
 */
import type { Progress } from "@/lib/connections/progress";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { listen } from "@/lib/live/listener";
import { PROGRESS_CHANNEL, parseAnnouncement } from "./announce";
import { readProgress } from "./read-progress";

export interface FeedOptions {
  connectionId: string;
  hintAfterMs: number;
  send: (progress: Progress) => void;
}

/** Starts the feed; resolves (after the first state was sent) with the function that ends it. */
export async function openProgressFeed({ connectionId, hintAfterMs, send }: FeedOptions): Promise<() => void> {
  let shown: ConnectionStatus | undefined;
  let lastSent = "";
  let closed = false;
  // Reads run one after another so states go out in announcement order.
  let queue: Promise<void> = Promise.resolve();

  const push = (status?: ConnectionStatus) => {
    queue = queue.then(async () => {
      if (closed) return;
      const progress = await readProgress({ id: connectionId }, { hintAfterMs, status: status ?? shown }).catch(() => null);
      if (!progress || closed) return;
      const json = JSON.stringify(progress);
      if (json === lastSent) return;
      lastSent = json;
      shown = progress.status;
      send(progress);
    });
  };

  const stop = await listen(PROGRESS_CHANNEL, {
    onNotify(payload) {
      const announcement = parseAnnouncement(payload);
      if (announcement?.c === connectionId) push(announcement.s ?? undefined);
    },
    onResync() {
      shown = undefined; // announcements were missed: the row itself is the truth
      push();
    },
  });
  // Listening first, then reading: a move committed in between is read or announced, never lost.
  push();
  await queue;
  return () => {
    closed = true;
    stop();
  };
}
