#!/usr/bin/env node
/**
 * rolelink CLI: `rolelink credentials --connection <id> [--url <rolelink URL>] [--duration <seconds>]`
 * prints temporary credentials for a connection in the AWS CLI credential_process
 * format, from rolelink's credentials endpoint. The API key comes from the
 * ROLELINK_API_KEY environment variable only (a command-line argument would show
 * in `ps`); the URL from --url or ROLELINK_URL. Nothing is written to disk.
 * Plain Node (20+), no dependencies, so it can be copied where the AWS CLI runs.
 */
import { parseArgs } from "node:util";

const USAGE =
  "usage: rolelink credentials --connection <id> [--url <rolelink URL>] [--duration <900-3600>]\n(the API key is read from ROLELINK_API_KEY)";

function fail(message, code = 1) {
  process.stderr.write(`rolelink: ${message}\n`);
  process.exit(code);
}

function parse(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        connection: { type: "string" },
        url: { type: "string" },
        duration: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
}

const REQUIRED = ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"];

async function credentials(values) {
  const key = process.env.ROLELINK_API_KEY;
  if (!key) fail("set ROLELINK_API_KEY to an API key with the credentials:issue scope", 2);
  const base = values.url ?? process.env.ROLELINK_URL;
  if (!base) fail("pass --url or set ROLELINK_URL to rolelink's address", 2);
  if (!values.connection || !/^[0-9a-f-]{36}$/i.test(values.connection)) fail(`--connection must be a connection id\n${USAGE}`, 2);
  const body = {};
  if (values.duration !== undefined) {
    const duration = Number(values.duration);
    if (!Number.isInteger(duration) || duration < 900 || duration > 3600)
      fail("--duration must be a whole number of seconds from 900 to 3600", 2);
    body.durationSeconds = duration;
  }
  let url;
  try {
    url = new URL(`api/v1/connections/${encodeURIComponent(values.connection)}/credentials`, base.endsWith("/") ? base : `${base}/`);
  } catch {
    fail("the rolelink URL is not valid", 2);
  }
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    fail(`could not reach rolelink at ${url.origin} (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    fail(`rolelink answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const error = json && typeof json === "object" ? json.error : undefined;
    fail(
      `${response.status} ${error?.code ?? "error"}: ${error?.message ?? "request failed"}${error?.requestId ? ` (request ${error.requestId})` : ""}`,
    );
  }
  if (json?.Version !== 1 || REQUIRED.some((field) => typeof json[field] !== "string"))
    fail("rolelink's answer is not in the credential_process format");
  // Exactly the fields the AWS CLI and SDKs read.
  const out = {
    Version: 1,
    AccessKeyId: json.AccessKeyId,
    SecretAccessKey: json.SecretAccessKey,
    SessionToken: json.SessionToken,
    Expiration: json.Expiration,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const { values, positionals } = parse(process.argv.slice(2));
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
} else if (positionals[0] === "credentials" && positionals.length === 1) {
  await credentials(values);
} else {
  fail(USAGE, 2);
}
