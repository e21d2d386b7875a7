import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up', () => {
  it('with no credentials runs the local terminal chat on SQLite, creating the database under the given path', async () => {
    const { code, stdout } = await runCli(['start'], { DATABASE_URL: `file:${join(dir, 'nested', 'local.db')}` }, 'テスト株式会社\n');
    expect(code).toBe(0);
    expect(stdout).toContain('こんにちは');
    expect(stdout).toContain('都道府県');
    expect(stdout).toContain('回答は保存されています');
    expect(readFileSync(join(dir, 'nested', 'local.db')).length).toBeGreaterThan(0);
  });

  it('stops with one line naming the bad question when the questionnaire is broken', async () => {
    const config = join(dir, 'config');
    cpSync(join(projectRoot, 'config'), config, { recursive: true });
    const file = join(config, 'questionnaire', 'intake-v1.json');
    const def = JSON.parse(readFileSync(file, 'utf8')) as { questions: Record<string, unknown>[] };
    def.questions[2] = { ...def.questions[2], choices: 'no_such_set' };
    writeFileSync(file, JSON.stringify(def));
    const { code, stderr } = await runCli(['start'], { RENKEI_CONFIG_DIR: config, DATABASE_URL: `file:${join(dir, 'x.db')}` });
    expect(code).toBe(2);
    expect(stderr).toContain('question "company.industry": unknown choice set "no_such_set"');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['rubric/readiness-v1.json', (raw: Record<string, unknown>) => ({ ...raw, criteria: [{ id: 'only', max: 50, parts: [{ test: 'present', question: 'x', weight: 1, gap: 'g' }] }] }), 'add up to 50, not 100'],
    ['offices.json', (raw: Record<string, unknown>) => ({ ...raw, defaultOffice: 'atlantis' }), 'atlantis'],
    ['programs.json', () => ({ version: '1', programs: 'none' }), 'programs'],
  ])('stops with one line naming the bad entry when %s is broken', async (file, breakIt, message) => {
    const config = join(dir, `config-${file.replace(/\W/g, '-')}`);
    cpSync(join(projectRoot, 'config'), config, { recursive: true });
    const path = join(config, file);
    writeFileSync(path, JSON.stringify(breakIt(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)));
    const { code, stderr } = await runCli(['start'], { RENKEI_CONFIG_DIR: config, DATABASE_URL: `file:${join(dir, 'z.db')}` });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stops with a message naming a malformed environment variable', async () => {
    const { code, stderr } = await runCli(['start'], { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(2);
    expect(stderr).toContain('DATABASE_URL');
  });

  it('refuses an unknown --lang and an unknown command with a usage hint', async () => {
    const lang = await runCli(['chat', '--lang', 'fr'], { DATABASE_URL: `file:${join(dir, 'y.db')}` });
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be "ja" or "en"');
    const unknown = await runCli(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage');
  });

  it('migrates on demand and reports the database as up to date', async () => {
    const { code, stdout } = await runCli(['db', 'migrate'], { DATABASE_URL: `file:${join(dir, 'm.db')}` });
    expect(code).toBe(0);
    expect(stdout).toContain('up to date');
  });
});
