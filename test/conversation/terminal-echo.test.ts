import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { renkeiShellCommand, runCli } from '../support/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-pty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `npm start` in a real pseudo-terminal: util-linux `script` gives the chat a TTY as stdin and
 * stdout, exactly as a person's terminal does. Readline puts that TTY in raw mode, where the
 * kernel echoes nothing; only readline itself can show what is typed.
 */
function startInPty(env: Record<string, string>) {
  const command = `${JSON.stringify(process.execPath)} ${renkeiShellCommand} start`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, CI: '', FORCE_COLOR: '0', TERM: 'xterm', COLUMNS: '200', LINES: '50' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const waitFor = (text: string, from: number, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        if (out.slice(from).includes(text)) return resolve();
        if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${text}; output:\n${out}`));
        setTimeout(tick, 25);
      };
      tick();
    });
  return { child, output: () => out, waitFor, type: (s: string) => child.stdin.write(s) };
}

describe('the terminal chat in a pseudo-terminal', () => {
  it('shows the characters as they are typed, before Enter, and answers the line', async () => {
    const chat = startInPty({ DATABASE_URL: `file:${join(dir, 'pty.db')}` });
    try {
      await chat.waitFor('会社名', 0);
      const before = chat.output().length;
      chat.type('echo-テスト電池');
      // Not yet sent: whatever appears now is the echo of the keystrokes.
      await chat.waitFor('echo-テスト電池', before);
      chat.type('\r');
      await chat.waitFor('都道府県', before);
      const afterName = chat.output().length;
      chat.type('しずおか\r');
      await chat.waitFor('所在地: 静岡県 として記録しました', afterName);
      expect(chat.output().slice(afterName)).toContain('しずおか');
    } finally {
      chat.child.kill('SIGTERM');
    }
  }, 60_000);

  it('still works in a pipe, without echoing the piped answers back', async () => {
    const { code, stdout } = await runCli(['start'], { DATABASE_URL: `file:${join(dir, 'pipe.db')}` }, 'パイプ工業株式会社\nしずおか\n');
    expect(code).toBe(0);
    expect(stdout).toContain('所在地: 静岡県 として記録しました');
    // In a pipe nothing is echoed: the company name appears only if the bot itself printed it.
    expect(stdout).not.toContain('> パイプ工業株式会社');
  }, 60_000);
});
