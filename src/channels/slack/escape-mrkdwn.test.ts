import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, quoteUserText } from './escape-mrkdwn.js';

/** Slack's control sequences: anything left between a raw `<` and `>` would be interpreted. */
const controlSequences = /<[^<>]*>/;

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> 至急', '&lt;!here&gt; 至急'],
    ['<!everyone>', '&lt;!everyone&gt;'],
    ['<@U123> さんへ', '&lt;@U123&gt; さんへ'],
    ['<#C123|general>', '&lt;#C123|general&gt;'],
    ['<!subteam^S123|@sales>', '&lt;!subteam^S123|@sales&gt;'],
    ['<https://evil.example/login|社内ポータル>', '&lt;https://evil.example/login|社内ポータル&gt;'],
    ['<mailto:ceo@example.com|連絡>', '&lt;mailto:ceo@example.com|連絡&gt;'],
    ['<!date^1392734382^{date}|Feb 18>', '&lt;!date^1392734382^{date}|Feb 18&gt;'],
  ])('neutralises %s', (hostile, escaped) => {
    expect(escapeMrkdwn(hostile)).toBe(escaped);
    expect(escapeMrkdwn(hostile)).not.toMatch(controlSequences);
  });

  it('escapes & first so that typed entities stay as typed', () => {
    expect(escapeMrkdwn('R&D')).toBe('R&amp;D');
    // Someone who literally types "&lt;!channel&gt;" must see exactly that, not a real mention.
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
    expect(escapeMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });

  it('leaves ordinary text, Japanese and emoji, and formatting characters alone', () => {
    const text = '売上は*前年比120%*、_海外_は~未定~です `code` 🎉 :tada:';
    expect(escapeMrkdwn(text)).toBe(text);
    expect(escapeMrkdwn('')).toBe('');
  });

  it('handles a long hostile answer in one pass', () => {
    const hostile = '<!channel>'.repeat(1000);
    const escaped = escapeMrkdwn(hostile);
    expect(escaped).not.toContain('<');
    expect(escaped).not.toContain('>');
    expect(escaped.length).toBe(hostile.length + 1000 * 6);
  });
});

describe('quoteUserText', () => {
  it('prefixes every line and escapes control characters', () => {
    expect(quoteUserText('一行目\n<!channel> 二行目')).toBe('> 一行目\n> &lt;!channel&gt; 二行目');
  });

  it('normalises Windows and old Mac line endings', () => {
    expect(quoteUserText('a\r\nb\rc')).toBe('> a\n> b\n> c');
  });

  it('keeps blank lines inside the quote', () => {
    expect(quoteUserText('段落1\n\n段落2')).toBe('> 段落1\n>\n> 段落2');
  });

  it('stops an answer from opening its own quote or breaking out of ours', () => {
    const quoted = quoteUserText('ok\n>>> everything after me is quoted\n> fake reply from <@U999>');
    expect(quoted).toBe('> ok\n> &gt;&gt;&gt; everything after me is quoted\n> &gt; fake reply from &lt;@U999&gt;');
    for (const line of quoted.split('\n')) expect(line).toMatch(/^>( |$)/);
    expect(quoted).not.toMatch(controlSequences);
  });

  it('quotes an empty answer as one empty quote line', () => {
    expect(quoteUserText('')).toBe('>');
  });
});
