import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/app/handle-inbound.js';
import { performHandoffAction } from '../../src/app/handoff-actions.js';
import { simulate } from '../../src/app/simulate.js';
import { renderText } from '../../src/channels/console/render-text.js';
import { projectRoot } from '../../src/config.js';
import { sqlitePath } from '../../src/store/database.js';
import { renkeiNodeArgs, renkeiShellCommand, runCli } from '../support/cli-process.js';
import { person, translator } from '../support/harness.js';
import { notify } from '../../src/app/notify.js';
import { sqliteServices, type ServicesForTests } from '../support/services.js';
import { batteryFile } from '../privacy/privacy-support.js';

/**
 * What a hostile or careless PM note, question or stored name could carry: a window-title
 * change (OSC 0), clear screen, colours, an OSC 8 link, a carriage return that overwrites the
 * line, a backspace, a bell, C1 CSI and a right-to-left override.
 */
const NASTY = '\u001b]0;pwned\u0007\u001b[2J\u001b[31m赤字\u001b[0m \u001b]8;;https://evil.example\u001b\\リンク\u001b]8;;\u001b\\ 上書き\rX\b \u009b31m \u202eabc';
/** Any of these in the output means the terminal was driven. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the CLI against what people typed (real binary, real database file)', () => {
  let env: ServicesForTests;
  let cli: Record<string, string>;
  let intakeId = '';
  let handoffId = '';
  let dir = '';
  beforeAll(async () => {
    env = await sqliteServices();
    dir = mkdtempSync(join(tmpdir(), 'renkei-term-'));
    cli = { DATABASE_URL: env.url, RENKEI_PLANS_DIR: env.plansDir };
    const s = env.services;
    const done = await simulate(s, batteryFile(), { userId: 'sme-term', locale: 'ja', render: (r) => renderText(translator, r) });
    intakeId = done.intakeId ?? '';
    handoffId = (await s.handoffs.handoffForIntake(intakeId))?.id ?? '';
    const pm = { channel: 'local' as const, externalId: 'pm-kanto' };
    expect(await performHandoffAction(s, pm, handoffId, { kind: 'claim' })).toMatchObject({ ok: true });
    expect(await performHandoffAction(s, pm, handoffId, { kind: 'note', text: `メモ ${NASTY}` })).toMatchObject({ ok: true });
    expect(await performHandoffAction(s, pm, handoffId, { kind: 'ask', text: `質問 ${NASTY}` })).toMatchObject({ ok: true });
    // The company's answer goes to the PM's inbox, quoting the question.
    const reply = await handleInbound(s, { channel: 'simulate', userId: 'sme-term', input: { kind: 'text', text: '来月お送りします' } });
    expect(reply.outbound).toEqual([{ kind: 'notice', key: 'notice.answer_relayed' }]);
    // An export larger than a pipe's buffer (64 KiB), so that `| head` closes it while the CLI still writes.
    for (let i = 0; i < 24; i++) await simulate(s, batteryFile(), { userId: `sme-bulk-${i}`, locale: 'ja', render: (r) => renderText(translator, r) });
    // A company name as an older version or a platform profile could have stored it.
    const intake = await s.repo.getIntake(intakeId);
    if (!intake) throw new Error('no intake');
    await env.database.db.intake.update({ where: { id: intakeId }, data: { state: JSON.parse(JSON.stringify({ ...intake.state, answers: { ...intake.state.answers, 'company.name': `株式会社${NASTY}` } })) as object } });
  }, 120_000);
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('control and escape characters never reach the terminal', () => {
    const cases: [string, string[], string[]][] = [
      ['handoffs show', ['handoffs', 'show', '', '--as', 'pm-kanto'], ['メモ', '赤字', 'リンク', '上書き']],
      ['handoffs list', ['handoffs', 'list', '--as', 'pm-kanto'], ['株式会社', '赤字']],
      ['intakes show', ['intakes', 'show', '', '--as', 'pm-kanto'], ['株式会社', '赤字']],
      ['intakes list', ['intakes', 'list', '--as', 'pm-kanto'], ['株式会社', '赤字']],
      ['intakes export csv', ['intakes', 'export', '--format', 'csv', '--as', 'admin'], ['株式会社', '赤字']],
      ['inbox', ['inbox', '--all', '--as', 'pm-kanto'], ['質問', '赤字', '来月お送りします']],
    ];
    for (const [name, args, words] of cases) {
      it(name, async () => {
        const filled = args.map((a, i) => (a === '' && i === 2 ? (args[0] === 'handoffs' ? handoffId : intakeId) : a));
        const { code, stdout, stderr } = await runCli(filled, cli);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        for (const w of words) expect(stdout).toContain(w);
        expect(stdout).not.toMatch(CONTROL);
      });
    }

    it('renkei chat: a PM question waiting in the company\'s inbox is shown without its escapes', async () => {
      const s = env.services;
      const company = person(s, 'sme-terminal-chat', 'local');
      await company.start();
      const who = await s.repo.findPerson('local', 'sme-terminal-chat');
      if (!who) throw new Error('no person');
      await notify(s, { kind: 'person', personId: who.id }, { kind: 'pm_question', key: 'handoff.notice.question', params: { pm: '関東PM', pm_en: 'Kanto PM', question: `質問 ${NASTY}` } });
      const { code, stdout } = await runCli(['chat', '--user', 'sme-terminal-chat'], cli, '');
      expect(code).toBe(0);
      expect(stdout).toContain('赤字');
      expect(stdout).toContain('リンク');
      expect(stdout).not.toMatch(CONTROL);
    });

    it('JSON exports keep the text exactly, escaped: nothing raw on the screen, the same data when parsed', async () => {
      const { code, stdout } = await runCli(['intakes', 'export', '--format', 'json', '--as', 'admin'], cli);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(CONTROL);
      const rows = JSON.parse(stdout) as { id: string; answers: Record<string, unknown> }[];
      expect(rows.find((r) => r.id === intakeId)?.answers['company.name']).toBe(`株式会社${NASTY}`);
    });
  });

  describe('files with personal data are 0600', () => {
    const mode = (path: string) => statSync(path).mode & 0o777;

    it('intakes export --out and privacy export --out, new files and files that were there (0644)', async () => {
      for (const [args, file] of [
        [['intakes', 'export', '--format', 'csv', '--as', 'admin', '--out'], join(dir, 'all.csv')],
        [['intakes', 'export', '--format', 'json', '--as', 'admin', '--out'], join(dir, 'all.json')],
        [['privacy', 'export', '--person', 'sme-term', '--as', 'admin', '--out'], join(dir, 'person.json')],
      ] as const) {
        for (const existing of [false, true]) {
          if (existing) {
            writeFileSync(file, 'old');
            chmodSync(file, 0o644);
          } else rmSync(file, { force: true });
          const { code, stderr } = await runCli([...args, file], cli);
          expect(stderr).toBe('');
          expect(code).toBe(0);
          expect(mode(file).toString(8), `${args.join(' ')} (${existing ? 'existing' : 'new'})`).toBe('600');
        }
      }
    });

    it('plan files and a new SQLite database with its -wal and -shm', async () => {
      const plans = readdirSync(env.plansDir).filter((f) => f.startsWith(intakeId));
      // Markdown and Word, in Japanese and English.
      expect(plans.sort()).toEqual(['en.docx', 'en.md', 'ja.docx', 'ja.md'].map((ext) => `${intakeId}.${ext}`));
      for (const f of plans) expect(mode(join(env.plansDir, f)).toString(8)).toBe('600');
      const db = sqlitePath(env.url);
      for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f).toString(8), f).toBe('600');
    });
  });

  describe('a reader that stops early (| head)', () => {
    it('ends the CLI quietly with exit 0 when stdout is closed before it writes', async () => {
      const child = spawn(process.execPath, [...renkeiNodeArgs, 'intakes', 'show', intakeId, '--as', 'pm-kanto'], { cwd: projectRoot, env: { ...process.env, ...cli, CI: '', FORCE_COLOR: '0' } });
      // The read end goes before the command has written a byte: every write meets EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    });

    it('`renkei intakes export | head -n 1` in a shell: one line, exit 0, nothing on stderr', async () => {
      const script = `set -o pipefail; node ${renkeiShellCommand} intakes export --format json --as admin 2>${JSON.stringify(join(dir, 'err.txt'))} | head -n 1; echo "rc=\${PIPESTATUS[0]}"`;
      const child = spawn('bash', ['-c', script], { cwd: projectRoot, env: { ...process.env, ...cli, CI: '', FORCE_COLOR: '0' } });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      await new Promise((resolve) => child.on('exit', resolve));
      expect(stdout).toBe('[\nrc=0\n');
      expect((await import('node:fs')).readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
    });
  });
});
