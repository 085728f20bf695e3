# syntax=docker/dockerfile:1
# rolelink production image. Its build steps are the commands CI runs
# (.ci/run: `npm install --no-audit --no-fund`, then `next build` inside
# `npm test`), on the same Node 20 and npm 11. Targets:
#   runtime (default)  the web server: standalone `node server.js`, non-root, HEALTHCHECK
#   tools              full source + node_modules, for `npm run worker`,
#                      `npm run db:deploy` and `npm run template:publish`
# See docs/deploying-to-aws.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: node_modules, cached while package*.json and the schema are unchanged
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# The npm the development and CI machines run. npm 11 does not run dependencies'
# install scripts (nothing here needs them; prisma's would try to download an engine).
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Exactly CI's install (npm ci rejects this lockfile: see .ci/run). Its postinstall
# runs `prisma generate` into lib/generated/prisma.
RUN npm install --no-audit --no-fund

# ---- build: the Next.js standalone server
FROM deps AS build
COPY . .
RUN mkdir -p public \
 && npm run db:generate \
 && NODE_ENV=production npm run build

# ---- tools: worker, migrations, template publishing (same code, full dependencies)
FROM build AS tools
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RUN groupadd --system --gid 1001 rolelink \
 && useradd --system --uid 1001 --gid rolelink --home-dir /tmp rolelink
USER rolelink
# `npm run worker` without npm in between: SIGTERM reaches the worker itself,
# which lets in-flight jobs finish before it exits.
CMD ["node", "--import", "tsx", "scripts/worker.ts"]

# ---- runtime: only what `node server.js` needs
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 rolelink \
 && useradd --system --uid 1001 --gid rolelink --no-create-home rolelink
# Owned by root, so the app cannot rewrite its own code; only its cache is writable.
# The standalone output carries the two templates in cloudformation/ and
# prisma/migrations (next.config.mjs outputFileTracingIncludes), and nothing
# else of the project's source (e2e/standalone.spec.ts).
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
RUN mkdir -p .next/cache && chown rolelink:rolelink .next/cache
USER rolelink
EXPOSE 3000
# Liveness (process up, database answering). Load balancers should use /api/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: readiness turns 503, in-flight jobs finish, then the server closes (lib/server/shutdown.ts).
CMD ["node", "server.js"]
