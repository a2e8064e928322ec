import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import type { DownloadLinks } from './download-links';
import { downloadMessages } from './download-messages';

export interface DownloadRouteDeps {
  links: DownloadLinks;
  logger: Logger;
  /** Re-checked on every download: leaving the helpdesk group revokes links already handed out. */
  stillAllowed(ownerAadObjectId: string): Promise<boolean>;
}

const PLAIN = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/** GET /exports/:token: the CSV behind a link minted by `audit`, for its owner, while it lasts. */
export function registerDownloadRoute(server: Server, deps: DownloadRouteDeps): void {
  server.get('/exports/:token', async (req: Request, res: Response) => {
    const token = String((req.params as Record<string, string>)?.token ?? '');
    const found = await deps.links.redeem(token);
    if (found.kind === 'expired') return plain(res, 410, downloadMessages.downloadExpired());
    if (found.kind === 'unknown' || !(await deps.links.files.exists(found.entry.path)))
      return plain(res, 404, downloadMessages.downloadInvalid());
    let allowed: boolean;
    try {
      allowed = await deps.stillAllowed(found.entry.owner);
    } catch (err) {
      deps.logger.warn({ err }, 'download refused: the helpdesk group could not be checked');
      return plain(res, 503, downloadMessages.downloadCannotCheck());
    }
    if (!allowed) {
      deps.logger.info({ owner: found.entry.owner }, 'download refused: owner is no longer in the helpdesk group');
      return plain(res, 403, downloadMessages.downloadNotHelpdesk());
    }
    const body = await deps.links.files.read(found.entry.path);
    if (!body) return plain(res, 404, downloadMessages.downloadInvalid());
    res.writeHead(200, {
      ...PLAIN,
      'Content-Type': found.entry.filename.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${found.entry.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
    });
    await new Promise<void>((resolve) => {
      body.on('error', () => {
        res.end();
        resolve();
      });
      res.on('close', () => resolve());
      body.pipe(res);
    });
    deps.logger.info({ owner: found.entry.owner }, 'audit export downloaded');
  });
}

function plain(res: Response, status: number, message: string): void {
  res.writeHead(status, PLAIN);
  res.end(message);
}
