/**
 * Work acknowledged to Teams but not yet done, run one after another per conversation so that
 * replies keep their order and a double click is judged against the state the first click
 * left. Ordering only: correctness across replicas rests on the repositories' compare-and-set.
 */
export class TurnQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  /** `onError` hears of a job that threw anyway, so one failure never stops the jobs queued behind it. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Queues `job` behind earlier work of the same key; `job` handles its own errors. */
  run(key: string, job: () => Promise<void>): void {
    void this.enqueue(key, job);
  }

  /** As `run`, for a caller that waits for its job (Slack's handler, which Bolt's middleware awaits). */
  enqueue(key: string, job: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(job).catch((err: unknown) => this.onError(err));
    this.tails.set(key, next);
    this.running.add(next);
    void next.finally(() => {
      this.running.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once everything queued so far, and anything it queued in turn, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
