/**
 * Counts the SQL statements the Prisma client hands its driver adapter, inside transactions
 * too, so a test can hold a use case to a number of statements (a sweep over idle intakes, a
 * turn) and a regression shows as a changed count. Wraps any driver adapter factory: it
 * watches the adapter's two statement methods and passes everything else through.
 */
export class StatementCounter {
  count = 0;
  /** The statements since the last reset, for a failing test to show. */
  readonly statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  /** How many statements `fn` makes. */
  async around(fn: () => Promise<unknown>): Promise<number> {
    const before = this.count;
    await fn();
    return this.count - before;
  }

  wrap<T extends object>(factory: T): T {
    const seen = (args: unknown[]) => {
      this.count += 1;
      const q = args[0];
      this.statements.push(typeof q === 'object' && q !== null && 'sql' in q && typeof q.sql === 'string' ? q.sql : '?');
    };
    const counting = new Set(['queryRaw', 'executeRaw']);
    const watch = <U extends object>(target: U, then: Record<string, (result: unknown) => unknown>): U =>
      new Proxy(target, {
        get(t, prop, receiver) {
          const value: unknown = Reflect.get(t, prop, receiver);
          if (typeof value !== 'function' || typeof prop !== 'string') return value;
          const after = then[prop];
          // Called on the target, not the proxy: the adapters keep state in private fields.
          if (!counting.has(prop) && !after) return (...args: unknown[]): unknown => Reflect.apply(value, t, args);
          return async (...args: unknown[]) => {
            if (counting.has(prop)) seen(args);
            const result: unknown = await Reflect.apply(value, t, args);
            return after ? after(result) : result;
          };
        },
      });
    const transaction = (tx: unknown) => (typeof tx === 'object' && tx !== null ? watch(tx, {}) : tx);
    const adapter = (a: unknown) => (typeof a === 'object' && a !== null ? watch(a, { startTransaction: transaction }) : a);
    return watch(factory, { connect: adapter });
  }
}
