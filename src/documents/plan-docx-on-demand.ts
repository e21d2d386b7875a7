import type { PlanDocument } from '../core/plan/plan-document.js';

/**
 * The `docx` package costs about 80 ms to load; every process (each CLI command, the server's
 * start-up) would pay it although only a completed intake or a PM's download needs a Word file.
 */
export async function planDocxBuffer(doc: PlanDocument): Promise<Buffer> {
  return (await import('./plan-docx.js')).planDocxBuffer(doc);
}
