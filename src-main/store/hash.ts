import { createRequire } from 'node:module';

/**
 * BLAKE3, behind one small module so the implementation can change. The native
 * `@napi-rs/blake-hash` runs at ~5.6 GB/s; `hash-wasm` (~0.8 GB/s) is the fallback when the
 * native addon has no binary for this platform.
 */
export interface Hasher {
  update(data: Uint8Array): Hasher;
  /** Lowercase hex, 64 chars. */
  digestHex(): string;
}

interface Backend {
  name: string;
  create(): Hasher;
  oneShot(data: Uint8Array): string;
}

type Native = typeof import('@napi-rs/blake-hash');

/**
 * The addon's own binary package for this platform, required directly: the package's index.js
 * first tells glibc from musl with `process.report.getReport()`, ~9 ms of every command's start
 * here. A binary that does not fit this libc fails to load and the next is tried; the package's
 * own loader is the last resort.
 */
function loadNative(): Native {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('@napi-rs/blake-hash'));
  const { platform, arch } = process;
  const names =
    platform === 'linux'
      ? [`linux-${arch}-gnu`, `linux-${arch}-musl`]
      : platform === 'win32'
        ? [`win32-${arch}-msvc`]
        : [`${platform}-${arch}`];
  for (const name of names) {
    try {
      return fromPackage(`@napi-rs/blake-hash-${name}`) as Native;
    } catch {
      // not installed for this platform, or built for another libc
    }
  }
  return fromPackage('@napi-rs/blake-hash') as Native;
}

async function loadBackend(): Promise<Backend> {
  if (!process.env.AUXIN_FORCE_WASM_BLAKE3) {
    try {
      const native = loadNative();
      const probe = native.blake3(Buffer.from('abc')).toString('hex');
      if (probe.length === 64) {
        const toBuf = (d: Uint8Array) =>
          Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);
        return {
          name: 'native',
          oneShot: (d) => native.blake3(toBuf(d)).toString('hex'),
          create() {
            const h = new native.Blake3Hasher();
            const self: Hasher = {
              update(d) {
                h.update(toBuf(d));
                return self;
              },
              digestHex: () => h.digestBuffer().toString('hex'),
            };
            return self;
          },
        };
      }
    } catch {
      // fall through to WebAssembly
    }
  }
  const { createBLAKE3 } = await import('hash-wasm');
  const wasm = await createBLAKE3();
  // One WebAssembly instance serves every hasher: each keeps its own saved state, so
  // create() stays synchronous and any number of hashers can be interleaved.
  const initial = wasm.init().save();
  return {
    name: 'wasm',
    oneShot: (d) => wasm.init().update(d).digest('hex'),
    create() {
      let state = initial;
      const self: Hasher = {
        update(d) {
          wasm.load(state);
          wasm.update(d);
          state = wasm.save();
          return self;
        },
        digestHex() {
          wasm.load(state);
          return wasm.digest('hex');
        },
      };
      return self;
    },
  };
}

const backend = await loadBackend();

export const hashBackend: string = backend.name;

/** BLAKE3 of `data`, lowercase hex. */
export function blake3Hex(data: Uint8Array): string {
  return backend.oneShot(data);
}

/** An incremental BLAKE3 hasher; call digestHex() exactly once. */
export function createHasher(): Hasher {
  return backend.create();
}

export const ID_RE = /^[0-9a-f]{64}$/;
