import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';
import { projectRoot } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-staff-'));
// Staff views across every office: the shipped admin.
const env = { DATABASE_URL: `file:${join(dir, 'staff.db')}`, RENKEI_PLANS_DIR: join(dir, 'plans'), RENKEI_LOCAL_USER: 'admin' };
const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', 'answers', name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded data set: three consultations with academic involvement of different kinds, one idea, one unfinished. */
beforeAll(async () => {
  const base = JSON.parse(readFileSync(fixture('battery-ja.json'), 'utf8')) as Record<string, unknown>;
  const variants: Record<string, unknown>[] = [
    base,
    { ...base, 'company.prefecture': '大阪', 'theme.category': '基盤技術', academia: [{ name: '大阪府立産業技術総合研究所', type: '公設試', role: '研究開発・共同研究', form: '連携' }, { name: '阪大', type: '大学', role: '技術指導', form: '協力' }] },
    { ...base, 'company.prefecture': '福岡', academia: [{ name: '産総研 九州センター', type: '産総研', role: '技術・ノウハウの提供', form: '未定' }] },
  ];
  for (const [i, v] of variants.entries()) {
    const file = join(dir, `seed-${i}.json`);
    writeFileSync(file, JSON.stringify(v));
    expect((await runCli(['simulate', '--answers', file], env)).code).toBe(0);
  }
  expect((await runCli(['simulate', '--answers', fixture('idea-en.json'), '--lang', 'en'], env)).code).toBe(0);
  expect((await runCli(['simulate', '--answers', fixture('incomplete.json')], env)).code).toBe(3);
}, 180_000);

describe('staff views', () => {
  it('stats counts by region, band, theme and status, and academia by type × 連携/協力', async () => {
    const { code, stdout } = await runCli(['stats', '--json'], env);
    expect(code).toBe(0);
    const s = JSON.parse(stdout) as Record<string, unknown>;
    expect(s).toMatchObject({
      total: 5,
      byStatus: { completed: 4, in_progress: 1 },
      byRegion: { kanto: 1, kinki: 2, kyushu: 1, unknown: 1 },
      byBand: { ready: 3, early: 1, not_assessed: 1 },
      byTheme: { environment: 2, core_tech: 1, daily_life: 1, unknown: 1 },
      academia: {
        university: { formal: 0, cooperative: 2, undecided: 0, total: 2 },
        kosetsushi: { formal: 1, cooperative: 0, undecided: 0, total: 1 },
        aist: { formal: 0, cooperative: 0, undecided: 1, total: 1 },
      },
      academiaTotals: { formal: 1, cooperative: 2, undecided: 1, total: 4 },
    });
    const text = await runCli(['stats', '--lang', 'ja'], env);
    expect(text.stdout).toContain('産学連携（機関の種類 × 関わり方）');
    expect(text.stdout).toMatch(/大学\t0\t2\t0\t2/);
  });

  it('exports every intake as CSV with question ids as columns, and as JSON', async () => {
    const csvPath = join(dir, 'export.csv');
    expect((await runCli(['intakes', 'export', '--format', 'csv', '--out', csvPath], env)).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv).toHaveLength(6);
    expect(csv[0]).toContain('company.capital_yen');
    expect(csv.some((l) => l.includes('株式会社バッテリー再生工房') && l.includes('30000000'))).toBe(true);
    const json = JSON.parse((await runCli(['intakes', 'export', '--format', 'json'], env)).stdout) as { status: string; band: string | null; handoff: unknown }[];
    expect(json).toHaveLength(5);
    expect(json.filter((r) => r.handoff !== null)).toHaveLength(4);
    expect((await runCli(['intakes', 'export', '--format', 'xml'], env)).stderr).toContain('--format must be csv or json');
  });

  it('lists and shows intakes', async () => {
    const list = await runCli(['intakes', 'list', '--status', 'in_progress'], env);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    const id = list.stdout.split('\t')[0] ?? '';
    const show = await runCli(['intakes', 'show', id, '--lang', 'ja'], env);
    expect(show.stdout).toContain('途中工業株式会社');
    expect(show.stdout).toContain('5,000万円');
    expect((await runCli(['intakes', 'show', 'in_nothing'], env)).stderr).toContain('in_nothing は見つかりませんでした');
    expect((await runCli(['intakes', 'show', 'in_nothing', '--lang', 'en'], env)).stderr).toContain('Intake in_nothing was not found');
  });

  it('works the PM side from the terminal: list, claim, ask, show the brief and the plan, close', async () => {
    const list = await runCli(['handoffs', 'list', '--as', 'pm-kinki'], env);
    const rows = list.stdout.trim().split('\n');
    expect(rows).toHaveLength(2);
    const id = rows[0]?.split('\t')[0] ?? '';
    expect((await runCli(['handoffs', 'claim', id, '--as', 'pm-kinki'], env)).stdout).toContain('担当になりました');
    expect((await runCli(['handoffs', 'ask', id, '--as', 'pm-kinki', '試作品はありますか？'], env)).code).toBe(0);
    const brief = await runCli(['handoffs', 'show', id, '--as', 'pm-kinki', '--lang', 'en'], env);
    expect(brief.stdout).toContain('Per criterion');
    expect(brief.stdout).toContain('question');
    const plan = await runCli(['handoffs', 'show', id, '--as', 'pm-kinki', '--plan'], env);
    expect(plan.stdout).toContain('# 事業計画（案）');
    const other = await runCli(['handoffs', 'claim', id, '--as', 'pm-kanto'], env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('他の地域事務局');
    const badOutcome = await runCli(['handoffs', 'close', id, '--as', 'pm-kinki', '--outcome', 'finished'], env);
    expect(badOutcome.stderr).toContain('commercialized');
    expect((await runCli(['handoffs', 'close', id, '--as', 'pm-kinki', '--outcome', 'applied'], env)).code).toBe(0);
    const again = await runCli(['handoffs', 'note', id, '--as', 'pm-kinki', 'late note'], env);
    expect(again.stderr).toContain('既に終了');
    expect((await runCli(['handoffs', 'list', '--as', 'nobody'], env)).code).toBe(2);
    const inbox = await runCli(['inbox', '--as', 'pm-kinki'], env);
    expect(inbox.stdout).toContain('新しい引き継ぎ');
    // A dozen CLI processes in a row: generous when the whole suite shares two cores.
  }, 180_000);
});
