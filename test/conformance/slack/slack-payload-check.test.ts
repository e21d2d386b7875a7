import { describe, expect, it } from 'vitest';
import { escapingProblems, recordedCallProblems, slackPayloadProblems } from './slack-payload-check.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the Slack conformance check', () => {
  it('accepts what the app means to send', () => {
    expect(slackPayloadProblems({ text: 'A&amp;B &lt;新方式&gt;', blocks: [section('*A&amp;B* &lt;新方式&gt;\n> quoted &lt;x&gt;')] }, 'message')).toEqual([]);
    const button = { type: 'button', action_id: 'cmd_resume', style: 'primary', text: { type: 'plain_text', text: 'R&D', emoji: true }, value: 'resume' };
    expect(slackPayloadProblems({ text: 'x', blocks: [{ type: 'actions', block_id: 'paused', elements: [button] }] }, 'message')).toEqual([]);
    expect(slackPayloadProblems({ type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Renkei' } }] }, 'home')).toEqual([]);
  });

  it('finds text escaped twice, live control sequences and bare ampersands, in blocks and in the fallback', () => {
    expect(escapingProblems('t', 'A&amp;amp;B')[0]).toContain('escaped twice');
    for (const live of ['<!channel>', '<@U123>', '<#C1>', '<https://evil|click>']) expect(escapingProblems('t', `新しい引き継ぎ: ${live}`)[0]).toContain('raw < or >');
    expect(escapingProblems('t', 'A&B')[0]).toContain('bare &');
    expect(slackPayloadProblems({ text: '<!channel>', blocks: [section('ok')] }, 'message')[0]).toMatch(/^text: raw/);
    expect(slackPayloadProblems({ text: 'ok', blocks: [section('✔ 研究&amp;amp;開発')] }, 'message')[0]).toMatch(/^blocks\[0\]\.text: escaped twice/);
  });

  it('finds fields and types @slack/types does not know, text objects of the wrong kind, and Slack\'s limits', () => {
    expect(slackPayloadProblems({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, colour: 'red' }] }, 'message')).toEqual(['blocks[0]: section has no field "colour" in @slack/types']);
    expect(slackPayloadProblems({ text: 'x', blocks: [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'x' } }] }, 'message').join('\n')).toContain('"sectoin" is not a Block Kit type');
    expect(slackPayloadProblems({ text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] }, 'message').join('\n')).toContain('must be plain_text');
    expect(slackPayloadProblems({ text: 'x', blocks: [section('あ'.repeat(3001))] }, 'message').join('\n')).toContain('the limit is 3000');
    expect(slackPayloadProblems({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [], submit_label: 'x' }, 'modal').join('\n')).toContain('no field "submit_label"');
  });

  it('reads recorded Web API calls and response_url posts as the surfaces they are', () => {
    const calls = [
      { method: 'chat.postMessage', args: { channel: 'D1', text: 'A&B', blocks: [section('ok')] } },
      { method: 'response_url', args: { response_type: 'ephemeral', text: '<@U1>' } },
      { method: 'views.publish', args: { user_id: 'U1', view: { type: 'home', blocks: [section('&amp;lt;')] } } },
      { method: 'users.info', args: { user: 'U1' } },
    ];
    const problems = recordedCallProblems(calls);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^call 0 chat.postMessage: text: a bare &/);
    expect(problems[1]).toMatch(/^call 1 response_url: text: raw/);
    expect(problems[2]).toMatch(/^call 2 views.publish: blocks\[0\]\.text: escaped twice/);
  });
});
