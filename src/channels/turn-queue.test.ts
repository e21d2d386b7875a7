import { describe, expect, it } from 'vitest';
import { TurnQueue } from './turn-queue.js';

describe('TurnQueue', () => {
  it('runs jobs of one conversation in order, others alongside, and keeps going after a failure', async () => {
    const errors: unknown[] = [];
    const q = new TurnQueue((err) => errors.push(err));
    const log: string[] = [];
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    q.run('a', async () => {
      await wait(30);
      log.push('a1');
    });
    q.run('a', async () => {
      throw new Error('boom');
    });
    q.run('a', async () => {
      log.push('a3');
      q.run('b', async () => void log.push('b2'));
    });
    q.run('b', async () => void log.push('b1'));
    await q.idle();
    expect(log).toEqual(['b1', 'a1', 'a3', 'b2']);
    expect(errors).toHaveLength(1);
  });
});
