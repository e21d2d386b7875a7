import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-audit-'));
const env = { DATABASE_URL: `file:${join(dir, 'audit.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Simulated {
  intakeId: string;
  handoff: { id: string } | null;
}
let kanto: Simulated;
let kinki: Simulated;

/** Two consultations, one handed to the Kanto office (静岡) and one to Kinki (大阪). */
beforeAll(async () => {
  const base = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'answers', 'battery-ja.json'), 'utf8')) as Record<string, unknown>;
  const run = async (name: string, answers: Record<string, unknown>) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(answers));
    const r = await runCli(['simulate', '--answers', file, '--json'], env);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Simulated;
  };
  kanto = await run('kanto', base);
  kinki = await run('kinki', { ...base, 'company.name': '浪速電池工業株式会社', 'company.prefecture': '大阪府' });
}, 120_000);

// Each case starts several `renkei` processes (about a second each on a quiet machine).
describe('the terminal under the access policy', { timeout: 120_000 }, () => {
  it('shows a PM only their own office; a record of another office reads as unknown, other refusals say why', async () => {
    const list = await runCli(['intakes', 'list', '--as', 'pm-kinki'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(kinki.intakeId);
    expect(list.stdout).not.toContain(kanto.intakeId);
    // Another office's record reads exactly as an id that does not exist (text and exit code, the id aside),
    // so ids cannot be probed across offices; the refusal is still in the audit log (next test).
    const kantoHandoff = kanto.handoff?.id ?? '';
    const show = await runCli(['handoffs', 'show', kantoHandoff, '--as', 'pm-kinki'], env);
    const missing = await runCli(['handoffs', 'show', 'ho_nothing', '--as', 'pm-kinki'], env);
    expect(show.stdout).toBe('');
    expect([show.code, show.stderr.replace(kantoHandoff, 'ID')]).toEqual([missing.code, missing.stderr.replace('ho_nothing', 'ID')]);
    expect(show.stderr).toContain('見つかりませんでした');
    for (const sub of [['handoffs', 'plan', kantoHandoff], ['handoffs', 'plan', kantoHandoff, '--docx']]) {
      const other = await runCli([...sub, '--as', 'pm-kinki'], env);
      const none = await runCli([...sub.map((a) => (a === kantoHandoff ? 'ho_nothing' : a)), '--as', 'pm-kinki'], env);
      expect([other.code, other.stdout, other.stderr.replace(kantoHandoff, 'ID')]).toEqual([none.code, none.stdout, none.stderr.replace('ho_nothing', 'ID')]);
    }
    const otherIntake = await runCli(['intakes', 'show', kanto.intakeId, '--as', 'pm-kinki'], env);
    const noIntake = await runCli(['intakes', 'show', 'in_nothing', '--as', 'pm-kinki'], env);
    expect(otherIntake.stdout).toBe('');
    expect([otherIntake.code, otherIntake.stderr.replace(kanto.intakeId, 'ID')]).toEqual([noIntake.code, noIntake.stderr.replace('in_nothing', 'ID')]);
    const stranger = await runCli(['intakes', 'show', kanto.intakeId, '--as', 'somebody'], env);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain('許可されていません');
    const lister = await runCli(['intakes', 'list', '--as', 'somebody'], env);
    expect(lister.code).toBe(2);
    expect(lister.stderr).toContain('事務局の担当者だけ');
  });

  it('lets only an admin read the audit log, which lists reads and refusals with ids only', async () => {
    const pm = await runCli(['audit', 'list', '--as', 'pm-kanto'], env);
    expect(pm.code).toBe(2);
    const all = await runCli(['audit', 'list', '--as', 'admin', '--json', '--limit', '1000'], env);
    expect(all.code).toBe(0);
    const entries = JSON.parse(all.stdout) as { actor: string; action: string; outcome: string; intakeId: string | null; detail: string | null }[];
    const lines = entries.map((e) => `${e.actor} ${e.action} ${e.outcome} ${e.intakeId ?? '-'} ${e.detail ?? ''}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `pm:pm-kinki intake.read allowed ${kinki.intakeId} list`,
        `pm:pm-kinki intake.read denied ${kanto.intakeId} access.other_office`,
        `sme:unknown intake.read denied ${kanto.intakeId} access.denied`,
        'sme:unknown intake.list denied - access.not_staff',
        `pm:pm-kanto audit.read denied - access.denied`,
        `system handoff.created allowed ${kanto.intakeId} kanto`,
      ]),
    );
    expect(lines.filter((l) => l.includes('intake.completed'))).toHaveLength(2);
    // No company data in the log: names and answers never appear.
    expect(all.stdout).not.toContain('浪速電池工業');
    expect(all.stdout).not.toContain('バッテリー');
    const one = await runCli(['audit', 'list', '--as', 'admin', '--intake', kinki.intakeId], env);
    expect(one.stdout.trim().split('\n').every((l) => l.includes(kinki.intakeId))).toBe(true);
    expect((await runCli(['audit', 'list', '--as', 'admin', '--limit', 'many'], env)).stderr).toContain('--limit must be a whole number');
  });

  it('scopes counts to the office', async () => {
    const stats = await runCli(['stats', '--json', '--as', 'pm-kinki'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 1, byRegion: { kinki: 1 } });
  });
});
