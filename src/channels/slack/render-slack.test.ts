import { describe, expect, it } from 'vitest';
import { renderSlack } from './render-slack.js';
import { checkBlockKit } from './block-limits.js';
import { createTranslator } from '../../i18n/translator.js';
import { validateDefinition } from '../../core/questionnaire/validate-definition.js';
import type { Outbound } from '../../core/messages.js';

const tr = createTranslator();
const check = validateDefinition({
  id: 'x',
  version: '1',
  sections: ['company'],
  choiceSets: {},
  questions: [{ id: 'company.name', section: 'company', type: 'text' }],
});
if (!check.ok) throw new Error('bad definition');
const definition = check.definition;

describe('renderSlack', () => {
  it('splits long content over sections and messages so every message stays within Slack\'s limits', () => {
    const notice: Outbound = { kind: 'notice', key: 'notice.welcome' };
    const outbound: Outbound[] = Array.from({ length: 120 }, () => notice);
    const messages = renderSlack(tr, { definition, locale: 'ja', outbound });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(checkBlockKit(m, 'message')).toEqual([]);
      expect(JSON.stringify(m.blocks).length).toBeLessThanOrEqual(11_000);
    }
  });

  it('escapes what the company wrote when showing it back', () => {
    const outbound: Outbound[] = [{ kind: 'review', items: [{ number: 1, questionId: 'company.name', section: 'company', value: '<!here> <@U1>', skipped: false }] }];
    const [m] = renderSlack(tr, { definition, locale: 'en', outbound });
    expect(JSON.stringify(m?.blocks)).toContain('&lt;!here&gt; &lt;@U1&gt;');
    expect(JSON.stringify(m?.blocks)).not.toContain('<!here>');
  });
});
