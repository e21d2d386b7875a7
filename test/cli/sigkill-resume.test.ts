import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.js';
import { openDatabase } from '../../src/store/database.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-kill-'));
const env = { DATABASE_URL: `file:${join(dir, 'kill.db')}` };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a terminal chat killed with SIGKILL mid-conversation', () => {
  it('resumes at the right question with every acknowledged answer kept', async () => {
    const first = startCli(['chat', '--user', 'kill-test', '--lang', 'ja'], env);
    await first.waitFor('会社名（正式名称）');
    const script: [string, string][] = [
      ['株式会社強制終了', '都道府県ですか'],
      ['福井', '主な業種'],
      ['2', '資本金'],
      ['1億2000万円', '常時使用する従業員'],
    ];
    for (const [answer, nextPrompt] of script) {
      const mark = first.output().length;
      first.send(answer);
      // Acknowledged = the next question is on screen; only then is the answer owed to the user.
      await first.waitFor(nextPrompt, mark);
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = startCli(['chat', '--user', 'kill-test'], env);
    await second.waitFor('前回の続きから');
    await second.waitFor('常時使用する従業員');
    expect(second.output()).not.toContain('会社名（正式名称）');
    const mark = second.output().length;
    second.send('30人');
    await second.waitFor('当てはまりますか', mark);
    second.child.stdin.end();
    expect((await second.exited).code).toBe(0);

    const database = await openDatabase(env.DATABASE_URL);
    try {
      const repo = new PrismaIntakeRepository(database.db);
      const [intake] = await repo.listIntakes();
      expect(intake?.state.answers).toEqual({
        'company.name': '株式会社強制終了',
        'company.prefecture': '福井県',
        'company.industry': 'construction',
        'company.capital_yen': 120_000_000,
        'company.employees': 30,
      });
      const history = await repo.answerHistory(intake?.id ?? '');
      expect(history.map((h) => h.raw)).toEqual(['株式会社強制終了', '福井', '2', '1億2000万円', '30人']);
    } finally {
      await database.close();
    }
  });
});
