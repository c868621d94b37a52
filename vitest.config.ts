import { configDefaults, defineConfig } from 'vitest/config';
import { skipReasons } from './test/helpers/skip-reasons.js';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // A project of its own, installed from the packed tarballs by test/packages.install.test.ts.
    exclude: [...configDefaults.exclude, 'test/consumer-project/**'],
    // The default output, plus one line per check skipped as a whole, saying why.
    reporters: ['default', skipReasons],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
