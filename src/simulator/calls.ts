export interface RecordedCall {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  hasAuthorization: boolean;
  viaBatch: boolean;
  body?: unknown;
}

/** Every Graph request the simulator answered, in order; $batch items appear individually. */
export class CallLog extends Array<RecordedCall> {
  static override get [Symbol.species]() {
    return Array;
  }

  record(call: RecordedCall): void {
    this.push(call);
  }

  clear(): void {
    this.length = 0;
  }
}
