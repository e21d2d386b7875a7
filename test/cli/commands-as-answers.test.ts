import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-cmdans-'));
const env = { DATABASE_URL: `file:${join(dir, 'c.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans') };
const fixture = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', name), 'utf8')) as Record<string, unknown>;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Free-text answers as managers write them, each beginning with a command word of its
 * language (修正 edit, 削除 remove, 確認 review, 戻る back, 変更 edit, 後で pause, 英語 english;
 * change/fix edit, delete remove, back, later pause, summary review, language lang). Each must
 * be stored as typed: a command is only a whole message that is one.
 */
const ja = {
  'theme.title': '修正液の新製法',
  'theme.description': '削除しやすい接着剤で、修正テープの貼り直しを簡単にする',
  'theme.novelty_detail': '確認済みの試作品が三社で好評',
  'theme.market': '戻るボタン付きの文具を求める学校',
  'strengths.summary': '変更に強い配合技術',
  'strengths.track_record': '後で剥がせるテープを十年製造',
  'commercialization.channel': '英語圏の通販サイトと文具店',
};
const en = {
  'theme.title': 'Change management toolkit for family firms',
  'theme.description': 'fix the handover problem when the founder retires',
  'theme.market': 'delete-free archiving for small law offices',
  'strengths.summary': 'back office know-how from 20 years of accounting',
  'commercialization.channel': 'language schools and later chambers of commerce',
};

describe('an answer that begins with a command word is an answer (renkei simulate)', () => {
  for (const [lang, base, answers] of [
    ['ja', 'battery-ja.json', ja],
    ['en', 'idea-en.json', en],
  ] as const) {
    it(`stores every one of them as typed (${lang})`, async () => {
      const file = join(dir, `${lang}.json`);
      writeFileSync(file, JSON.stringify({ ...fixture(base), ...answers }));
      const { code, stdout, stderr } = await runCli(['simulate', '--answers', file, '--lang', lang, '--json'], env);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as { status: string; answers: Record<string, unknown> };
      expect(result.status).toBe('completed');
      expect(result.answers).toMatchObject(answers);
    });
  }
});
