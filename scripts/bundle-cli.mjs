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

/**
 * zod's `z.locales` namespace re-exports its error messages in ~45 languages; as a namespace it
 * cannot be tree-shaken, and it made the chunk that holds zod 757 KB instead of 393, ~38 ms of
 * every command's start (docs/benchmarks.md). auxin never sets a locale: zod's schemas import
 * English directly (`classic/schemas.js`), so only the unused namespace becomes empty.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'unused' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

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
  plugins: [withoutZodLocales],
});
chmodSync(path.join(outdir, 'auxin.js'), 0o755);
