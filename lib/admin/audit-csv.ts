/** The audit log as CSV, through the injection-safe writer every export shares. */
import type { AuditEntry } from "./audit-query";
import { csvLine } from "./csv";

export { csvCell, csvLine } from "./csv";

export const AUDIT_CSV_HEADER = [
  "time_utc",
  "account_id",
  "connection_id",
  "who",
  "why",
  "outcome",
  "code",
  "message",
  "role_arn",
  "assumed_role_arn",
] as const;

export function auditCsvLine(entry: AuditEntry): string {
  return csvLine([
    entry.at.toISOString(),
    entry.accountId ?? "",
    entry.connectionId ?? "",
    entry.who,
    entry.why,
    entry.outcome,
    entry.code,
    entry.message,
    entry.roleArn,
    entry.assumedRoleArn,
  ]);
}
