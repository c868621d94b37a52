import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['@assistants-mock/server/vitest-setup'] },
});
