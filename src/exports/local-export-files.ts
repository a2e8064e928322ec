import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ExportFileWriter, ExportFiles } from '../ports/export-files';

/** Export files in a directory on this machine (DATA_DIR/exports), readable only by the bot's user. */
export class LocalExportFiles implements ExportFiles {
  constructor(readonly dir: string) {}

  create(): ExportFileWriter {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${randomBytes(12).toString('hex')}.csv`);
    const stream = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
    stream.on('error', () => undefined); // surfaced by close()
    return {
      ref: path,
      async write(text) {
        if (!stream.write(text)) await once(stream, 'drain');
      },
      async close() {
        stream.end();
        await once(stream, 'finish');
      },
      async discard() {
        stream.destroy();
        rmSync(path, { force: true });
      },
    };
  }

  async exists(ref: string): Promise<boolean> {
    return existsSync(ref);
  }

  async read(ref: string): Promise<Readable | undefined> {
    return existsSync(ref) ? createReadStream(ref) : undefined;
  }

  async remove(ref: string): Promise<void> {
    rmSync(ref, { force: true });
  }
}
