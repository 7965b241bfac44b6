import { sveltekit } from '@sveltejs/kit/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // ANALYZE=1 npx vite build: source maps, to see what a page's JavaScript is made of (bench/room/weight.ts).
  build: { sourcemap: process.env.ANALYZE === '1' },
  resolve: {
    // PeerJS's webrtc-adapter: only its browser detection (src/lib/rtc/webrtc-adapter.ts explains why).
    alias: [{ find: /^webrtc-adapter$/, replacement: fileURLToPath(new URL('./src/lib/rtc/webrtc-adapter.ts', import.meta.url)) }]
  },
  test: {
    // One PostgreSQL per run (CI's TEST_DATABASE_URL or an embedded one) with a migrated template database.
    globalSetup: ['tests/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'server/**/*.test.ts'], environment: 'node' }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
});
