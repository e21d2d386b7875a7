import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database and process tests share PostgreSQL and the CPU with each other; two cores.
    maxWorkers: 2,
  },
});
