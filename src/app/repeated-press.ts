import type { ChannelId } from '../core/intake.js';
import type { EngineInput } from '../core/questionnaire/advance.js';
import { isRepeatedPress } from '../core/questionnaire/repeated-press.js';
import { buildEngineContext } from './engine-context.js';
import { rebaseState } from '../core/questionnaire/rebase-state.js';
import type { HandleInboundDeps } from './turn-types.js';

/**
 * A button press that repeats an answer already taken (the second of a double click, judged
 * after the first, which the channel's per-conversation queue has run to the end): the channel
 * acknowledges it and does nothing else — no second question, no rewritten card.
 */
export async function repeatedPress(deps: Pick<HandleInboundDeps, 'repo' | 'questionnaires' | 'translator'>, channel: ChannelId, userId: string, input: EngineInput): Promise<boolean> {
  if (input.kind !== 'answer') return false;
  const person = await deps.repo.findPerson(channel, userId);
  const intake = person ? await deps.repo.latestIntake(person.id) : null;
  if (!intake) return false;
  const pinned = deps.questionnaires.get(intake.questionnaireVersion);
  const def = pinned ?? deps.questionnaires.latest;
  return isRepeatedPress(def, pinned ? intake.state : rebaseState(def, intake.state), input, buildEngineContext(def, deps.translator));
}
