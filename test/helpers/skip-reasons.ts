import type { Reporter } from 'vitest/node';

/**
 * Prints, after the run, why whole checks were skipped: a suite skipped with `describe.skipIf(...)` is
 * named after its reason (`OpenAPI checks skipped: <path> is not present beside this clone`), and the
 * default reporter shows only a count of skipped tests. Suites skipped by a `-t` filter are not listed.
 */
export const skipReasons: Reporter = {
  onTestRunEnd(testModules) {
    const reasons = testModules.flatMap((module) =>
      [...module.children.allSuites()]
        .filter((suite) => suite.options.mode === 'skip' && / skipped: /.test(suite.name))
        .map((suite) => `  ${module.moduleId.replace(`${process.cwd()}/`, '')}: ${suite.name}`),
    );
    if (reasons.length > 0) console.log(`\nSkipped, and why:\n${[...new Set(reasons)].join('\n')}\n`);
  },
};
