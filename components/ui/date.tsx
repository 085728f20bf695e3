/**
 * The one date format of the app: "2 Dec 2026, 05:32:24 UTC", everywhere; and
 * relative times ("12 s ago") that show that full timestamp on hover. Safe in
 * server and client components (no locale or time zone of the machine leaks in).
 */
const FULL = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "always", style: "short" });

type DateInput = Date | string | null | undefined;

const toDate = (value: DateInput): Date | null => (value == null ? null : value instanceof Date ? value : new Date(value));

export function formatDateTime(value: DateInput): string {
  const date = toDate(value);
  return date && !Number.isNaN(date.getTime()) ? `${FULL.format(date)} UTC` : "—";
}

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 days ago" (or "in …" for a future time). */
export function formatRelative(value: DateInput, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date || Number.isNaN(date.getTime())) return "—";
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return "just now";
  if (abs < 60) return RELATIVE.format(seconds, "second");
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  return RELATIVE.format(Math.round(seconds / 86_400), "day");
}

/** A timestamp in the app's one format, machine-readable for assistive tech. */
export function DateTime({ value, className }: { value: DateInput; className?: string }) {
  const date = toDate(value);
  if (!date) return <span className={className}>—</span>;
  return (
    <time dateTime={date.toISOString()} className={className}>
      {formatDateTime(date)}
    </time>
  );
}

/** A relative time; the full UTC timestamp is the hover title and stays in the accessible name. */
export function RelativeTime({ value, now, className }: { value: DateInput; now?: Date; className?: string }) {
  const date = toDate(value);
  if (!date) return <span className={className}>—</span>;
  const full = formatDateTime(date);
  return (
    <time dateTime={date.toISOString()} title={full} className={className}>
      {formatRelative(date, now)}
      <span className="sr-only"> ({full})</span>
    </time>
  );
}
