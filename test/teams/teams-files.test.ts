import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { cardOf, teamsUser, textsOf } from '../support/teams-user.js';
import { messageActivity, type TeamsPerson } from '../support/teams-activities.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});

const person = (n: number, locale = 'ja-JP'): TeamsPerson => ({ aad: `15300000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `File ${n}`, locale });

const file = { contentType: 'application/vnd.microsoft.teams.file.download.info', name: '会社案内.pdf', contentUrl: 'https://contoso.sharepoint.com/x.pdf', content: { downloadUrl: 'https://download.example/x', uniqueId: 'u1', fileType: 'pdf' } };
const image = { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/apac/v3/attachments/0-abc/views/original' };
const htmlCopy = (html: string) => ({ contentType: 'text/html', content: html });

describe('Teams: a file or a picture with no text', () => {
  it('gets a polite "text only" reply, in the person\'s language, and nothing is stored', async () => {
    const p = person(1);
    const u = teamsUser(h, p);
    await u.say('start');
    const who = await h.env.services.repo.findPerson('teams', p.aad);
    const before = await h.env.services.repo.latestIntake(who?.id ?? '');
    const messages = [
      messageActivity(h.standin.url, p, '', { attachments: [file] }),
      messageActivity(h.standin.url, p, '', { attachments: [image] }),
      messageActivity(h.standin.url, p, '<p><img src="https://smba.trafficmanager.net/x" alt="image"></p>', { textFormat: 'xml', attachments: [htmlCopy('<p><img src="x"></p>')] }),
    ];
    for (const m of messages) {
      const count = u.posted().length;
      expect((await h.post(m)).status).toBe(200);
      const replies = u.posted().slice(count).flatMap((x) => textsOf(cardOf(x.activity)));
      expect(replies).toEqual(['申し訳ありません、画像やファイルは読み取れません。回答は文字で入力するか、質問カードのボタンからお選びください。']);
    }
    const after = await h.env.services.repo.latestIntake(who?.id ?? '');
    expect(after?.state).toEqual(before?.state);
    expect(after?.version).toBe(before?.version);
    expect(await h.env.services.repo.answerHistory(after?.id ?? '')).toEqual([]);
    expect(u.current().promptId).toBe('company.name');
  });

  it('in English for an English chat, and words sent with the HTML copy Teams adds are answered as usual', async () => {
    const p = person(2, 'en-US');
    const u = teamsUser(h, p);
    await u.say('start');
    const count = u.posted().length;
    await h.post(messageActivity(h.standin.url, p, '', { attachments: [file] }));
    expect(u.posted().slice(count).flatMap((x) => textsOf(cardOf(x.activity))).join('\n')).toContain('I can read text only');
    await h.post(messageActivity(h.standin.url, p, 'Sakura Foods', { attachments: [htmlCopy('<p>Sakura Foods</p>')] }));
    expect(u.current().promptId).toBe('company.prefecture');
  });
});
