import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { colorIcon, outlineIcon } from './png-icons.js';
import { zip } from './zip.js';

/**
 * The Teams app package: a zip of manifest.json and the two icons at its root, which is what
 * Teams admins upload (or the Developer Portal imports). With the bot's Microsoft App ID given,
 * it replaces the placeholder app and bot ids of the checked-in manifest.
 */

const manifestShape = z.looseObject({
  id: z.string(),
  icons: z.object({ color: z.string().min(1), outline: z.string().min(1) }),
  bots: z.array(z.looseObject({ botId: z.string() })).min(1),
});

export function teamsPackage(manifestDir: string, appId?: string): Buffer {
  const raw: unknown = JSON.parse(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'));
  const manifest = manifestShape.parse(raw);
  const final = appId ? { ...manifest, id: appId, bots: manifest.bots.map((b) => ({ ...b, botId: appId })) } : manifest;
  const icon = (path: string) => ({ name: basename(path), data: readFileSync(join(manifestDir, path)) });
  return zip([{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(final, null, 2)}\n`, 'utf8') }, icon(final.icons.color), icon(final.icons.outline)]);
}

export function writeTeamsPackage(manifestDir: string, outFile: string, appId?: string): number {
  const bytes = teamsPackage(manifestDir, appId);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, bytes);
  return bytes.length;
}

/** Redraws the icons next to the manifest (they are checked in; run after changing the drawing). */
export function writeTeamsIcons(manifestDir: string): void {
  writeFileSync(join(manifestDir, 'color.png'), colorIcon());
  writeFileSync(join(manifestDir, 'outline.png'), outlineIcon());
}
