/** The connection events a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = {
  "connection.connected": "A link became connected (role proven, stack answered SUCCESS)",
  "connection.failed": "The stack's role could not be proven",
  "connection.broken": "A connected account's role stopped working",
  "connection.recovered": "A broken connection works again",
  "connection.disconnected": "The customer deleted the stack, cancelled the link, or the role is gone",
  "connection.template_outdated": "Connected with an older template version than the current one",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const ALL_WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];
