import { describe, expect, it } from 'vitest';
import { findPm } from './find-pm.js';
import type { OfficesConfig } from './offices-schema.js';
import { officeById } from './office-by-id.js';

const config: OfficesConfig = {
  version: '1',
  defaultOffice: 'kanto',
  offices: [
    {
      id: 'kanto',
      name: { ja: '関東地域事務局', en: 'Kanto regional office' },
      regions: ['kanto'],
      lead: 'pm-kanto',
      pms: [
        { id: 'pm-kanto', name: { ja: '関東 PM', en: 'Kanto PM' }, slack: 'U0123ABCD', local: 'pm-kanto', role: 'pm' },
        { id: 'staff-kanto', name: { ja: '関東 スタッフ', en: 'Kanto staff' }, teams: '00000000-0000-4000-8000-000000000001', role: 'staff' },
      ],
      channels: { slack: { channel: 'C0KANTO' }, local: { inbox: 'kanto' } },
    },
    {
      id: 'kinki',
      name: { ja: '近畿地域事務局', en: 'Kinki regional office' },
      regions: ['kinki'],
      pms: [{ id: 'pm-kinki', name: { ja: '近畿 PM', en: 'Kinki PM' }, slack: 'U0456EFGH', local: 'pm-kinki' }],
      channels: { local: { inbox: 'kinki' } },
    },
  ],
};

describe('findPm', () => {
  it('finds a person by their id on each channel, with their office', () => {
    expect(findPm(config, 'slack', 'U0456EFGH')).toMatchObject({ office: { id: 'kinki' }, pm: { id: 'pm-kinki' } });
    expect(findPm(config, 'local', 'pm-kanto')).toMatchObject({ office: { id: 'kanto' }, pm: { id: 'pm-kanto' } });
    expect(findPm(config, 'teams', '00000000-0000-4000-8000-000000000001')?.pm.id).toBe('staff-kanto');
  });

  it('does not mix channels up', () => {
    expect(findPm(config, 'local', 'U0123ABCD')).toBeUndefined();
    expect(findPm(config, 'teams', 'pm-kanto')).toBeUndefined();
  });

  it('returns undefined for a stranger', () => {
    expect(findPm(config, 'slack', 'U9999')).toBeUndefined();
    expect(findPm(config, 'local', '')).toBeUndefined();
  });
});

describe('officeById', () => {
  it('finds an office or nothing', () => {
    expect(officeById(config, 'kinki')?.name.en).toBe('Kinki regional office');
    expect(officeById(config, 'tohoku')).toBeUndefined();
  });
});
