import { deflateSync } from 'node:zlib';
import { crc32 } from './zip.js';

/**
 * The Teams app icons, drawn in code so that no image tool or package is needed: two linked
 * rings (連携, working together). Teams wants a 192×192 full-colour icon and a 32×32 outline
 * icon that is white on a transparent background.
 */

export const ACCENT = { hex: '#2B5797', rgb: [0x2b, 0x57, 0x97] } as const;

type Rgba = [number, number, number, number];

/** RGBA pixels as a PNG (8-bit, colour type 6, no interlace, filter 0 on every row). */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/** How much of a pixel lies inside a ring band, with a one-pixel soft edge for anti-aliasing. */
function ringCoverage(x: number, y: number, cx: number, cy: number, radius: number, thickness: number): number {
  const distance = Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius) - thickness / 2;
  return Math.min(1, Math.max(0, 0.5 - distance));
}

function roundedSquareCoverage(x: number, y: number, size: number, corner: number): number {
  const px = x + 0.5;
  const py = y + 0.5;
  const dx = Math.max(corner - px, px - (size - corner), 0);
  const dy = Math.max(corner - py, py - (size - corner), 0);
  return Math.min(1, Math.max(0, 0.5 - (Math.hypot(dx, dy) - corner)));
}

const rings = (x: number, y: number, scale: number) => {
  const r = 20 * scale;
  const t = 6 * scale;
  return Math.max(ringCoverage(x, y, 39 * scale, 48 * scale, r, t), ringCoverage(x, y, 57 * scale, 48 * scale, r, t));
};

/** 192×192: white rings on the accent colour, in a rounded square. */
export function colorIcon(): Buffer {
  const [r, g, b] = ACCENT.rgb;
  return encodePng(192, 192, (x, y) => {
    const inside = roundedSquareCoverage(x, y, 192, 36);
    const ring = rings(x, y, 2);
    const mix = (c: number) => Math.round(c * (1 - ring) + 255 * ring);
    return [mix(r), mix(g), mix(b), Math.round(255 * inside)];
  });
}

/** 32×32: the same rings, white on transparent. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y) => [255, 255, 255, Math.round(255 * rings(x, y, 1 / 3))]);
}
