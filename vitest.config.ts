import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// One runner, one project per layer: pure code in Node, the widget in happy-dom,
// the Worker inside workerd (real Durable Objects with SQLite), e2e in real Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "shared", include: ["test/shared/**/*.test.ts"], environment: "node" },
      },
      {
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "widget",
          include: ["test/widget/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
        },
      },
      {
        // RECEIPT_KEY, OPERATOR_KEY and TURNSTILE_SECRET are secrets in production (`wrangler
        // secret put`); tests get fixed ones here.
        plugins: [
          // The local entry (the demo site seeded), as `npm start` runs it; production's has none.
          cloudflareTest({
            main: "./worker/index.local.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                RECEIPT_KEY: "test-only-receipt-key-0123456789abcdef",
                OPERATOR_KEY: "test-only-operator-key-0123456789abcdef",
                // Never sent anywhere: Turnstile tests answer for siteverify (createApp's fetch).
                TURNSTILE_SECRET: "test-only-turnstile-secret",
              },
            },
          }),
        ],
        test: { name: "worker", include: ["test/worker/**/*.test.ts"], testTimeout: 30_000 },
      },
      {
        // npm pack, installed into a fresh project, type-checked and bundled (slow: own project).
        test: {
          name: "package",
          include: ["test/package/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
