/**
 * Server start-up (next dev / next start): validate configuration first so a
 * misconfigured production server refuses to start and names the variable,
 * then make sure the first admin exists, then start the background worker.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("@/lib/server/start");
  await startServer();
}
