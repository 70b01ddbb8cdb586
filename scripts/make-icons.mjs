#!/usr/bin/env node
// Draws Mantra's app and tray icons into build/ as PNGs, with nothing but node:zlib.
// Output is deterministic, so re-running it leaves committed files untouched.
//
//   build/icon.png                          256x256 app icon (electron-builder default)
//   build/icons/<n>x<n>.png                 app icon at 16..512 (electron-builder linux.icon dir)
//   build/tray/tray-<state>.png, @2x        16/32 px, violet glyph for light panels
//   build/tray/tray-<state>-dark.png, @2x   16/32 px, pale glyph for dark panels
//   build/tray/tray<State>Template.png, @2x macOS template images (black + alpha); Electron
//                                           only treats a file as a template when its name
//                                           ends in "Template", hence the camel case.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const VIOLET = [0x7c, 0x5c, 0xff];
const PALE = [0xd9, 0xd0, 0xff];
const WHITE = [0xff, 0xff, 0xff];
const BLACK = [0, 0, 0];

// ---- PNG encoding (RGBA, 8 bit, no interlace) ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---- Shapes: predicates over unit coordinates (0..1, y down) ----
const disk = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
// A petal (vesica) standing on (bx, by), height h, half-width w, leaning by `deg` degrees.
function petal(bx, by, h, w, deg) {
  const R = (h * h + w * w) / (2 * w);
  const d = R - w;
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return (x, y) => {
    // into the petal's frame: origin at its middle, tip pointing to -v
    const dx = x - bx;
    const dy = y - by;
    const u = dx * cos + dy * sin;
    const v = -dx * sin + dy * cos + h;
    return (u - d) ** 2 + v * v <= R * R && (u + d) ** 2 + v * v <= R * R;
  };
}
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));

// Three petals; the middle one is cut free of the side ones by a thin violet halo.
const sidePetals = union(petal(0.5, 0.7, 0.2, 0.08, -48), petal(0.5, 0.7, 0.2, 0.08, 48));
const LOTUS = [
  [sidePetals, WHITE],
  [petal(0.5, 0.72, 0.28, 0.13, 0), VIOLET],
  [petal(0.5, 0.7, 0.24, 0.1, 0), WHITE],
];
// Layers are painted bottom to top: [shape, rgb]; the inner ring only reads from 48 px up.
const app = (size) => [[disk(0.5, 0.5, 0.47), VIOLET], ...(size >= 48 ? [[ring(0.5, 0.5, 0.405, 0.028), WHITE]] : []), ...LOTUS];
const TRAY = {
  idle: ring(0.5, 0.5, 0.44, 0.16),
  waiting: union(ring(0.5, 0.5, 0.44, 0.13), disk(0.5, 0.5, 0.17)),
  paused: union(ring(0.5, 0.5, 0.44, 0.13), rect(0.35, 0.31, 0.45, 0.69), rect(0.55, 0.31, 0.65, 0.69)),
};

// Supersampled rasteriser: coverage per layer, composited "over" in straight alpha.
function render(size, layers, ss = 8) {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, rgb] of layers) {
        let hits = 0;
        for (let sy = 0; sy < ss; sy++) {
          for (let sx = 0; sx < ss; sx++) {
            if (shape((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)) hits++;
          }
        }
        const la = hits / (ss * ss);
        if (la === 0) continue;
        const na = la + a * (1 - la);
        r = (rgb[0] * la + r * a * (1 - la)) / na;
        g = (rgb[1] * la + g * a * (1 - la)) / na;
        b = (rgb[2] * la + b * a * (1 - la)) / na;
        a = na;
      }
      const i = (py * size + px) * 4;
      out[i] = Math.round(r);
      out[i + 1] = Math.round(g);
      out[i + 2] = Math.round(b);
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

function write(rel, size, layers) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodePng(size, render(size, layers)));
  return rel;
}

const written = [write('build/icon.png', 256, app(256))];
for (const n of [16, 32, 48, 64, 128, 256, 512]) written.push(write(`build/icons/${n}x${n}.png`, n, app(n)));
for (const [state, shape] of Object.entries(TRAY)) {
  const State = state[0].toUpperCase() + state.slice(1);
  for (const [scale, size] of [
    ['', 16],
    ['@2x', 32],
  ]) {
    written.push(write(`build/tray/tray-${state}${scale}.png`, size, [[shape, VIOLET]]));
    written.push(write(`build/tray/tray-${state}-dark${scale}.png`, size, [[shape, PALE]]));
    written.push(write(`build/tray/tray${State}Template${scale}.png`, size, [[shape, BLACK]]));
  }
}
console.log(`make-icons: wrote ${written.length} PNGs under build/`);
