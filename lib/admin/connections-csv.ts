/** The /admin connections list as CSV, through the injection-safe writer every export shares. */
import { csvLine } from "./csv";

export const CONNECTIONS_CSV_HEADER = [
  "account_id",
  "region",
  "status",
  "customer_email",
  "role_arn",
  "created_utc",
  "connected_utc",
  "last_verified_utc",
  "last_verify_ok",
  "template_version",
  "reason",
  "connection_id",
] as const;

export interface ConnectionCsvRow {
  id: string;
  accountId: string;
  region: string;
  status: string;
  email: string;
  roleArn: string | null;
  createdAt: Date;
  connectedAt: Date | null;
  lastVerifiedAt: Date | null;
  lastVerifyOk: boolean | null;
  templateVersion: string | null;
  lastError: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : "");

export function connectionCsvLine(row: ConnectionCsvRow): string {
  return csvLine([
    row.accountId,
    row.region,
    row.status,
    row.email,
    row.roleArn ?? "",
    iso(row.createdAt),
    iso(row.connectedAt),
    iso(row.lastVerifiedAt),
    row.lastVerifyOk === null ? "" : String(row.lastVerifyOk),
    row.templateVersion ?? "",
    row.lastError ?? "",
    row.id,
  ]);
}
