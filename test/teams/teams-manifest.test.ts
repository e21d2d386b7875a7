import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { teamsPackage, writeTeamsPackage } from '../../src/channels/teams/app-package.js';
import { colorIcon, outlineIcon } from '../../src/channels/teams/png-icons.js';
import { crc32 } from '../../src/channels/teams/zip.js';
import { decodePng, unzip } from '../support/teams-png.js';

const manifestDir = join(projectRoot, 'manifest', 'teams');
const manifest: unknown = JSON.parse(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'));
const { manifestVersion, $schema } = z.object({ manifestVersion: z.string(), $schema: z.string() }).parse(manifest);
// Microsoft's own schema for the version the manifest declares, as the @microsoft/app-manifest package ships it.
const schemaFile = join(dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest')), 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
const schema: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'renkei-teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// CommonJS packages: from ES modules their class and plugin are the `default` of module.exports.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const validate = (value: unknown) => {
  // Microsoft's schema is draft-04 and uses keywords of its own, so not Ajv's strict mode.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  if (typeof schema !== 'object' || schema === null) throw new Error('schema is not an object');
  const check = ajv.compile(schema);
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};

describe('Teams app manifest and package', () => {
  it("satisfies Microsoft's published schema for its manifest version, with the bot in personal, team and group chat scopes and its commands", () => {
    expect($schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
    expect(validate(manifest)).toEqual([]);
    const m = z
      .looseObject({ bots: z.array(z.looseObject({ scopes: z.array(z.string()), commandLists: z.array(z.looseObject({ commands: z.array(z.looseObject({ title: z.string() })) })) })) })
      .parse(manifest);
    expect(m.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0]?.commandLists[0]?.commands.map((c) => c.title)).toEqual(['start', 'resume', 'review', 'lang', 'help']);
  });

  it('is checked by a schema that refuses what Teams would refuse', () => {
    const record = z.record(z.string(), z.unknown());
    const { icons: _icons, ...broken } = record.parse(manifest);
    const developer = record.parse(broken.developer);
    const problems = validate({ ...broken, name: { short: 'A name much longer than thirty characters' }, developer: { ...developer, websiteUrl: 'ftp://renkei.example' }, botz: [] }).join('\n');
    expect(problems).toMatch(/name\/short/);
    expect(problems).toMatch(/developer\/websiteUrl/);
    expect(problems).toMatch(/icons/);
    expect(problems).toMatch(/additional properties/);
    // The hand-written subset this replaced let packageName through; v1.22 has no such field.
    expect(validate({ ...record.parse(manifest), packageName: 'jp.renkei.intake' }).join('\n')).toMatch(/additional properties/);
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
