/**
 * One timeline/audit event in words: the kind's label plus the few detail
 * fields that matter. Detail is JSON written by many modules: read defensively.
 */
import { EVENT_KINDS } from "@/lib/events";

type Detail = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
const num = (value: unknown): string | undefined => (typeof value === "number" && Number.isFinite(value) ? String(value) : undefined);

export function asDetail(value: unknown): Detail {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Detail) : {};
}

export function kindLabel(kind: string): string {
  return kind in EVENT_KINDS ? EVENT_KINDS[kind as keyof typeof EVENT_KINDS] : kind;
}

/** "admin:<id>" → the admin's email when the detail has it. */
export function describeActor(actor: string, detail: Detail): string {
  if (actor.startsWith("admin:")) return `Admin ${str(detail.by) ?? actor.slice("admin:".length)}`;
  if (actor.startsWith("customer:")) return "Customer";
  if (actor === "sns") return "AWS (SNS)";
  if (actor.startsWith("api-key:")) return `API key ${actor.slice("api-key:".length)}`;
  return "rolelink (system)";
}

const REASONS: Record<string, string> = {
  onboarding: "onboarding (stack created)",
  "stack update": "stack update",
  admin: "admin check",
  schedule: "scheduled health check",
  fleet: "verify all",
  api: "API verification",
  credentials: "credentials issued through the API",
};

export function describeReason(reason: unknown): string {
  const value = str(reason);
  return value ? (REASONS[value] ?? value) : "—";
}

export function describeEvent(kind: string, rawDetail: unknown): string {
  const d = asDetail(rawDetail);
  const label = kindLabel(kind);
  switch (kind) {
    case "verify.succeeded":
      return `${label}: assumed ${str(d.assumedRoleArn) ?? "the role"} (${describeReason(d.reason)})`;
    case "verify.failed":
      return `${label}: ${str(d.message) ?? str(d.outcome) ?? "refused"} (${describeReason(d.reason)})`;
    case "cfn.request_received":
      return `${label}: ${str(d.requestType) ?? "request"}`;
    case "cfn.response_sent":
    case "cfn.response_failed":
      return `${label}: ${str(d.status) ?? "?"}${str(d.reason) ? ` — ${str(d.reason)}` : ""}`;
    case "cfn.response_attempt":
      return `${label} #${num(d.attempt) ?? "?"}${num(d.status) ? ` (HTTP ${num(d.status)})` : ""}`;
    case "connection.broken":
    case "connection.failed":
      return `${label}: ${str(d.reason) ?? "no reason recorded"}`;
    case "security.rejected":
      return `${label}: ${str(d.check) ?? "check failed"}${str(d.requestType) ? ` (${str(d.requestType)})` : ""}`;
    case "connection.updated": {
      const moved = str(d.roleArn) && str(d.previousRoleArn) !== str(d.roleArn) ? `role now ${str(d.roleArn)}; ` : "role unchanged; ";
      return `${label}: ${moved}${str(d.how) ?? ""}`;
    }
    case "link.confirmed":
    case "connection.disconnected":
      return str(d.how) ? `${label}: ${str(d.how)}` : label;
    case "link.diagnosis":
      return `${label}: ${str(d.diagnosis) ?? str(d.check) ?? ""}`;
    case "cfn.request_parked":
      return `${label} (${num(d.attempts) ?? "?"} attempts)`;
    default:
      return label;
  }
}
