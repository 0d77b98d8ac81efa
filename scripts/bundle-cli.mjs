// The `auxin` command as shipped: tsc's output of src-main/cli/main.ts bundled by esbuild into
// dist/cli/auxin.js, one chunk per command (still loaded only when that command runs) and shared
// chunks beside it. A command then loads a few files instead of ~170 (zod alone is 95), which
// took ~100 ms of every start here (docs/benchmarks.md). Packages other than zod stay external:
// native addons, and the hub's koa, pino, ioredis and chokidar, which load their own files.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundled = new Set(['zod']);
const outdir = path.join(root, 'dist/cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { auxin: 'dist/src-main/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((name) => !bundled.has(name)),
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
chmodSync(path.join(outdir, 'auxin.js'), 0o755);
