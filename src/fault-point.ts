import { z } from 'zod';

/**
 * Named places in a chat turn where a test can make the process die abruptly, to prove what
 * survives a crash there (test/faults/crash-points.test.ts) instead of hoping a kill lands
 * at the right moment. Test-only: RENKEI_FAULT_CRASH_AT=<point>[:<n>] kills the process with
 * SIGKILL the n-th time (default the first) it reaches that point; unset, every call is a no-op.
 */
export const faultPoints = ['before-commit', 'after-commit-before-reply', 'after-reply'] as const;
export type FaultPointName = (typeof faultPoints)[number];

const specSchema = z
  .string()
  .regex(/^[a-z-]+(:[1-9][0-9]*)?$/)
  .transform((s) => {
    const [point, nth] = s.split(':');
    return { point: z.enum(faultPoints).parse(point), nth: nth ? Number(nth) : 1 };
  });

let spec: { point: FaultPointName; nth: number } | null | undefined;
let reached = 0;

export async function faultPoint(name: FaultPointName): Promise<void> {
  if (spec === undefined) {
    const raw = process.env.RENKEI_FAULT_CRASH_AT;
    spec = raw ? specSchema.parse(raw) : null;
  }
  if (!spec || spec.point !== name) return;
  reached += 1;
  if (reached < spec.nth) return;
  // Abrupt on purpose: no exit handlers, no flush, no graceful close, like a power cut or an OOM kill.
  process.kill(process.pid, 'SIGKILL');
  await new Promise<never>(() => undefined);
}
