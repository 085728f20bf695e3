/** Admin read for /admin/accounts/[id]: details, timeline, the last request (redacted). */
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";
import { countActiveSessions } from "@/lib/auth/admin-sign-out";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { describeActor, describeEvent, asDetail } from "@/lib/admin/describe-event";
import { redactRequest } from "@/lib/admin/redact-request";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMELINE_LIMIT = 200;

export interface TimelineEntry {
  id: string;
  at: Date;
  kind: string;
  text: string;
  actor: string;
}

export interface AdminConnectionDetail {
  id: string;
  accountId: string;
  email: string;
  region: string;
  status: ConnectionStatus;
  roleArn: string | null;
  externalId: string;
  stackId: string | null;
  connectedAt: Date | null;
  createdAt: Date;
  lastVerifiedAt: Date | null;
  lastVerifyOk: boolean | null;
  lastError: string | null;
  templateVersion: string | null;
  diagnosis: string | null;
  diagnosisAt: Date | null;
  /** Sessions the customer can still use (for "sign out everywhere"). */
  ownerSessions: number;
  timeline: TimelineEntry[];
  lastRequest: { at: Date; requestType: string; state: string; responseStatus: string | null; payload: unknown } | null;
}

/** Cached per request: the page and its title read the same row once. */
export const getAdminConnection = cache(async (id: string): Promise<AdminConnectionDetail | null> => {
  await requireAdmin();
  if (!UUID.test(id)) return null;
  const connection = await db.connection.findUnique({
    where: { id },
    select: {
      id: true,
      accountId: true,
      region: true,
      status: true,
      roleArn: true,
      externalId: true,
      stackId: true,
      connectedAt: true,
      createdAt: true,
      lastVerifiedAt: true,
      lastVerifyOk: true,
      lastError: true,
      templateVersion: true,
      diagnosis: true,
      diagnosisAt: true,
      owner: { select: { id: true, email: true } },
    },
  });
  if (!connection) return null;
  const [events, request, ownerSessions] = await Promise.all([
    db.event.findMany({
      where: { connectionId: id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: TIMELINE_LIMIT,
      select: { id: true, kind: true, actor: true, detail: true, createdAt: true },
    }),
    db.cfnRequest.findFirst({
      where: { connectionId: id },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true, requestType: true, state: true, responseStatus: true, payload: true },
    }),
    countActiveSessions(connection.owner.id),
  ]);
  const { owner, ...rest } = connection;
  return {
    ...rest,
    email: owner.email,
    ownerSessions,
    timeline: events.reverse().map((e) => ({
      id: e.id.toString(),
      at: e.createdAt,
      kind: e.kind,
      text: describeEvent(e.kind, e.detail),
      actor: describeActor(e.actor, asDetail(e.detail)),
    })),
    lastRequest: request
      ? {
          at: request.createdAt,
          requestType: request.requestType,
          state: request.state,
          responseStatus: request.responseStatus,
          payload: redactRequest(request.payload),
        }
      : null,
  };
});
