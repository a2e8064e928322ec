import type { ExportFileWriter } from '../ports/export-files';
import { csvLine, UTF8_BOM, type CsvValue } from './csv';

/** Writes CSV rows to an export file as they come, honouring back-pressure, so a 100k-row export never sits in memory. */
export class CsvFile {
  rows = 0;
  private started: Promise<void>;

  constructor(
    private readonly file: ExportFileWriter,
    header: string[],
  ) {
    this.started = file.write(UTF8_BOM + csvLine(header));
  }

  /** What the export link points at. */
  get path(): string {
    return this.file.ref;
  }

  async write(cells: CsvValue[]): Promise<void> {
    await this.started;
    this.rows++;
    await this.file.write(csvLine(cells));
  }

  async close(): Promise<void> {
    await this.started;
    await this.file.close();
  }

  /** A failed run leaves nothing behind. */
  async discard(): Promise<void> {
    await this.started.catch(() => undefined);
    await this.file.discard();
  }
}
