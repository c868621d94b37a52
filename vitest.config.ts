import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // A project of its own, installed from the packed tarballs by test/packages.install.test.ts.
    exclude: [...configDefaults.exclude, 'test/consumer-project/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
