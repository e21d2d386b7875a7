import { describe, expect, it } from 'vitest';
import { cardBytes, MAX_CARD_BYTES, neutralizeMarkdown, splitText, textCards } from './card-kit.js';
import { textInput } from './teams-activity.js';
import { withoutMentions } from './teams-text.js';

describe('card text', () => {
  it('makes Markdown in any text inert with backslash escapes, and escapes "&" only where it would start an entity', () => {
    expect(neutralizeMarkdown('[公式サイト](https://evil.example)')).toBe('\\[公式サイト\\](https://evil.example)');
    expect(neutralizeMarkdown('*x* _y_ `z` ~~s~~ a\\b')).toBe('\\*x\\* \\_y\\_ \\`z\\` \\~\\~s\\~\\~ a\\\\b');
    expect(neutralizeMarkdown('A&B <新方式> 〒100-0001')).toBe('A&B <新方式> 〒100-0001');
    expect(neutralizeMarkdown('&amp; &#12354;')).toBe('\\&amp; \\&#12354;');
  });

  it('splits long text at line breaks, and very long lines by characters, never inside a surrogate pair', () => {
    expect(splitText('a\nb\nc', 3)).toEqual(['a\nb', 'c']);
    const emoji = '😀'.repeat(5);
    expect(splitText(emoji, 2)).toEqual(['😀😀', '😀😀', '😀']);
    expect(splitText('')).toEqual(['']);
  });

  it('spreads text over as many cards as needed, each under the byte budget', () => {
    const cards = textCards('漢字のテキスト。\n'.repeat(8000));
    expect(cards.length).toBeGreaterThan(3);
    for (const c of cards) expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});

describe('chat text', () => {
  it('drops the bot mention and maps the command list words that open the consultation', () => {
    expect(withoutMentions('<at>Renkei</at> help')).toBe('help');
    expect(textInput('start')).toEqual({ kind: 'start' });
    expect(textInput('／再開')).toEqual({ kind: 'start' });
    expect(textInput('<at>Renkei</at> Resume')).toEqual({ kind: 'start' });
    expect(textInput('review')).toEqual({ kind: 'text', text: 'review' });
    expect(textInput('株式会社スタート')).toEqual({ kind: 'text', text: '株式会社スタート' });
  });
});
