/**
 * Test files run in parallel, each worker on its own database: a clone of the
 * migrated one, made once per run. Integration tests truncate and fill tables
 * freely, so two workers must never share one.
 */
import pg from "pg";

/**
 * Workers Vitest runs at once (TEST_WORKERS to change). The tests wait on
 * loopback servers and PostgreSQL more than on the CPU, but several of them
 * race limits and timeouts on purpose: more workers than cores makes those slow.
 */
export const TEST_WORKERS = Math.max(1, Number(process.env.TEST_WORKERS) || 2);

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export function workerDatabaseUrl(base: string, poolId: string | undefined): string {
  return databaseUrl(base, `${databaseName(base)}_w${poolId ?? "1"}`);
}

/** Clones the migrated database once per worker (CREATE DATABASE … TEMPLATE copies it file by file). */
export async function cloneForWorkers(base: string): Promise<void> {
  const template = databaseName(base);
  const client = new pg.Client({ connectionString: databaseUrl(base, "postgres") });
  await client.connect();
  try {
    for (let id = 1; id <= TEST_WORKERS; id++) {
      const clone = pg.escapeIdentifier(databaseName(workerDatabaseUrl(base, String(id))));
      await client.query(`DROP DATABASE IF EXISTS ${clone} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${clone} TEMPLATE ${pg.escapeIdentifier(template)}`);
    }
  } finally {
    await client.end();
  }
}
