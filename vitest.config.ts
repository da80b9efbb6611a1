import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The whole suite runs on the embedded database; when TEST_DATABASE_URL is set it runs again, as a
// second project, on that PostgreSQL database (pure domain and adapter tests need no database and run once).
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'embedded',
          include: ['test/**/*.test.ts'],
          // test/postgres: races between transactions on several connections; the embedded database has one.
          exclude: ['test/postgres/**'],
          env: { KASSA_TEST_DB: 'embedded' },
          // The browser tests (test/web) serve the built app: build it first when it is missing or stale.
          globalSetup: ['test/support/web-build-setup.ts'],
        },
      },
      // The web app's components and formatting, in a simulated DOM (no server, no database).
      {
        plugins: [react()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://kassa.test/' } },
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'postgres',
                include: ['test/**/*.test.ts'],
                exclude: ['test/domain/**', 'test/adapters/**'],
                env: { KASSA_TEST_DB: 'postgres' },
                globalSetup: ['test/support/postgres-setup.ts', 'test/support/web-build-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
