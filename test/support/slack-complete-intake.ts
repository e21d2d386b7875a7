import type { SlackHarness } from './slack-harness.js';
import { slackUser } from './slack-user.js';

/** Drives a whole intake in a DM: greets, then answers every question from `answers` ("no" to "add another?"). */
export async function completeSlackIntake(h: Pick<SlackHarness, 'post' | 'standin'>, user: string, answers: Record<string, string | string[]>, greeting = 'こんにちは') {
  const u = slackUser(h, user);
  await u.say(greeting);
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    const { promptId } = u.controls();
    if (!promptId || seen[seen.length - 1] === promptId) break;
    seen.push(promptId);
    const key = promptId.includes('#more') && seen.filter((p) => p === promptId).length > 1 ? 'no' : promptId;
    const value = key === 'no' ? 'no' : (answers[promptId] ?? (promptId.endsWith('#more') ? 'no' : undefined));
    if (value === undefined) throw new Error(`no answer for ${promptId}`);
    await u.answer(value);
  }
  return { u, seen };
}
