# The lab as one container: a production build served by `next start`.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 RAGCAMP_DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
EXPOSE 3000
VOLUME /data
CMD ["npx", "next", "start", "-p", "3000", "-H", "0.0.0.0"]
