/**
 * Operator hand-off: a `~/.aws/config` profile whose credentials come from
 * rolelink's credential broker through `credential_process` (bin/rolelink.mjs).
 * The operator never holds the External ID: rolelink assumes the role, audits
 * it, and names the API key as SourceIdentity in the customer's CloudTrail.
 */
export interface ProfileInput {
  accountId: string;
  region: string;
  connectionId: string;
  /** rolelink's public URL, for the CLI to call. */
  appUrl: string;
  /** The CLI as the operator runs it; `rolelink` once installed, or `node path/to/bin/rolelink.mjs`. */
  command?: string;
}

export function credentialProcessProfile(input: ProfileInput): string {
  const command = `${input.command ?? "rolelink"} credentials --connection ${input.connectionId} --url ${input.appUrl}`;
  const lines = [`[profile rolelink-${input.accountId}]`, `credential_process = ${command}`, `region = ${input.region}`];
  // Values come from the database and configuration: a newline would inject extra config keys.
  return lines.map((line) => line.replace(/[\r\n]/g, "")).join("\n") + "\n";
}
