// Draws the menubar's template images (black on transparent, so macOS tints them for light and
// dark menu bars) and the app icon, as PNGs written with node:zlib: no downloaded assets.
// `node scripts/draw-tray-icons.mjs` writes resources/tray/<state>Template.png, its @2x, and
// resources/icon.png. The shapes are described in a 16-unit square and supersampled.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** An RGBA PNG from a width x height x 4 byte array. */
export function png(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in a 16 x 16 unit square: each a function (x, y) -> inside?
const rect =
  (x0, y0, x1, y1, r = 0) =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
const ring =
  (cx, cy, r0, r1, from = -Math.PI, to = Math.PI) =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    const a = Math.atan2(y - cy, x - cx);
    return d >= r0 && d <= r1 && a >= from && a <= to;
  };
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const tri = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const d1 = s(ax, ay, bx, by),
    d2 = s(bx, by, cx, cy),
    d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const line = (x0, y0, x1, y1, w) => (x, y) => {
  const dx = x1 - x0,
    dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - x0 - t * dx, y - y0 - t * dy) <= w / 2;
};
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

// The padlock: a body and a shackle; open lifts the shackle's right leg off the body.
const body = rect(3, 7.5, 13, 14.5, 1.5);
const hollowBody = minus(body, rect(4.6, 9.1, 11.4, 12.9, 0.6));
const shackle = (open) =>
  union(
    ring(8, 5.5, 2.6, 4, -Math.PI, 0),
    rect(4, 5.5, 5.4, 7.6),
    open ? rect(10.6, 5.5, 12, 6.2) : rect(10.6, 5.5, 12, 7.6),
  );
const openShackle = (x, y) => shackle(true)(x + 0, y + 1.6) && y < 6.5;

export const SHAPES = {
  // All free: an open padlock.
  free: union(hollowBody, openShackle),
  // I hold locks: a closed, solid padlock with a keyhole.
  mine: union(minus(body, union(disc(8, 10.4, 1.1), rect(7.5, 10.4, 8.5, 12.8))), shackle(false)),
  // A teammate holds a lock or pushed: a closed outline padlock and a dot to look at.
  // (the padlock at 80 %, bottom left, so the dot does not cut its shackle).
  teammate: union(
    minus(
      (x, y) => union(hollowBody, shackle(false))(x / 0.8, 16 - (16 - y) / 0.8),
      disc(13, 3.6, 3.3),
    ),
    disc(13, 3.6, 2.5),
  ),
  // Syncing: two arrows chasing round a circle.
  syncing: union(
    ring(8, 8, 4.6, 6, -Math.PI * 0.95, -Math.PI * 0.12),
    tri(12.2, 3.2, 15.6, 7.2, 10.4, 8.2),
    ring(8, 8, 4.6, 6, Math.PI * 0.05, Math.PI * 0.88),
    tri(3.8, 12.8, 0.4, 8.8, 5.6, 7.8),
  ),
  // Hub offline or in error: the padlock outline struck through.
  offline: minus(
    union(
      minus(union(hollowBody, shackle(false)), line(1.5, 1.5, 14.5, 14.5, 3.2)),
      line(2, 2, 14, 14, 1.4),
    ),
    () => false,
  ),
};

/** Rasterise a shape at `size` px, supersampled 4 x 4, black with coverage as alpha. */
export function raster(shape, size, color = [0, 0, 0]) {
  const buf = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hit = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) * 16) / size;
          const y = ((py + (sy + 0.5) / n) * 16) / size;
          if (shape(x, y)) hit++;
        }
      const o = (py * size + px) * 4;
      buf[o] = color[0];
      buf[o + 1] = color[1];
      buf[o + 2] = color[2];
      buf[o + 3] = Math.round((hit / (n * n)) * 255);
    }
  }
  return buf;
}

/** The app icon: the closed padlock, white on a rounded indigo square (macOS icon grid). */
function appIcon(size) {
  const buf = Buffer.alloc(size * size * 4);
  const squircle = rect(1.6, 1.6, 14.4, 14.4, 3.2);
  const lock = union(
    minus(body, union(disc(8, 10.4, 1.1), rect(7.5, 10.4, 8.5, 12.8))),
    shackle(false),
  );
  const inner = (x, y) => lock((x - 8) / 0.62 + 8, (y - 8.6) / 0.62 + 8);
  const n = 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let a = 0,
        w = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) * 16) / size;
          const y = ((py + (sy + 0.5) / n) * 16) / size;
          if (squircle(x, y)) a++;
          if (inner(x, y)) w++;
        }
      const t = py / size;
      const bg = [Math.round(70 - 30 * t), Math.round(60 - 20 * t), Math.round(200 - 60 * t)];
      const k = w / (n * n);
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) buf[o + c] = Math.round(bg[c] * (1 - k) + 255 * k);
      buf[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return buf;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const dir = path.join(root, 'resources', 'tray');
  mkdirSync(dir, { recursive: true });
  for (const [name, shape] of Object.entries(SHAPES)) {
    writeFileSync(path.join(dir, `${name}Template.png`), png(16, 16, raster(shape, 16)));
    writeFileSync(path.join(dir, `${name}Template@2x.png`), png(32, 32, raster(shape, 32)));
  }
  writeFileSync(path.join(root, 'resources', 'icon.png'), png(1024, 1024, appIcon(1024)));
  console.log(`wrote ${Object.keys(SHAPES).length * 2} tray images and resources/icon.png`);
}
