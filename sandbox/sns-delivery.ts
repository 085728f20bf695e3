/**
 * SNS HTTP delivery to the app: one subscription per topic (the app's
 * endpoint), confirmed only when its SubscribeURL is fetched; Notifications
 * retried on 5xx or timeout with the SAME MessageId, 2xx and 4xx counting as
 * delivered. Every attempt is recorded for the status API and the tests.
 */
import { randomUUID } from "node:crypto";
import {
  buildNotification,
  buildSubscriptionConfirmation,
  forgeFrom,
  subscriptionToken,
  type BuiltEnvelope,
  type SigningSetup,
} from "./sns-envelope";

type MessageType = "SubscriptionConfirmation" | "Notification";

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  messageId: string;
  type: MessageType;
  topicArn: string;
  subject?: string;
  body: string;
  state: "pending" | "delivered" | "failed" | "not-sent";
  note?: string;
  attempts: DeliveryAttempt[];
  /** Set on replays and forgeries sent on purpose (tests). */
  copyOf?: { deliveryId: string; kind: "replay" | "forgery" };
}

export interface SubscriptionRecord {
  subscriptionArn: string;
  topicArn: string;
  endpoint: string;
  token: string;
  status: "pending-confirmation" | "confirmed" | "unsubscribed";
  confirmedAt?: string;
}

export interface SnsDeliveryOptions {
  origin: string;
  endpoint: string;
  signing: Omit<SigningSetup, "signingCertUrl">;
  deliveryTimeoutMs: number;
  retryDelaysMs: number[];
  /** The app may boot after the sandbox (a production build takes minutes): keep offering the confirmation. */
  confirmationRetryMs: number;
  confirmationWindowMs: number;
}

/**
 * Where the sandbox serves its certificate, relative to its origin. Shaped like AWS's
 * (`SimpleNotificationService-<32 lowercase hex>.pem` at the root) because the app holds
 * the sandbox to the same path rule as AWS; fixed, so URLs in logs match across runs.
 */
export const CERTIFICATE_PATH = "SimpleNotificationService-5a4d1b0c9e8f7a6b5c4d3e2f1a0b9c8d.pem";

