import type { Migration } from '../run-migrations';
import { foundation } from './001-foundation';
import { serviceHealth } from './002-service-health';
import { tapRequests } from './003-tap-requests';
import { people } from './004-people';
import { exportLinks } from './005-export-links';
import { deliveryBackoff } from './006-delivery-backoff';
import { oneOpenTapRequest } from './007-one-open-tap-request';
import { outbox } from './008-outbox';
import { enqueuedProgress } from './009-enqueued-progress';
import { snapshots } from './010-snapshots';
import { instances } from './011-instances';
import { heldTapRequests } from './012-held-tap-requests';
import { notifyCampaigns } from './013-notify-campaigns';

/** Applied in this order, each once, recorded by id. Append new files; never edit an applied one. */
export const MIGRATIONS: Migration[] = [
  foundation,
  serviceHealth,
  tapRequests,
  people,
  exportLinks,
  deliveryBackoff,
  oneOpenTapRequest,
  outbox,
  enqueuedProgress,
  snapshots,
  instances,
  heldTapRequests,
  notifyCampaigns,
];
