import { WorkerList, type BackgroundWorker } from '../../src/background/worker-list';
import { createLogger } from '../../src/logger';

describe('the background workers as one list', () => {
  const log: string[] = [];
  const worker = (name: string, failStop = false): BackgroundWorker => ({
    name,
    start: async () => {
      await Promise.resolve();
      log.push(`start ${name}`);
    },
    stop: async () => {
      await Promise.resolve();
      log.push(`stop ${name}`);
      if (failStop) throw new Error(`${name} would not stop`);
    },
  });
  beforeEach(() => (log.length = 0));

  it('starts in order, each start awaited, and stops in reverse', async () => {
    const list = new WorkerList([worker('heartbeat'), worker('poller'), worker('outbox')], createLogger('silent'));
    await list.start();
    await list.stop();
    expect(log).toEqual(['start heartbeat', 'start poller', 'start outbox', 'stop outbox', 'stop poller', 'stop heartbeat']);
  });

  it('waits for each stop before the next, and still stops the rest when one fails (logged)', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
    let release: () => void = () => undefined;
    const slow: BackgroundWorker = {
      name: 'slow',
      start: () => undefined,
      stop: () => new Promise<void>((r) => (release = r)).then(() => void log.push('stop slow')),
    };
    const list = new WorkerList([worker('first'), worker('broken', true), slow], logger);
    const stopped = list.stop();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual([]);
    release();
    await stopped;
    expect(log).toEqual(['stop slow', 'stop broken', 'stop first']);
    expect(lines.join('')).toContain('broken');
  });
});
