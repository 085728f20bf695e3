/**
 * The audit log as CSV (RFC 4180), safe to open in a spreadsheet: cells that a
 * spreadsheet would run as a formula (= + - @, tab, CR) get a leading '.
 */
import type { AuditEntry } from "./audit-query";

export const AUDIT_CSV_HEADER = ["time_utc", "account_id", "connection_id", "who", "why", "outcome", "code", "message", "role_arn", "assumed_role_arn"] as const;

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

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
