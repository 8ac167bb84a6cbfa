# syntax=docker/dockerfile:1
# The shop (Next.js web tier) as a small image: standalone output, non-root, healthchecked.
# Build from the repository root:  docker build -t threadline-web .

# Every workspace's package.json and the lockfile, nothing else: `npm ci` below stays cached until one
# of them changes (Docker compares what it copies), and a new workspace needs no line here.
FROM node:26-bookworm-slim AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

FROM node:26-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 ships a prebuilt Node-API binary for macOS only: on Linux npm compiles it.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY --from=manifests /app ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_OUTPUT=standalone NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 METRICS_HOST=0.0.0.0 SHOP_DB_PATH=/data/shop.db
WORKDIR /app
RUN groupadd --system threadline && useradd --system --gid threadline --home-dir /app threadline \
  && mkdir /data && chown threadline:threadline /data
COPY --from=build --chown=threadline:threadline /app/.next/standalone ./
COPY --from=build --chown=threadline:threadline /app/.next/static ./.next/static
USER threadline
EXPOSE 3000 9464
VOLUME /data
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
