import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import hearth from '../../eslint-rules/module-boundaries.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const linter = new Linter({ configType: 'flat', cwd: ROOT });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    plugins: { hearth },
    rules: { 'hearth/module-boundaries': ['error', { root: ROOT }] },
  },
];
const lint = (file: string, code: string) =>
  linter.verify(code, config, { filename: path.join(ROOT, file) }).map((m) => m.message);

describe('the module boundary lint rule', () => {
  it("refuses an import of another module's inner file", () => {
    const problems = lint('src/modules/early-help/service.ts', "import { scorePair } from '../people/matching.ts';");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("reaches inside the people module. Import what you need from '../people/index.ts'");
  });

  it('refuses it from a sub-folder and from the app wiring too', () => {
    expect(lint('src/modules/early-help/plan/routes.ts', "import { x } from '../../directory/types.ts';")).toHaveLength(
      1,
    );
    expect(lint('src/app.ts', "import { x } from './modules/front-door/hub/service.ts';")).toHaveLength(1);
    expect(lint('src/demo/seed.ts', "export { x } from '../modules/front-door/answers.ts';")).toHaveLength(1);
  });

  it("allows the other module's index.ts, and anything inside one's own module", () => {
    expect(lint('src/modules/early-help/service.ts', "import { PeopleService } from '../people/index.ts';")).toEqual(
      [],
    );
    expect(lint('src/modules/early-help/plan/service.ts', "import { x } from '../service.ts';")).toEqual([]);
    expect(lint('src/modules/early-help/plan/service.ts', "import { x } from '../../../platform/db/ids.ts';")).toEqual(
      [],
    );
  });

  it('refuses any module import from the platform', () => {
    expect(lint('src/platform/http/errors.ts', "import { x } from '../../modules/people/index.ts';")).toEqual([
      "The platform imports no module: '../../modules/people/index.ts' is inside src/modules/people.",
    ]);
  });

  it('leaves tests and scripts outside src free to drive a module from inside', () => {
    expect(lint('scripts/match.ts', "import { x } from '../src/modules/people/matching.ts';")).toEqual([]);
  });

  it("is switched on for every file in src by the project's lint configuration", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const resolved = await eslint.calculateConfigForFile(path.join(ROOT, 'src/modules/early-help/service.ts'));
    expect(resolved.rules?.['hearth/module-boundaries']?.[0]).toBe(2);
    // Loading the type-aware lint configuration takes seconds on a busy machine: no time limit is being tested.
  }, 60_000);
});
