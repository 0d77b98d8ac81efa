/**
 * The layer rules of eslint.config.js, run through ESLint itself on files that break them (given
 * as text with the path they would have; nothing is written): each must fail `npm run lint`.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';

const eslint = new ESLint({ cwd: repoRoot });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', () => {
  it('refuse imports that run up the layers', async () => {
    const up: Array<[string, string]> = [
      ['src-main/core/x.ts', "import { Store } from '../store/store.js';"],
      ['src-main/store/x.ts', "import type { HubContext } from '../hub/types.js';"],
      ['src-main/sync/x.ts', "import { LockService } from '../locks/service.js';"],
      ['src-main/locks/x.ts', "import { repoDir } from '../hub/repo-paths.js';"],
      ['src-main/logic/x.ts', "import { listRemotes } from '../client/remotes.js';"],
      ['src-main/hub/routes/x.ts', "import { run } from '../../cli/main.js';"],
      ['src-main/client/x.ts', "import { boot } from '../electron/main.js';"],
    ];
    for (const [file, code] of up) {
      expect((await problems(file, `${code}\nexport {};\n`)).join(), file).toMatch(/up the layers/);
    }
  });

  it('allow imports down the layers and within one', async () => {
    const down: Array<[string, string]> = [
      ['src-main/hub/x.ts', "import { LockService } from '../locks/service.js';"],
      ['src-main/hub/routes/x.ts', "import { Mutex } from '../../core/mutex.js';"],
      ['src-main/locks/x.ts', "import { mkdirOne } from '../store/fsutil.js';"],
      ['src-main/sync/x.ts', "import type { Store } from '../store/store.js';"],
      ['src-main/hub/x.ts', "import { listRemotes } from '../client/remotes.js';"],
      ['src-main/store/x.ts', "import { createApiClient } from '../../src-shared/api/client.js';"],
    ];
    for (const [file, code] of down) {
      expect(await problems(file, `${code}\nexport {};\n`), file).toEqual([]);
    }
  });

  it('keep src-shared free of Node, and electron inside src-main/electron', async () => {
    expect(await problems('src-shared/x.ts', "import * as fs from 'node:fs';\n")).toHaveLength(1);
    expect(await problems('src-shared/x.ts', "import path from 'path';\n")).toHaveLength(1);
    expect(
      await problems('src-shared/x.ts', "import { createHub } from '../src-main/hub/app.js';\n"),
    ).toHaveLength(1);
    expect(await problems('src-main/hub/x.ts', "import { app } from 'electron';\n")).toHaveLength(
      1,
    );
    expect(await problems('src-main/electron/x.ts', "import { app } from 'electron';\n")).toEqual(
      [],
    );
  });

  it('keep src-main out of the renderer', async () => {
    expect(
      await problems('src-renderer/x.ts', "import { createHub } from '../src-main/hub/app.js';\n"),
    ).toHaveLength(1);
    expect(
      await problems('src-renderer/x.ts', "import { readFile } from 'node:fs';\n"),
    ).toHaveLength(1);
    expect(
      await problems('src-renderer/x.ts', "import { api } from '../src-shared/api/routes.js';\n"),
    ).toEqual([]);
  });
});
