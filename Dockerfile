# canirun: multi-stage build (ADAPTERS.md §4.1).
#   docker build -t canirun .
#   docker run --rm -e DISCORD_TOKEN=… -p 3000:3000 canirun
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 installs production dependencies
# only, copies the compiled output and the catalog, and runs as the unprivileged `node` user.
# Node ≥ 20: @slack/bolt 5, @slack/web-api 8, socket-mode 3 and undici 7 require it.

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# dependencies first, so source edits do not invalidate the npm ci layer;
# --ignore-scripts: `prepare` would run tsc before the sources are copied
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY bench ./bench
COPY catalog ./catalog
# the one-shot CLI's esbuild bundle step (dist/cli/, see the script); it trains the bundle's code
# cache through bin/canirun.js's loader
COPY scripts/bundle-cli.mjs ./scripts/bundle-cli.mjs
COPY bin ./bin
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` runs tsc, a dev dependency that is not installed here
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY catalog ./catalog
# the chart font (src/chart/chart-png.ts loads it explicitly; the image has no system fonts)
COPY assets ./assets
COPY bin ./bin
USER node
EXPOSE 3000
# docker stop sends SIGTERM: canirun stops taking work, finishes in-flight answers within
# SHUTDOWN_TIMEOUT_MS (default 8 s, under Docker's 10 s grace period), closes, and exits 0.
STOPSIGNAL SIGTERM
# node:*-slim has no curl; probe /healthz with node's own fetch (503 while an adapter is down)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# tsconfig's rootDir is the repository root, so src/main.ts compiles to dist/src/main.js.
# The V8 flags are npm start's (package.json): the bot's heap is under 40 MB, and V8's default
# 16 MB young-generation semi-spaces tripled its RSS (bench/run.ts), while 4 MB halves the
# scavenges of 2 MB (365 -> 181 per 10,000 answers, each ~0.4 ms whatever survives) for ~6 MB more
# (README, Performance); one background GC worker
# (--v8-pool-size=1) marks and compacts beside the main thread, so no full collection stops an
# answer for 20-40 ms, as the single-threaded collector did (hostile worst line 22 -> 8 ms).
CMD ["node", "--max-semi-space-size=4", "--v8-pool-size=1", "dist/src/main.js"]
