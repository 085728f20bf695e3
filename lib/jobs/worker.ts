/** Background worker (pg-boss). Filled in by the SNS pipeline; a no-op until then. */
export async function startWorker(): Promise<void> {}
