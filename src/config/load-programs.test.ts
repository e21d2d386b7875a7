import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadPrograms } from './load-programs.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-load-programs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const program = { id: 'a', name: { ja: 'あ', en: 'A' }, summary: { ja: 'あ', en: 'A' }, available: true, hints: {} };

describe('loadPrograms', () => {
  it('returns the parsed config of a valid file', () => {
    expect(loadPrograms(write('ok.json', JSON.stringify({ version: '1', programs: [program] })))).toEqual({ version: '1', programs: [program] });
  });

  it('names the file when it is missing or not JSON', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadPrograms(missing)).toThrow(ConfigError);
    expect(() => loadPrograms(missing)).toThrow(`${missing}: cannot be read (ENOENT)`);
    const bad = write('bad.json', '[');
    expect(() => loadPrograms(bad)).toThrow(`${bad}: not valid JSON`);
  });

  it('names the program at fault', () => {
    const path = write('dup.json', JSON.stringify({ version: '1', programs: [program, program] }));
    expect(() => loadPrograms(path)).toThrow(`${path}: program "a": duplicate program id`);
  });
});
