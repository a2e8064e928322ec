import type { Readable } from 'node:stream';

/** One export being written: text goes out as it comes (back-pressure honoured), visible once closed. */
export interface ExportFileWriter {
  /** Names the file for read/remove (a path on disk, a blob name); kept in the export link. */
  readonly ref: string;
  write(text: string): Promise<void>;
  close(): Promise<void>;
  /** A failed run leaves nothing behind. */
  discard(): Promise<void>;
}

/**
 * Where audit exports live until their links expire: local disk for one instance (SQLite), a blob
 * container when instances share Azure Storage, so a link minted on one downloads from any.
 */
export interface ExportFiles {
  create(): ExportFileWriter;
  exists(ref: string): Promise<boolean>;
  /** The file's bytes, or undefined when it is gone. */
  read(ref: string): Promise<Readable | undefined>;
  /** Safe for a file already gone. */
  remove(ref: string): Promise<void>;
}
