import type { AfterCompletion } from './handle-inbound.js';
import type { IntakeServices } from './intake-services.js';
import { completeIntake } from './complete-intake.js';
import { relaySmeAnswer } from './relay-sme-answer.js';
import { deletePersonData } from './delete-person-data.js';

export function afterCompletion(services: () => IntakeServices): AfterCompletion {
  return {
    complete: async (intake, definition) => [(await completeIntake(services(), intake, definition)).summary],
    isPending: async (intake) => (await services().handoffs.getAssessment(intake.id)) === null,
    relay: (intake, text) => relaySmeAnswer(services(), intake, text),
    forget: async (personId, channel) => {
      await deletePersonData(services(), { personId }, { kind: 'self' }, channel);
    },
  };
}
