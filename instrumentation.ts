/**
 * Server start-up (next dev / next start / standalone server.js): validate
 * configuration first so a misconfigured production server refuses to start
 * and names the variable, then make sure the first admin exists, install the
 * graceful-shutdown handlers and start the background worker.
 *
 * OpenTelemetry is opt-in and needs no exporter by default: Next.js already
 * emits spans through @opentelemetry/api; they go nowhere until a tracer
 * provider is registered. Set OTEL_EXPORTER_OTLP_ENDPOINT and install
 * @vercel/otel (see docs/configuration.md) to export them over OTLP.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await startTelemetry();
  const { startServer } = await import("@/lib/server/start");
  await startServer();
}

async function startTelemetry(): Promise<void> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  // Not a dependency: resolved at run time only when telemetry is wanted, so the
  // bundler must not try to include it (it is usually not installed).
  const specifier = "@vercel/otel";
  try {
    const otel = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ specifier)) as {
      registerOTel: (options: { serviceName: string }) => void;
    };
    otel.registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME ?? "rolelink" });
  } catch {
    // Telemetry must never stop the app from serving.
    console.warn(
      JSON.stringify({
        time: new Date().toISOString(),
        level: "warn",
        msg: "OTEL_EXPORTER_OTLP_ENDPOINT is set but @vercel/otel could not be loaded; telemetry is off",
      }),
    );
  }
}
