import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadOffices } from './load-offices.js';

const dir = mkdtempSync(join(tmpdir(), 'renkei-load-offices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const minimal = {
  version: '1',
  defaultOffice: 'all',
  offices: [
    {
      id: 'all',
      name: { ja: '全国事務局', en: 'National office' },
      regions: ['hokkaido', 'tohoku', 'kanto', 'chubu', 'kinki', 'chugoku', 'shikoku', 'kyushu', 'okinawa'],
      pms: [{ id: 'pm-1', name: { ja: 'PM', en: 'PM' }, local: 'pm1' }],
      channels: { local: { inbox: 'all' } },
    },
  ],
};

describe('loadOffices', () => {
  it('returns the parsed config of a valid file', () => {
    expect(loadOffices(write('ok.json', JSON.stringify(minimal)))).toEqual(minimal);
  });

  it('names the file when it is missing', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadOffices(path)).toThrow(ConfigError);
    expect(() => loadOffices(path)).toThrow(`${path}: cannot be read (ENOENT)`);
  });

  it('names the file when it is not JSON', () => {
    const path = write('bad.json', '{ "version": "1", ');
    expect(() => loadOffices(path)).toThrow(new RegExp(`^${path.replace(/[.\\/]/g, '\\$&')}: not valid JSON`));
  });

  it('joins every problem into one message', () => {
    const path = write('two.json', JSON.stringify({ ...minimal, defaultOffice: 'x', offices: [{ ...minimal.offices[0], lead: 'nobody' }] }));
    expect(() => loadOffices(path)).toThrow(`${path}: office "all": lead "nobody" is not one of its pms; defaultOffice "x" is not an office`);
  });
});
