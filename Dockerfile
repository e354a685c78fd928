# Untested here (no Docker engine on the development machines); kept simple so it can be checked by reading.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run check && npm run build && npm prune --omit=dev
# The word lists' validated copy (read at import, next to the code in .cache/); the catalogue's
# goes to CACHE_DIR on the data volume at the first start.
RUN rm -rf .cache && node --input-type=module -e "await import('./dist/knowledge/words.js')"

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/qoldau.sqlite CACHE_DIR=/data/cache
WORKDIR /app
# DejaVu Serif is embedded in the PDF documents parents get (every Kazakh letter).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
RUN groupadd --system qoldau && useradd --system --gid qoldau --home /app qoldau \
  && mkdir -p /data && chown qoldau:qoldau /data
COPY --from=build --chown=qoldau:qoldau /app/node_modules ./node_modules
COPY --from=build --chown=qoldau:qoldau /app/package.json ./
COPY --from=build --chown=qoldau:qoldau /app/dist ./dist
COPY --from=build --chown=qoldau:qoldau /app/.cache ./.cache
COPY --from=build --chown=qoldau:qoldau /app/knowledge ./knowledge
COPY --from=build --chown=qoldau:qoldau /app/flows ./flows
COPY --from=build --chown=qoldau:qoldau /app/locales ./locales
COPY --from=build --chown=qoldau:qoldau /app/demo ./demo
COPY --from=build --chown=qoldau:qoldau /app/public ./public
USER qoldau
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The compiled JavaScript, as `npm start` runs it, with the same larger young generation (many
# short-lived objects per Telegram update).
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
