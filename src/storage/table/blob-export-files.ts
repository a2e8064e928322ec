import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import type { ExportFileWriter, ExportFiles } from '../../ports/export-files';
import { statusOf } from './entities';

/**
 * Export files as block blobs in one private container: written as a stream (4 MiB blocks, committed on
 * close, so a half-written export is never readable), read back for any instance's download link, deleted
 * when the last link to them expires.
 */
export class BlobExportFiles implements ExportFiles {
  constructor(private readonly container: ContainerClient) {}

  create(): ExportFileWriter {
    const ref = `${randomBytes(12).toString('hex')}.csv`;
    const blob = this.container.getBlockBlobClient(ref);
    const body = new PassThrough();
    const uploaded = blob.uploadStream(body, 4 * 1024 * 1024, 2, {
      blobHTTPHeaders: { blobContentType: 'text/csv; charset=utf-8' },
    });
    uploaded.catch(() => undefined); // surfaced by close()
    return {
      ref,
      async write(text) {
        if (!body.write(text, 'utf8')) await Promise.race([once(body, 'drain'), uploaded]);
      },
      async close() {
        body.end();
        await uploaded;
      },
      async discard() {
        // Ended, then deleted: an upload whose stream is destroyed (or aborted) waits for the stream's end forever.
        body.end();
        await uploaded.catch(() => undefined);
        await blob.deleteIfExists();
      },
    };
  }

  /** store:migrate: a local export file under the given name, unless a blob of that name is there already. */
  async restore(ref: string, localPath: string): Promise<'created' | 'same'> {
    const blob = this.container.getBlockBlobClient(ref);
    if (await blob.exists()) return 'same';
    await blob.uploadFile(localPath, { blobHTTPHeaders: { blobContentType: 'text/csv; charset=utf-8' } });
    return 'created';
  }

  async exists(ref: string): Promise<boolean> {
    return this.container.getBlockBlobClient(ref).exists();
  }

  async read(ref: string): Promise<Readable | undefined> {
    try {
      const res = await this.container.getBlockBlobClient(ref).download();
      return res.readableStreamBody as Readable | undefined;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async remove(ref: string): Promise<void> {
    await this.container.getBlockBlobClient(ref).deleteIfExists();
  }
}
