import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-plan-cli-'));
const env = { DATABASE_URL: `file:${join(dir, 'plan.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let handoff = '';
let intake = '';

beforeAll(async () => {
  expect((await runCli(['simulate', '--answers', join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json')], env)).code).toBe(0);
  const listed = await runCli(['handoffs', 'list', '--as', 'pm-kanto'], env);
  handoff = listed.stdout.split('\t')[0] ?? '';
  expect(handoff).toMatch(/^ho_/);
}, 120_000);

const headings = async (path: string) => {
  const xml = await (await JSZip.loadAsync(readFileSync(path))).file('word/document.xml')!.async('string');
  return xml.match(/<w:pStyle w:val="Heading1"\/>/g)?.length ?? 0;
};

describe('renkei handoffs plan ID --docx', () => {
  it('writes the plan as a Word file, readable by its owner only, in the language asked for', async () => {
    const out = join(dir, 'mine', 'plan-en.docx');
    const r = await runCli(['handoffs', 'plan', handoff, '--docx', '--lang', 'en', '--out', out, '--as', 'pm-kanto'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(await headings(out)).toBe(9);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toContain('Draft business plan');
  });

  it('without --out, replaces the file beside the Markdown in the plans folder; without --docx, prints the Markdown', async () => {
    const r = await runCli(['handoffs', 'plan', handoff, '--docx', '--as', 'pm-kanto'], env);
    expect(r.code).toBe(0);
    intake = /(in_[a-z0-9]+)\.ja\.docx$/.exec(r.stdout.trim())?.[1] ?? '';
    expect(r.stdout.trim()).toBe(join(dir, 'plans', `${intake}.ja.docx`));
    expect(await headings(r.stdout.trim())).toBe(9);
    const md = await runCli(['handoffs', 'plan', handoff, '--as', 'pm-kanto'], env);
    expect(md.stdout).toContain('# 事業計画（案）');
  });

  it("answers a PM of another office exactly as for a handoff that does not exist, and writes nothing", async () => {
    const out = join(dir, 'x.docx');
    const other = await runCli(['handoffs', 'plan', handoff, '--docx', '--out', out, '--as', 'pm-kinki'], env);
    const missing = await runCli(['handoffs', 'plan', 'ho_nothere', '--docx', '--as', 'pm-kinki'], env);
    expect(missing.code).toBe(1);
    expect([other.code, other.stdout, other.stderr.replace(handoff, 'ID')]).toEqual([missing.code, missing.stdout, missing.stderr.replace('ho_nothere', 'ID')]);
    expect(existsSync(out)).toBe(false);
  });
});
