import type { Migration } from '../run-migrations';
import { foundation } from './001-foundation';

/** Applied in this order, each once, recorded by id. Append new files; never edit an applied one. */
export const MIGRATIONS: Migration[] = [foundation];
