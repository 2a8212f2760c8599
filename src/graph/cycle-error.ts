/**
 * A dependency cycle, named as the whole path back to its start: `a -> b -> c -> a`, each node
 * with its label (the model's file, when the graph knows it).
 */
export class CycleError extends Error {
  constructor(
    /** Node ids, first and last equal. */
    readonly path: string[],
    label: (id: string) => string = (id) => id,
  ) {
    const described = path.map(label);
    super(
      `Dependency cycle: ${path.join(' -> ')}. Nothing in a cycle can be built first.\n` +
        `  ${described.join('\n  -> ')}\n` +
        'Remove one of these references (ref/source) so the dependencies go one way.',
    );
    this.name = 'CycleError';
  }
}
