/**
 * One LISTEN connection per process, fanned out to every subscriber (SSE
 * streams, the worker's wake-up). A pool connection per stream would exhaust
 * PostgreSQL's connections with a few hundred open pages; one client here
 * costs one connection whatever the number of listeners.
 *
 * The client reconnects with backoff and LISTENs again. Notifications sent
 * while it was down are lost, so subscribers get `onResync` after a reconnect
 * and re-read what they show.
 */
import { Client, type Notification } from "pg";
import { log } from "@/lib/log";

export interface Listener {
  onNotify(payload: string): void;
  /** The connection was lost and is back: anything may have changed meanwhile. */
  onResync?(): void;
}

const CHANNEL_PATTERN = /^[a-z_]+$/;
const MAX_BACKOFF_MS = 5_000;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  client: Client | null;
  connecting: Promise<void> | null;
  backoffMs: number;
  /** Channels LISTENed on the current client. */
  listening: Set<string>;
  stopped: boolean;
}

const globalForHub = globalThis as unknown as { liveHub?: Hub };

function hub(): Hub {
  globalForHub.liveHub ??= { listeners: new Map(), client: null, connecting: null, backoffMs: 100, listening: new Set(), stopped: false };
  return globalForHub.liveHub;
}

/** Subscribes to a channel; resolves once LISTEN is in place, with the function that unsubscribes. */
export async function listen(channel: string, listener: Listener): Promise<() => void> {
  if (!CHANNEL_PATTERN.test(channel)) throw new Error(`bad channel name: ${channel}`);
  const state = hub();
  state.stopped = false;
  let set = state.listeners.get(channel);
  if (!set) state.listeners.set(channel, (set = new Set()));
  set.add(listener);
  await ensureListening(state, channel).catch((error: unknown) => {
    // The subscriber still works through its fallback poll; reconnecting goes on in the background.
    log.warn("live: LISTEN failed; retrying", { channel, error });
    scheduleReconnect(state);
  });
  return () => {
    set.delete(listener);
    // The connection stays open while the process runs: the next page view would reopen it at once.
  };
}

export function subscriberCount(channel: string): number {
  return hub().listeners.get(channel)?.size ?? 0;
}

async function ensureListening(state: Hub, channel: string): Promise<void> {
  await connect(state);
  if (state.listening.has(channel) || !state.client) return;
  state.listening.add(channel);
  await state.client.query(`LISTEN ${channel}`);
}

function connect(state: Hub): Promise<void> {
  if (state.client) return Promise.resolve();
  state.connecting ??= (async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const client = new Client({ connectionString, application_name: "rolelink-live" });
    client.on("notification", (message: Notification) => dispatch(state, message));
    client.on("error", (error) => {
      log.warn("live: listen connection lost", { error });
      drop(state, client);
    });
    client.on("end", () => drop(state, client));
    await client.connect();
    state.client = client;
    state.listening = new Set();
    state.backoffMs = 100;
    for (const channel of state.listeners.keys()) {
      state.listening.add(channel);
      await client.query(`LISTEN ${channel}`);
    }
  })().finally(() => {
    state.connecting = null;
  });
  return state.connecting;
}

function dispatch(state: Hub, message: Notification): void {
  for (const listener of state.listeners.get(message.channel) ?? []) {
    try {
      listener.onNotify(message.payload ?? "");
    } catch (error) {
      log.warn("live: a listener threw", { channel: message.channel, error });
    }
  }
}

function drop(state: Hub, client: Client): void {
  if (state.client !== client) return;
  state.client = null;
  state.listening = new Set();
  client.removeAllListeners("notification");
  void client.end().catch(() => undefined);
  scheduleReconnect(state);
}

function scheduleReconnect(state: Hub): void {
  if (state.stopped || state.connecting) return;
  const wait = state.backoffMs;
  state.backoffMs = Math.min(state.backoffMs * 2, MAX_BACKOFF_MS);
  setTimeout(() => {
    if (state.stopped || state.client) return;
    connect(state)
      .then(() => {
        for (const set of state.listeners.values()) for (const listener of set) listener.onResync?.();
      })
      .catch((error: unknown) => {
        log.warn("live: reconnect failed", { error });
        scheduleReconnect(state);
      });
  }, wait).unref();
}

/** Closes the connection (tests, shutdown). Subscribers stay registered; the next listen() reconnects. */
export async function stopListening(): Promise<void> {
  const state = hub();
  state.stopped = true;
  const client = state.client;
  state.client = null;
  state.listening = new Set();
  state.listeners.clear();
  if (client) {
    client.removeAllListeners();
    await client.end().catch(() => undefined);
  }
}

/** For tests: drops the connection as a network failure would. */
export function simulateConnectionLoss(): void {
  const state = hub();
  if (state.client) drop(state, state.client);
}
