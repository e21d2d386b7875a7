import { describe, expect, it } from 'vitest';
import { decodeSlackText } from './decode-slack-text.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';

describe('decodeSlackText', () => {
  it('undoes exactly Slack\'s three entities, once', () => {
    expect(decodeSlackText('A&amp;B &lt;新方式&gt;')).toBe('A&B <新方式>');
    // A person who typed an entity literally gets it back as typed.
    expect(decodeSlackText('&amp;lt;')).toBe('&lt;');
    expect(decodeSlackText('&quot; &#39; &nbsp;')).toBe('&quot; &#39; &nbsp;');
  });

  it('is the inverse of the outbound escaping', () => {
    const typed = 'A&B <新方式> *x* <!channel> _y_ `z` 〒100-0001 &amp;';
    expect(decodeSlackText(escapeMrkdwn(typed))).toBe(typed);
  });
});
