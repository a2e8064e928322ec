import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvLine, UTF8_BOM, type CsvValue } from './csv';

/** Writes CSV rows to disk as they come, honouring back-pressure, so a 100k-row export never sits in memory. */
export class CsvFile {
  private readonly stream: WriteStream;
  rows = 0;

  constructor(
    readonly path: string,
    header: string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
    this.stream.on('error', () => undefined); // surfaced by close()
    this.stream.write(UTF8_BOM + csvLine(header));
  }

  async write(cells: CsvValue[]): Promise<void> {
    this.rows++;
    if (!this.stream.write(csvLine(cells))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }

  /** A failed run leaves nothing behind. */
  discard(): void {
    this.stream.destroy();
    rmSync(this.path, { force: true });
  }
}
