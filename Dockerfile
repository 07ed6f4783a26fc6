# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production ones only.
# Node 24, a maintained LTS (with npm 11): Node 20 reached its end of life in April 2026. The code
# still runs on Node 20.19+ (package.json engines), as on the development machines.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
# Issue 15: resident memory under load below 300 MB per process (docs/performance.md): fewer glibc
# malloc arenas, and V8 collects its old space before it grows past 256 MB (the live set is ~60 MB).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY --from=build /app/seeds/referentials ./seeds/referentials
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "--max-old-space-size=256", "dist/apps/api/src/main.js"]
