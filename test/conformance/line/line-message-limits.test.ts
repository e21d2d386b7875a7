import { describe, expect, it } from 'vitest';
import { lineRequestProblems } from './line-message-limits.js';
import { renderLine } from '../../../src/channels/line/render-line.js';
import { defaultCatalog, translator } from '../../support/harness.js';

const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'text', text: t, ...extra });
const item = (label: string, data = 'k=c&c=back') => ({ type: 'action', action: { type: 'postback', label, data, displayText: label } });

describe('the LINE payload-limit check', () => {
  it('accepts what LINE accepts', () => {
    expect(lineRequestProblems([text('こんにちは', { quickReply: { items: [item('戻る')] } })])).toEqual([]);
    expect(lineRequestProblems([text('あ'.repeat(5000))])).toEqual([]);
    // 20 characters as LINE counts them (an emoji is one), though 21 UTF-16 units.
    expect(lineRequestProblems([text('x', { quickReply: { items: [item(`${'あ'.repeat(19)}😀`)] } })])).toEqual([]);
  });

  it('finds each limit LINE enforces', () => {
    expect(lineRequestProblems([1, 2, 3, 4, 5, 6].map((n) => text(String(n))))).toEqual(['6 messages in one request (1–5)']);
    expect(lineRequestProblems([])).toEqual(['0 messages in one request (1–5)']);
    expect(lineRequestProblems([text('あ'.repeat(5001))])).toEqual(['message 1: text has 5001 characters (max 5000)']);
    expect(lineRequestProblems([text('')])).toEqual(['message 1: text is empty']);
    const fourteen = Array.from({ length: 14 }, (_, i) => item(String(i)));
    expect(lineRequestProblems([text('q', { quickReply: { items: fourteen } })])).toEqual(['message 1: quick reply has 14 items (1–13)']);
    expect(lineRequestProblems([text('q', { quickReply: { items: [item('あ'.repeat(21))] } })])[0]).toContain('label');
    expect(lineRequestProblems([text('q', { quickReply: { items: [item('ok', 'x'.repeat(301))] } })])[0]).toContain('postback data of 301 characters');
    const bubble = (n: number) => ({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'あ'.repeat(n) }] } });
    expect(lineRequestProblems([{ type: 'flex', altText: 'x', contents: bubble(11_000) }])[0]).toMatch(/bubble of \d+ bytes \(max 30720\)/);
    expect(lineRequestProblems([{ type: 'flex', altText: 'x', contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => bubble(1)) } }])).toEqual(['message 1: carousel of 13 bubbles (1–12)']);
    expect(lineRequestProblems([{ type: 'flex', altText: 'x', contents: { type: 'carousel', contents: Array.from({ length: 6 }, () => bubble(3000)) } }])[0]).toMatch(/carousel of \d+ bytes \(max 51200\)/);
    expect(lineRequestProblems([{ type: 'flex', altText: '', contents: bubble(1) }])).toEqual(['message 1: altText out of 1–1500 characters']);
    expect(lineRequestProblems([{ type: 'flex', altText: 'x', contents: { type: 'bubble', body: { type: 'box', layout: 'baseline', contents: [{ type: 'box', layout: 'vertical', contents: [] }] } } }])).toEqual([
      'message 1: bubble.body.0: box inside a baseline box',
    ]);
  });

  it('holds for the renderer on the longest review and question the questionnaire can produce', () => {
    const definition = defaultCatalog().latest;
    const long = 'と'.repeat(2000);
    const items = definition.questions.map((q, i) => ({ number: i + 1, questionId: q.id, section: q.section, value: q.type === 'group' ? undefined : long, skipped: false }));
    const messages = renderLine(translator, { definition, locale: 'ja', outbound: [{ kind: 'notice', key: 'notice.welcome' }, { kind: 'review', items }, { kind: 'help' }] });
    expect(messages.length).toBeLessThanOrEqual(5);
    expect(lineRequestProblems(messages)).toEqual([]);
  });
});
