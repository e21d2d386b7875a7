import { describe, expect, it } from 'vitest';
import { fallbackText } from './fallback-text.js';

describe('fallbackText', () => {
  it('escapes &, < and > once, so no control sequence of user text survives', () => {
    expect(fallbackText('新しい引き継ぎ: <!channel> <@U123> <#C1> <https://evil|click> A&B')).toBe('新しい引き継ぎ: &lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://evil|click&gt; A&amp;B');
  });

  it('truncates before escaping, so a cut never splits an entity', () => {
    const text = fallbackText('&'.repeat(5000));
    expect(text.endsWith('&amp;…')).toBe(true);
    expect(text.replace(/&amp;/g, '')).toBe('…');
  });
});
