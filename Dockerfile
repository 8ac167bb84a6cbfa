# syntax=docker/dockerfile:1
# The shop (Next.js web tier) as a small image: standalone output, non-root, healthchecked.
# Build from the repository root:  docker build -t threadline-web .

FROM node:26-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 ships a prebuilt Node-API binary for macOS only: on Linux npm compiles it.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY services/user-api/package.json services/user-api/
COPY lib/otel/common/package.json lib/otel/common/
COPY lib/otel/node/package.json lib/otel/node/
COPY lib/service-kit/package.json lib/service-kit/
COPY lib/shared/traces/package.json lib/shared/traces/
COPY lib/stack-layout/package.json lib/stack-layout/
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
