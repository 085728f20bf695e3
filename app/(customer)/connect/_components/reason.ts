/**
 * rolelink's Reasons are written for the AWS console ("…; start again at
 * https://…/connect"). On rolelink's own pages the link is a button away, so
 * the pointer back to the app is dropped and the sentence closed.
 */
export function uiReason(reason: string): string {
  const trimmed = reason
    .replace(/,? or start again at \S+( for a new link)?\.?$/i, "")
    .replace(/;? start again at \S+( for a new link)?\.?$/i, "")
    .trim();
  if (!trimmed) return "The stack was refused.";
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** An AWS account ID as the console's account menu shows it: 2222-3333-4444. */
export function formatAccountId(accountId: string): string {
  return /^\d{12}$/.test(accountId) ? `${accountId.slice(0, 4)}-${accountId.slice(4, 8)}-${accountId.slice(8)}` : accountId;
}
