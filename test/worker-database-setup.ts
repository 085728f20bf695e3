/** Vitest setup file: points this worker's tests at its own clone of the test database. */
import { workerDatabaseUrl } from "./worker-databases";

const base = process.env.TEST_TEMPLATE_DATABASE_URL;
if (base) process.env.DATABASE_URL = workerDatabaseUrl(base, process.env.VITEST_POOL_ID);
