import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser and end-to-end tests share two cores with Chromium and servers: give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: process.env['CI'] ? 1 : 0,
    pool: 'forks',
  },
});
