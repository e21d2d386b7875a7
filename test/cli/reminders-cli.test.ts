import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-remind-'));
const env = { DATABASE_URL: `file:${join(dir, 'r.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans') };
let intakeId = '';
beforeAll(async () => {
  const { stdout } = await runCli(['simulate', '--answers', join(projectRoot, 'test', 'fixtures', 'answers', 'incomplete.json'), '--json'], env);
  intakeId = (JSON.parse(stdout) as { intakeId: string }).intakeId;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('staff reminders from the terminal', () => {
  it('sets a reminder to an intake\'s company in Japanese or English wording, lists it and cancels it', async () => {
    const ja = await runCli(['remind', intakeId, '3日後', '書類をご確認ください', '--as', 'pm-kinki'], env);
    expect(ja.stderr).toBe('');
    expect(ja.stdout).toMatch(/リマインダー rm_[0-9a-z]+ を .* に設定しました/);
    const en = await runCli(['remind', 'pm-kanto', 'next', 'Monday', '10am', 'call', 'the', 'bank', '--as', 'pm-kinki', '--lang', 'en'], env);
    expect(en.stdout).toMatch(/Reminder rm_[0-9a-z]+ set for .*Mon/);
    const list = await runCli(['reminders', 'list', '--status', 'pending', '--as', 'pm-kinki'], env);
    const ids = list.stdout.trim().split('\n').map((l) => l.split('\t')[0]);
    expect(ids).toHaveLength(2);
    expect(list.stdout).toContain('staff');
    const cancel = await runCli(['reminders', 'cancel', ids[0] ?? '', '--as', 'pm-kinki'], env);
    expect(cancel.stdout).toContain('取り消しました');
    expect((await runCli(['reminders', 'cancel', ids[0] ?? '', '--as', 'pm-kinki'], env)).code).toBe(1);
  });

  it('refuses an unreadable time with examples, a missing target, and a non-staff sender', async () => {
    const bad = await runCli(['remind', intakeId, 'そのうち', 'よろしく', '--as', 'pm-kinki'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('日時として読み取れませんでした');
    expect(bad.stderr).toContain('明日10時');
    const past = await runCli(['remind', intakeId, '2020-01-01', '10:00', '昔の話', '--as', 'pm-kinki'], env);
    expect(past.stderr).toContain('過去の日時');
    const nobody = await runCli(['remind', 'in_nothere', '明日', 'x', '--as', 'pm-kinki'], env);
    expect(nobody.stderr).toContain('見つかりませんでした');
    const stranger = await runCli(['remind', intakeId, '明日', 'x', '--as', 'someone'], env);
    expect(stranger.stderr).toContain('事務局の担当者だけ');
    // The intake is in Osaka, so the Kanto PM may not remind its company, and is told what an unknown id gets.
    const otherOffice = await runCli(['remind', intakeId, '明日', 'x', '--as', 'pm-kanto'], env);
    expect(otherOffice.code).toBe(1);
    expect(otherOffice.stderr).toBe(`renkei: 「${intakeId}」という相談または相手は見つかりませんでした。\n`);
  });

  it('keeps another office\'s reminders out of list and cancel, answering as for an id that does not exist', async () => {
    const made = await runCli(['remind', intakeId, '明日10時', '至急ご連絡ください', '--as', 'pm-kinki'], env);
    const id = /rm_[0-9a-z]+/.exec(made.stdout)?.[0] ?? '';
    expect(id).not.toBe('');
    const kanto = await runCli(['reminders', 'list', '--as', 'pm-kanto'], env);
    expect(kanto.code).toBe(0);
    expect(kanto.stdout).not.toContain(intakeId);
    expect(kanto.stdout).not.toContain(id);
    expect((await runCli(['reminders', 'list', '--as', 'pm-kinki'], env)).stdout).toContain(id);
    const refused = await runCli(['reminders', 'cancel', id, '--as', 'pm-kanto'], env);
    const missing = await runCli(['reminders', 'cancel', 'rm_zzzzzzzzzz', '--as', 'pm-kanto'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.replace(id, 'ID')).toBe(missing.stderr.replace('rm_zzzzzzzzzz', 'ID'));
    expect((await runCli(['reminders', 'list', '--as', 'pm-kinki', '--status', 'pending'], env)).stdout).toContain(id);
    const audit = await runCli(['audit', 'list', '--actor', 'pm:pm-kanto', '--as', 'admin'], env);
    expect(audit.stdout).toMatch(/DENIED\tpm:pm-kanto\treminder\.manage\tlocal\t/);
  });
});
