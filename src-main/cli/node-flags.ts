/**
 * The Node.js flags every `auxin` process runs with: the bin's shebang (main.ts), `npm run hub`,
 * the benchmarks and the tests' hub processes all pass exactly these, and the desktop app's hub
 * process gets them as its utilityProcess `execArgv` (src-main/electron/hub.ts). Change them
 * here and in those two literal places together.
 *
 * `--single-threaded-gc`: V8 otherwise spreads each collection over helper threads. On a push
 * the hub's helpers burned 0.5 to 1.4 CPU-s per GiB received while the main thread's own GC time
 * did not shrink, and a hub shares its cores with the client and the disk: with one thread, a
 * 1 GiB push over loopback was 10 to 20 % faster in each of four paired runs (docs/benchmarks.md).
 *
 * `--max-semi-space-size=1` (MiB): V8's young generation otherwise grows to 16 MiB semi-spaces,
 * 32 MiB committed while a clone used under 4 of it, and scavenged so seldom that the 64 KiB
 * socket buffers it points at pile up (tens of MiB) before they are freed. With 1 MiB the
 * clone's peak RSS fell by ~30 MiB for 256 MiB and 4 GiB projects at no measurable CPU cost
 * (docs/benchmarks.md).
 */
export const AUXIN_NODE_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=1'] as const;
