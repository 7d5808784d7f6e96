import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, for CI logs, each project's file time, the slowest test files (where the suite's time goes) and one closing
 * line for the whole run, "N passed, N failed, N skipped". Every file's time is also written to
 * test-results/timings.json, to find what to speed up.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // A file that failed outside any test (an import or beforeAll error) counts as a failure too.
      const testFailed = [...module.children.allTests()].some((test) => test.result().state === 'failed');
      if (module.state() === 'failed' && !testFailed) failed += 1;
    }
    const timed = testModules
      .map((module) => {
        const d = module.diagnostic();
        return { name: `${module.project.name}: ${module.relativeModuleId}`, ms: d.duration + d.collectDuration };
      })
      .sort((a, b) => b.ms - a.ms);
    const total = timed.reduce((sum, t) => sum + t.ms, 0);
    const perProject = new Map<string, { files: number; ms: number }>();
    for (const module of testModules) {
      const d = module.diagnostic();
      const p = perProject.get(module.project.name) ?? { files: 0, ms: 0 };
      perProject.set(module.project.name, { files: p.files + 1, ms: p.ms + d.duration + d.collectDuration });
    }
    const projects = [...perProject]
      .map(([name, p]) => `  ${(p.ms / 1000).toFixed(0).padStart(7)} s  ${name} (${p.files} files)`)
      .join('\n');
    process.stdout.write(`\nFile time per project:\n${projects}\n`);
    try {
      mkdirSync('test-results', { recursive: true });
      writeFileSync('test-results/timings.json', JSON.stringify(timed, null, 1));
    } catch {
      // Timings are a help, not a result: a read-only checkout still reports.
    }
    const lines = timed.slice(0, 15).map((t) => `  ${(t.ms / 1000).toFixed(1).padStart(7)} s  ${t.name}`);
    process.stdout.write(
      `\nSlowest test files (${(total / 1000).toFixed(0)} s of file time in all, across workers):\n${lines.join('\n')}\n`,
    );
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
