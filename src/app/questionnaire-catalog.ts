import type { QuestionnaireDefinition } from '../core/questionnaire/definition.js';

export interface QuestionnaireCatalog {
  latest: QuestionnaireDefinition;
  get(version: string): QuestionnaireDefinition | undefined;
  versions: string[];
}
