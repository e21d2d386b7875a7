import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { teamsPackage, writeTeamsPackage } from '../../src/channels/teams/app-package.js';
import { colorIcon, outlineIcon } from '../../src/channels/teams/png-icons.js';
import { crc32 } from '../../src/channels/teams/zip.js';
import { decodePng, unzip } from '../support/teams-png.js';

const manifestDir = join(projectRoot, 'manifest', 'teams');
const manifest: unknown = JSON.parse(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'));
const schema: unknown = JSON.parse(readFileSync(new URL('./fixtures/teams-manifest-v1.22.subset.schema.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'renkei-teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validate = (value: unknown) => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  if (typeof schema !== 'object' || schema === null) throw new Error('schema is not an object');
  const check = ajv.compile(schema);
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};

describe('Teams app manifest and package', () => {
  it('satisfies the manifest schema (v1.22), with the bot in personal, team and group chat scopes and its commands', () => {
    expect(validate(manifest)).toEqual([]);
    const m = z
      .looseObject({ bots: z.array(z.looseObject({ scopes: z.array(z.string()), commandLists: z.array(z.looseObject({ commands: z.array(z.looseObject({ title: z.string() })) })) })) })
      .parse(manifest);
    expect(m.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0]?.commandLists[0]?.commands.map((c) => c.title)).toEqual(['start', 'resume', 'review', 'lang', 'help']);
  });

  it('has a schema strict enough to refuse what Teams would refuse', () => {
    const record = z.record(z.string(), z.unknown());
    const { icons: _icons, ...broken } = record.parse(manifest);
    const developer = record.parse(broken.developer);
    const problems = validate({ ...broken, name: { short: 'A name much longer than thirty characters' }, developer: { ...developer, websiteUrl: 'http://insecure.example' }, botz: [] });
    expect(problems.join('\n')).toMatch(/name\/short/);
    expect(problems.join('\n')).toMatch(/websiteUrl/);
    expect(problems.join('\n')).toMatch(/icons/);
    expect(problems.join('\n')).toMatch(/additional properties/);
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is white on transparent, as drawn by the code', () => {
    const color = decodePng(readFileSync(join(manifestDir, 'color.png')));
    const outline = decodePng(readFileSync(join(manifestDir, 'outline.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = [outline.rgba[i], outline.rgba[i + 1], outline.rgba[i + 2], outline.rgba[i + 3]];
      if ((a ?? 0) > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque += 1;
    }
    expect(opaque).toBeGreaterThan(50);
    expect(outline.rgba[3]).toBe(0);
    // The checked-in files are the drawing's output: regenerate them with `npm run teams:package -- --icons`.
    expect(readFileSync(join(manifestDir, 'color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(manifestDir, 'outline.png')).equals(outlineIcon())).toBe(true);
  });

  it('packages manifest.json and both icons at the root of a valid zip, filling in the app id', () => {
    const appId = '6d2b0f4e-1a3c-4e5f-9a7b-0c1d2e3f4a5b';
    const out = join(dir, 'renkei-teams.zip');
    const bytes = writeTeamsPackage(manifestDir, out, appId);
    const archive = readFileSync(out);
    expect(archive.length).toBe(bytes);
    const files = unzip(archive);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const packed: unknown = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '');
    expect(packed).toMatchObject({ id: appId, bots: [{ botId: appId }] });
    expect(validate(packed)).toEqual([]);
    expect(files.get('color.png')?.equals(readFileSync(join(manifestDir, 'color.png')))).toBe(true);
    expect(files.get('outline.png')?.equals(readFileSync(join(manifestDir, 'outline.png')))).toBe(true);
    // Same inputs, same bytes.
    expect(teamsPackage(manifestDir, appId).equals(archive)).toBe(true);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const python = (() => {
      try {
        return execFileSync('python3', ['-m', 'zipfile', '-t', out], { encoding: 'utf8' });
      } catch (err) {
        return err instanceof Error && 'code' in err && err.code === 'ENOENT' ? null : String(err);
      }
    })();
    // A second opinion from another zip reader, where the machine has one.
    if (python !== null) expect(python).toContain('Done testing');
  });
});
