import { GraphFailure } from '../../../src/domain/errors';
import { describeFailure } from '../../../src/graph/graph-gateway';

/**
 * Which capabilities of a fake fail, and how: as the gateway fails after its retries, with a GraphFailure
 * carrying the very sentence a user would read. `parts` names what each capability reads, for that sentence.
 */
export class GraphFailures<C extends string> {
  private readonly failing = new Map<C, GraphFailure>();

  constructor(private readonly parts: Record<C, string>) {}

  /** From now on `capability` throws (status undefined: Graph never answered). Returns what it throws. */
  fail(capability: C, status: number | undefined): GraphFailure {
    const part = this.parts[capability];
    const [code, sentence] = describeFailure(status, part);
    const failure = new GraphFailure(code, part, status, undefined, sentence);
    this.failing.set(capability, failure);
    return failure;
  }

  /** `capability` answers again. */
  heal(capability: C): void {
    this.failing.delete(capability);
  }

  throwIfFailing(capability: C): void {
    const failure = this.failing.get(capability);
    if (failure) throw failure;
  }
}

/** Ids that read like the real thing (GUIDs) and say where they came from: f4ce… is a fake's. */
export function fakeId(kind: number, n: number): string {
  return `f4ce0000-0000-4000-${(0x8000 + kind).toString(16)}-${n.toString(16).padStart(12, '0')}`;
}
