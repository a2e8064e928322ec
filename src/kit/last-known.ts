import { createHash } from 'node:crypto';
import { withBanner } from './card-parts';
import { card, type AdaptiveCard, type Reply } from '../core/reply';
import { GraphFailure } from '../domain/errors';
import { messages } from './messages';
import type { SnapshotKind } from '../ports/snapshot-store';
import type { Services } from '../services';

/** What was last shown, kept exactly as shown: the card, nothing more (it is personal data, and expires). */
interface KeptCard {
  card: AdaptiveCard;
  summary: string;
}

/** A card shown again unchanged within this long is not written again. */
const REWRITE_AFTER_MS = 10 * 60_000;
const written = new WeakMap<object, Map<string, { hash: string; at: number }>>();

/** Graph failing or throttling past waiting: the moments a last-known answer beats a sentence. */
export function isGraphDown(e: unknown): e is GraphFailure {
  return e instanceof GraphFailure && (e.code === 'GRAPH_UNAVAILABLE' || e.code === 'GRAPH_THROTTLED');
}

/** Keeps `reply`'s card under each key (ids, sign-in names, names) for LAST_KNOWN_HOURS. */
export async function keepCard(services: Services, kind: SnapshotKind, keys: string[], reply: Reply): Promise<void> {
  if (reply.kind !== 'card') return;
  const now = services.clock.now();
  const hash = createHash('sha256').update(JSON.stringify(reply.card)).digest('base64url');
  const seen = written.get(services.store.snapshots) ?? new Map<string, { hash: string; at: number }>();
  written.set(services.store.snapshots, seen);
  const id = `${kind}|${keys[0]}`;
  const last = seen.get(id);
  if (last && last.hash === hash && now - last.at < REWRITE_AFTER_MS) return;
  const value: KeptCard = { card: reply.card, summary: reply.summary };
  const expiresAt = now + services.config.LAST_KNOWN_HOURS * 3_600_000;
  try {
    await services.store.snapshots.put(
      kind,
      [...new Set(keys.map((k) => k.toLowerCase()).filter(Boolean))].map((key) => ({ key, value, at: now, expiresAt })),
    );
    seen.set(id, { hash, at: now });
  } catch (err) {
    services.logger.warn({ err }, 'could not keep the last answer for outages');
  }
}

/** The card last shown under `key`, with a banner saying Graph is failing and how old it is. */
export async function lastKnownReply(services: Services, kind: SnapshotKind, key: string): Promise<Reply | undefined> {
  const now = services.clock.now();
  const kept = await services.store.snapshots.get<KeptCard>(kind, key.toLowerCase(), now).catch(() => undefined);
  if (!kept) return undefined;
  return card(withBanner(kept.value.card, messages.lastKnown(kept.at, now), 'warning'), kept.value.summary);
}

interface KeptScan extends KeptCard {
  csvPath?: string;
}

/** The last completed `audit` or `lockout`: its card (without the CSV part, which is per person) and its file. */
export async function keepScan(services: Services, key: 'audit' | 'lockout', kept: KeptScan): Promise<void> {
  const now = services.clock.now();
  await services.store.snapshots
    .put('scan', [{ key, value: kept, at: now, expiresAt: now + services.config.LAST_KNOWN_HOURS * 3_600_000 }])
    .catch((err: unknown) => services.logger.warn({ err }, 'could not keep the last scan for outages'));
}

/** That scan's card with the "Graph is failing; this is what I saw" banner, and where its CSV was. */
export async function lastKnownScan(
  services: Services,
  key: 'audit' | 'lockout',
): Promise<{ card: AdaptiveCard; summary: string; csvPath?: string; at: number } | undefined> {
  const now = services.clock.now();
  const kept = await services.store.snapshots.get<KeptScan>('scan', key, now).catch(() => undefined);
  if (!kept) return undefined;
  return { ...kept.value, card: withBanner(kept.value.card, messages.lastKnown(kept.at, now), 'warning'), at: kept.at };
}
