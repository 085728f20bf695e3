/**
 * Structured logs: one JSON object per line. Keys that can carry secrets are
 * redacted wherever they appear, so a careless call cannot leak a password,
 * session token or temporary credential. Request IDs tie a request's lines
 * together (and to the load balancer's logs when it sends x-request-id).
 */
import { randomUUID } from "node:crypto";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|credential|session_?token|accesskey|signature/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? "[redacted]" : redact(item, depth + 1)]),
  );
}

function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return ORDER[level && level in ORDER ? level : "info"];
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(redact(fields) as object) });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds these fields (e.g. { requestId }) to every line; a line's own fields win. */
  with(bound: Record<string, unknown>): Logger;
}

function logger(bound: Record<string, unknown>): Logger {
  const at = (level: Level) => (msg: string, fields?: Record<string, unknown>) => write(level, msg, { ...bound, ...fields });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), with: (more) => logger({ ...bound, ...more }) };
}

export const log: Logger = logger({});

export const REQUEST_ID_HEADER = "x-request-id";
/** What we accept from upstream: short and printable, so a header cannot forge or break log lines. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's x-request-id when it is a sane value (a load balancer's or proxy's), else a new UUID. */
export function requestIdFrom(headers: { get(name: string): string | null }): string {
  const given = headers.get(REQUEST_ID_HEADER)?.trim();
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}
