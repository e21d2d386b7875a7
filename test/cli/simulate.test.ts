import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-sim-'));
const env = { DATABASE_URL: `file:${join(dir, 'sim.db')}` };
const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', 'answers', name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renkei simulate', () => {
  it('runs a complete Japanese answers file to the end and prints parsed answers as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['simulate', '--answers', fixture('battery-ja.json'), '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown> & { answers: Record<string, unknown>; transcript: { from: string; text: string }[] };
    expect(result).toMatchObject({ status: 'completed', unanswered: [] });
    expect(result.intakeId).toMatch(/^in_/);
    expect(result.answers).toMatchObject({
      'company.prefecture': '静岡県',
      'company.capital_yen': 30_000_000,
      'company.employees': 45,
      'company.industry': 'manufacturing',
      'strengths.ip': 'patent_granted',
      'partners.has_candidates': 'yes',
      'missing.functions': ['manufacturing', 'service_maintenance'],
      'funding.sources': ['own', 'gov_bank', 'shinkin'],
      'funding.total_yen': 80_000_000,
      'commercialization.months_to_first_sales': 12,
      'academia.involved': 'yes',
    });
    expect(result.answers.partners).toEqual([
      { name: '東海電池製造株式会社', function: 'manufacturing', kind: 'sme', prefecture: '愛知県', relationship: 'existing', status: 'agreed' },
      { name: '有限会社リバース電池', function: 'service_maintenance', kind: 'sme', prefecture: '静岡県', relationship: 'new', status: 'agreed' },
    ]);
    expect(result.transcript[0]?.from).toBe('bot');
    expect(result.transcript.some((l) => l.from === 'user' && l.text === '３千万円')).toBe(true);
  });

  it('runs an English file, keeping "don\'t know" as "unknown"', async () => {
    const { code, stdout } = await runCli(['simulate', '--answers', fixture('idea-en.json'), '--lang', 'en', '--json'], env);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { answers: Record<string, unknown>; status: string; transcript: { text: string }[] };
    expect(result.status).toBe('completed');
    expect(result.answers).toMatchObject({ 'theme.novelty': 'unknown', 'funding.total_yen': 'unknown', 'partners.has_candidates': 'unknown', 'company.prefecture': '京都府' });
    expect(result.transcript[0]?.text).toContain('Hello');
  });

  it('stops at the first required question the file does not answer, says which, and exits non-zero', async () => {
    const { code, stdout, stderr } = await runCli(['simulate', '--answers', fixture('incomplete.json'), '--json'], env);
    expect(code).toBe(3);
    expect(stderr).toContain('company.employees');
    const result = JSON.parse(stdout) as { status: string; unanswered: string[]; stopped: { questionId: string; reason: string } };
    expect(result.status).toBe('in_progress');
    expect(result.stopped).toMatchObject({ questionId: 'company.employees', reason: 'missing_required' });
    expect(result.unanswered).toContain('company.employees');
    expect(result.unanswered).not.toContain('company.capital_yen');
  });

  it('reports an answer the bot cannot accept, naming the question', async () => {
    const bad = join(dir, 'bad-value.json');
    writeFileSync(bad, JSON.stringify({ 'company.name': 'X', 'company.prefecture': 'Atlantis' }));
    const { code, stderr } = await runCli(['simulate', '--answers', bad], env);
    expect(code).toBe(3);
    expect(stderr).toContain('company.prefecture');
  });

  it.each([
    ['missing.json', null, 'not found'],
    ['broken.json', '{ "company.name": ', 'not valid JSON'],
    ['wrong-shape.json', '{ "partners": [ { "name": { "x": 1 } } ] }', 'partners'],
    ['array.json', '[1,2]', 'expected'],
  ])('refuses a bad answers file (%s) with one clear line', async (name, content, message) => {
    const path = join(dir, name);
    if (content !== null) writeFileSync(path, content);
    const { code, stderr, stdout } = await runCli(['simulate', '--answers', path], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });
});