export function createSnsDelivery(options: SnsDeliveryOptions) {
  const subscriptions = new Map<string, SubscriptionRecord>();
  const deliveries: DeliveryRecord[] = [];
  const stopper = new AbortController();
  const signing: SigningSetup = { ...options.signing, signingCertUrl: new URL(CERTIFICATE_PATH, options.origin).toString() };

  const snsUrl = (params: Record<string, string>) => {
    const url = new URL("sns/", options.origin);
    url.search = new URLSearchParams(params).toString();
    return url.toString();
  };

  async function attempt(record: DeliveryRecord, subscriptionArn?: string): Promise<"delivered" | "retry"> {
    const headers: Record<string, string> = {
      "Content-Type": "text/plain; charset=UTF-8",
      "User-Agent": "Amazon Simple Notification Service Agent",
      "x-amz-sns-message-type": record.type,
      "x-amz-sns-message-id": record.messageId,
      "x-amz-sns-topic-arn": record.topicArn,
    };
    if (subscriptionArn) headers["x-amz-sns-subscription-arn"] = subscriptionArn;
    const entry: DeliveryAttempt = { at: new Date().toISOString() };
    record.attempts.push(entry);
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(options.deliveryTimeoutMs), stopper.signal]);
      const response = await fetch(options.endpoint, { method: "POST", headers, body: record.body, signal });
      await response.arrayBuffer().catch(() => undefined);
      entry.status = response.status;
      return (response.status >= 200 && response.status < 300) || (response.status >= 400 && response.status < 500) ? "delivered" : "retry";
    } catch (error) {
      entry.error = error instanceof Error && error.name === "TimeoutError" ? "timed out" : describe(error);
      return "retry";
    }
  }

  async function deliver(record: DeliveryRecord, delays: number[], subscriptionArn?: string): Promise<DeliveryRecord> {
    for (let i = 0; ; i++) {
      if (stopper.signal.aborted) break;
      if ((await attempt(record, subscriptionArn)) === "delivered") {
        record.state = "delivered";
        return record;
      }
      const delay = delays[i];
      if (delay === undefined || !(await sleep(delay, stopper.signal))) break;
    }
    record.state = "failed";
    return record;
  }

  function record(type: MessageType, topicArn: string, built: BuiltEnvelope, extra: Partial<DeliveryRecord> = {}) {
    const entry: DeliveryRecord = {
      id: randomUUID(),
      messageId: built.messageId,
      type,
      topicArn,
      body: built.body,
      state: "pending",
      attempts: [],
      ...extra,
    };
    deliveries.push(entry);
    return entry;
  }

  function subscribe(topicArn: string): Promise<DeliveryRecord> {
    const sub: SubscriptionRecord = {
      subscriptionArn: `${topicArn}:${randomUUID()}`,
      topicArn,
      endpoint: options.endpoint,
      token: subscriptionToken(),
      status: "pending-confirmation",
    };
    subscriptions.set(sub.subscriptionArn, sub);
    const subscribeUrl = snsUrl({ Action: "ConfirmSubscription", TopicArn: topicArn, Token: sub.token });
    const built = buildSubscriptionConfirmation({ topicArn, token: sub.token, subscribeUrl }, signing);
    const count = Math.max(0, Math.floor(options.confirmationWindowMs / options.confirmationRetryMs));
    return deliver(record("SubscriptionConfirmation", topicArn, built), Array<number>(count).fill(options.confirmationRetryMs));
  }

  return {
    /** Offers one subscription per topic to the app; resolves when every confirmation was delivered or gave up. */
    subscribeAll(topicArns: string[]): Promise<DeliveryRecord[]> {
      return Promise.all(topicArns.map(subscribe));
    },

    /** GET SubscribeURL: the only way a subscription becomes confirmed. */
    confirm(topicArn: string, token: string): SubscriptionRecord | undefined {
      const sub = [...subscriptions.values()].find((s) => s.topicArn === topicArn && s.token === token);
      if (!sub || sub.status === "unsubscribed") return undefined;
      if (sub.status !== "confirmed") Object.assign(sub, { status: "confirmed", confirmedAt: new Date().toISOString() });
      return sub;
    },

    unsubscribe(subscriptionArn: string): SubscriptionRecord | undefined {
      const sub = subscriptions.get(subscriptionArn);
      if (sub) sub.status = "unsubscribed";
      return sub;
    },

    /** Publishes to the topic; resolves when the delivery succeeded or SNS would give up. */
    async publish(topicArn: string, subject: string | undefined, message: string): Promise<DeliveryRecord> {
      const sub = [...subscriptions.values()].find((s) => s.topicArn === topicArn && s.status === "confirmed");
      const unsubscribeUrl = snsUrl({ Action: "Unsubscribe", SubscriptionArn: sub?.subscriptionArn ?? `${topicArn}:none` });
      const built = buildNotification({ topicArn, subject, message, unsubscribeUrl }, signing);
      const entry = record("Notification", topicArn, built, subject === undefined ? {} : { subject });
      if (!sub) {
        // SNS delivers nothing to an endpoint that has not confirmed.
        Object.assign(entry, { state: "not-sent", note: "no confirmed subscription for this topic" });
        return entry;
      }
      return deliver(entry, options.retryDelaysMs, sub.subscriptionArn);
    },

    /** Re-sends an earlier envelope byte for byte, once (tests prove the app rejects it). */
    replay(deliveryId: string, kind: "replay" | "forgery" = "replay"): Promise<DeliveryRecord> | undefined {
      const original = deliveries.find((d) => d.id === deliveryId);
      if (!original) return undefined;
      const built = kind === "replay" ? { messageId: original.messageId, body: original.body } : forgeFrom(original.body);
      const sub = [...subscriptions.values()].find((s) => s.topicArn === original.topicArn);
      const copy = record(original.type, original.topicArn, built, { copyOf: { deliveryId, kind }, subject: original.subject });
      return deliver(copy, [], original.type === "Notification" ? sub?.subscriptionArn : undefined);
    },

    listSubscriptions: (): SubscriptionRecord[] => [...subscriptions.values()],
    listDeliveries: (): DeliveryRecord[] => [...deliveries],
    getDelivery: (id: string) => deliveries.find((d) => d.id === id),
    stop: () => stopper.abort(),
  };
}

export type SnsDelivery = ReturnType<typeof createSnsDelivery>;

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Resolves true after `ms`, false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
