# syntax=docker/dockerfile:1
#
# The tagifai service in a container: tsgi on uWebSockets.js serving the committed ONNX model.
#
# Why these choices:
# - Debian bookworm-slim (glibc). The uWebSockets.js binaries are built against glibc and do not
#   load on musl, so Alpine images fall back to nothing; onnxruntime-node ships glibc builds too.
# - Two stages. `build` has the dev dependencies (TypeScript) and produces dist/; `runtime`
#   installs production dependencies only (better-sqlite3 may compile from source there, with
#   compilers that are removed in the same layer) and copies dist/ in.
# - The project's .npmrc sets `onnxruntime-node-install=skip`, so npm ci never downloads CUDA
#   extras at build time; the CPU binaries inside the package are all the service uses.
# - A non-root user, and the exec form of CMD: node itself is PID 1 (no shell in between), so
#   the SIGTERM of `docker stop` or Kubernetes reaches the server, which turns /readyz to 503,
#   drains in-flight requests and exits 0 (docs/server.md, "Graceful shutdown").

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript to dist/ ----------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: the TypeScript compiler needs no native module, and `prepare` would try to
# build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY examples ./examples
COPY bench ./bench
RUN npm run build

# ---- runtime: what runs in production ------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TAGIFAI_HOST=0.0.0.0 \
    TAGIFAI_PORT=8000 \
    TAGIFAI_DB=/app/data/predictions.sqlite
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Production dependencies only. --ignore-scripts skips our own `prepare` (a TypeScript build:
# dist/ comes from the build stage); `npm rebuild better-sqlite3` then runs that one native
# install (prebuilt binary, or a compile). The compilers are installed and purged in the same
# layer, so none of them stays in the image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force \
 && apt-get purge -y python3 make g++ && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /root/.cache
COPY --from=build /app/dist ./dist
COPY models ./models
# The node image ships a `node` user (uid 1000); the data folder is the only writable path.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8000
# Liveness only: /healthz answers while the process runs. Readiness (/readyz) is for load balancers.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.TAGIFAI_PORT || 8000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/classifier/main.js"]
